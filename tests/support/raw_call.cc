#include "tests/support/raw_call.h"

#include <chrono>
#include <vector>

#include <grpcpp/generic/generic_stub.h>

#include "absl/synchronization/notification.h"

namespace mesoclinic::testing {

RawResponse RawUnaryCall(const std::shared_ptr<grpc::Channel>& channel,
                         const std::string& method,
                         const std::string& request_bytes,
                         grpc::ClientContext* context) {
  grpc::ClientContext default_context;
  if (context == nullptr) {
    default_context.set_deadline(std::chrono::system_clock::now() +
                                 std::chrono::seconds(10));
    context = &default_context;
  }
  grpc::GenericStub stub(channel);
  grpc::Slice slice(request_bytes);
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  RawResponse result;
  absl::Notification done;
  stub.UnaryCall(context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) {
                   result.status = std::move(status);
                   done.Notify();
                 });
  done.WaitForNotification();
  std::vector<grpc::Slice> slices;
  if (result.status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& part : slices) {
      result.bytes.append(reinterpret_cast<const char*>(part.begin()),
                          part.size());
    }
  }
  return result;
}

}  // namespace mesoclinic::testing

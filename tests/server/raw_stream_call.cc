#include "tests/server/raw_stream_call.h"

#include <chrono>

#include <grpcpp/generic/generic_stub.h>

namespace mesoclinic::testing {

RawResponse RawServerStreamCall(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& method,
                                const std::string& request_bytes,
                                int deadline_seconds) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(deadline_seconds));
  grpc::CompletionQueue queue;
  // The generic stub's only streaming call is bidirectional: write the one
  // request, close the writing side, then read.
  auto call = stub.PrepareCall(&context, method, &queue);
  void* tag = nullptr;
  bool ok = false;
  const auto step = [&](int step_tag) {
    return queue.Next(&tag, &ok) && tag == reinterpret_cast<void*>(step_tag) &&
           ok;
  };
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer first;
  call->StartCall(reinterpret_cast<void*>(1));
  bool open = step(1);
  if (open) {
    call->Write(request, reinterpret_cast<void*>(2));
    open = step(2);
  }
  if (open) {
    call->WritesDone(reinterpret_cast<void*>(3));
    open = step(3);
  }
  bool got_message = false;
  if (open) {
    call->Read(&first, reinterpret_cast<void*>(4));
    got_message = step(4);
  }
  if (got_message) context.TryCancel();
  RawResponse response;
  call->Finish(&response.status, reinterpret_cast<void*>(5));
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  // Cancelled by us: the stream was accepted.
  if (got_message) response.status = grpc::Status::OK;
  return response;
}

}  // namespace mesoclinic::testing

#ifndef MESOCLINIC_CORE_SERVER_CALL_RUNNER_H_
#define MESOCLINIC_CORE_SERVER_CALL_RUNNER_H_

// How every unary RPC of every service runs. Services hand over only their
// business logic, as typed handlers; the runner does the rest, the same way
// for every call: decoding the request (with clear errors for bytes that do
// not parse), request ids and idempotency, the storage transaction,
// deadlines, the gRPC status, and the log line of a failed call.

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/storage/store.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

// Who is calling, and when: what the business logic may need to know about
// the call besides the request.
struct CallContext {
  // The full method name, "/clinic.v1.PatientService/GetPatient".
  std::string method;
  // The authenticated caller; empty for anonymous calls.
  std::string caller_id;
  // The time the call started, which every timestamp the call writes uses.
  absl::Time now;
};

grpc::Status ToGrpcStatus(const absl::Status& status);

// Business logic of one method: reads `request`, fills `response`, using the
// repositories of one transaction.
template <typename Request, typename Response>
using UnaryHandler =
    std::function<absl::Status(const Request& request, Response& response,
                               storage::Transaction& transaction,
                               const CallContext& call)>;

class CallRunner {
 public:
  using ErasedHandler = UnaryHandler<google::protobuf::Message,
                                     google::protobuf::Message>;

  explicit CallRunner(storage::Store& store) : store_(store) {}

  // Runs a read-only method: `handler` runs in a read snapshot on the
  // calling thread.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Read(grpc::CallbackServerContext* context,
                                 absl::string_view method,
                                 const grpc::ByteBuffer* request_bytes,
                                 grpc::ByteBuffer* response_bytes,
                                 const UnaryHandler<Request, Response>& handler) {
    return RunRead(context, method, request_bytes, response_bytes,
                   std::make_unique<Request>(), std::make_unique<Response>(),
                   Erase(handler));
  }

  // Runs a method that changes data: `handler` runs in a write transaction,
  // and the call is answered once that transaction has committed. The
  // request's `request_id` field is required; when the caller already made
  // this change with this request_id, the first response is returned and
  // `handler` does not run; the same request_id with a different request is
  // ALREADY_EXISTS.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Write(grpc::CallbackServerContext* context,
                                  absl::string_view method,
                                  const grpc::ByteBuffer* request_bytes,
                                  grpc::ByteBuffer* response_bytes,
                                  const UnaryHandler<Request, Response>& handler) {
    return RunWrite(context, method, request_bytes, response_bytes,
                    std::make_unique<Request>(), std::make_unique<Response>(),
                    Erase(handler));
  }

 private:
  struct Call;

  template <typename Request, typename Response>
  static ErasedHandler Erase(const UnaryHandler<Request, Response>& handler) {
    return [&handler](const google::protobuf::Message& request,
                      google::protobuf::Message& response,
                      storage::Transaction& transaction,
                      const CallContext& call) {
      return handler(static_cast<const Request&>(request),
                     static_cast<Response&>(response), transaction, call);
    };
  }

  grpc::ServerUnaryReactor* RunRead(
      grpc::CallbackServerContext* context, absl::string_view method,
      const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
      std::unique_ptr<google::protobuf::Message> request,
      std::unique_ptr<google::protobuf::Message> response,
      ErasedHandler handler);
  grpc::ServerUnaryReactor* RunWrite(
      grpc::CallbackServerContext* context, absl::string_view method,
      const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
      std::unique_ptr<google::protobuf::Message> request,
      std::unique_ptr<google::protobuf::Message> response,
      ErasedHandler handler);

  // Decodes the request and identifies the caller; on failure finishes the
  // call and returns null.
  std::unique_ptr<Call> StartCall(
      grpc::CallbackServerContext* context, absl::string_view method,
      const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
      std::unique_ptr<google::protobuf::Message> request,
      std::unique_ptr<google::protobuf::Message> response);

  // Sends the response (when `status` is OK) or `status`, and logs the call
  // when it failed.
  static void Finish(const Call& call, const absl::Status& status);

  storage::Store& store_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_CALL_RUNNER_H_

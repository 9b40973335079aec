#ifndef MESOCLINIC_CORE_SERVER_CALL_RUNNER_H_
#define MESOCLINIC_CORE_SERVER_CALL_RUNNER_H_

// How every unary RPC of every service runs: the services hand over the
// business logic, and the runner does the rest the same way each time:
// request-id checks and idempotency, the storage transaction, deadlines,
// the gRPC status, and the log line of a failed call.

#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
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

class CallRunner {
 public:
  using ReadBody =
      absl::FunctionRef<absl::Status(storage::Transaction&, const CallContext&)>;
  using WriteBody = absl::AnyInvocable<absl::Status(storage::Transaction&,
                                                    const CallContext&)>;

  explicit CallRunner(storage::Store& store) : store_(store) {}

  // Runs `body` in a read snapshot and finishes the call.
  grpc::ServerUnaryReactor* Read(grpc::CallbackServerContext* context,
                                 absl::string_view method, ReadBody body);

  // Runs `body`, which fills `*response`, in a write transaction and
  // finishes the call once it has committed. `request_id` is required; when
  // the caller already made this change with this request_id, the first
  // response is returned and `body` does not run. The same request_id with a
  // different request is ALREADY_EXISTS. `request` and `response` must
  // outlive the call (gRPC owns them until the reactor finishes).
  grpc::ServerUnaryReactor* Write(grpc::CallbackServerContext* context,
                                  absl::string_view method,
                                  const google::protobuf::Message& request,
                                  absl::string_view request_id,
                                  google::protobuf::Message* response,
                                  WriteBody body);

 private:
  // Sends `status` and logs the call when it failed.
  static void Finish(grpc::ServerUnaryReactor* reactor,
                     const CallContext& call, const absl::Status& status);

  CallContext StartCall(grpc::CallbackServerContext* context,
                        absl::string_view method) const;

  storage::Store& store_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_CALL_RUNNER_H_

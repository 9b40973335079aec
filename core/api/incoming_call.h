#ifndef MESOCLINIC_CORE_API_INCOMING_CALL_H_
#define MESOCLINIC_CORE_API_INCOMING_CALL_H_

// A call as a transport received it, and the way back to its caller. The
// CallRunner works only with these: gRPC (core/api/grpc_calls.h) and the
// Connect protocol over HTTP (core/server/connect_calls.h) each implement
// them, so that both reach one call path, the same authentication, roles,
// validation, idempotency, limits and audit.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/auth/credentials.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

class IncomingCall {
 public:
  virtual ~IncomingCall() = default;

  // "grpc" or "connect": written in the call's audit record.
  virtual absl::string_view transport() const = 0;
  virtual const auth::Credentials& credentials() const = 0;
  // When the caller stops waiting; absl::InfiniteFuture() for never.
  virtual absl::Time deadline() const = 0;

  // Parses the request the caller sent into `request`: INVALID_ARGUMENT
  // naming the field or the rule when it does not parse.
  virtual absl::Status DecodeRequest(google::protobuf::Message& request) = 0;

  // Sends the call's id to the caller with the answer (a header), so that
  // an operator can find the call a user reports. Called once, before the
  // answer.
  virtual void SendCallId(absl::string_view call_id) = 0;
};

// A unary call: one request, then one response or one error.
class UnaryCall : public IncomingCall {
 public:
  // Encodes `response` in the form the caller asked for. Called at most
  // once, before Finish with OK, on any thread.
  virtual void EncodeResponse(const google::protobuf::Message& response) = 0;

  // Answers the call: the encoded response when `status` is OK, the error
  // (its code, message and details) otherwise. Called exactly once, on any
  // thread; the call may be destroyed as soon as it returns.
  virtual void Finish(const absl::Status& status) = 0;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_INCOMING_CALL_H_

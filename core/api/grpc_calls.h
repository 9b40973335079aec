#ifndef MESOCLINIC_CORE_API_GRPC_CALLS_H_
#define MESOCLINIC_CORE_API_GRPC_CALLS_H_

// The gRPC transport's side of a call: how a gRPC callback call becomes an
// IncomingCall for the CallRunner, and how an OutgoingStream is written to
// a gRPC server stream.

#include <cstddef>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "core/api/incoming_call.h"
#include "core/api/outgoing_stream.h"

namespace mesoclinic {

// An error's message as both transports send it: cut to
// kMaxErrorMessageBytes at a UTF-8 character boundary. gRPC sends it as
// trailing metadata, and a message past the client's metadata limit would
// break the connection instead of reporting the error.
inline constexpr std::size_t kMaxErrorMessageBytes = 1024;
std::string WireErrorMessage(const absl::Status& status);

// The gRPC status for `status`, its details (google.rpc.Status) included.
grpc::Status ToGrpcStatus(const absl::Status& status);

// A call as gRPC's callback API delivers it. What the runner needs after
// the handler returned (credentials, deadline) is copied at construction:
// a stream's admission may outlive the gRPC context.
class GrpcCall : public UnaryCall {
 public:
  // `response` and `reactor` are null for a stream's admission.
  GrpcCall(grpc::CallbackServerContext* context,
           const grpc::ByteBuffer* request, grpc::ByteBuffer* response,
           grpc::ServerUnaryReactor* reactor);

  absl::string_view transport() const override { return "grpc"; }
  const auth::Credentials& credentials() const override {
    return credentials_;
  }
  absl::Time deadline() const override { return deadline_; }
  absl::Status DecodeRequest(google::protobuf::Message& request) override;
  void SendCallId(absl::string_view call_id) override;
  void EncodeResponse(const google::protobuf::Message& response) override;
  void Finish(const absl::Status& status) override;

 private:
  grpc::CallbackServerContext* const context_;
  const grpc::ByteBuffer* const request_;
  grpc::ByteBuffer* const response_;
  grpc::ServerUnaryReactor* const reactor_;
  auth::Credentials credentials_;
  absl::Time deadline_;
};

// Writes an OutgoingStream to a gRPC server stream, one message at a time
// as gRPC allows; ends the gRPC stream with the stream's end status, and
// closes the OutgoingStream when gRPC is done with the call (delivered,
// cancelled, or the client went away).
class GrpcStreamWriter
    : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
      public std::enable_shared_from_this<GrpcStreamWriter> {
 public:
  // The reactor to return to gRPC; it owns itself until OnDone.
  static grpc::ServerWriteReactor<grpc::ByteBuffer>* Start(
      std::shared_ptr<OutgoingStream> stream);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  explicit GrpcStreamWriter(std::shared_ptr<OutgoingStream> stream)
      : stream_(std::move(stream)) {}

  // Writes the next message, or finishes, or waits for the stream.
  void Pump();
  void FinishLocked(const absl::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  const std::shared_ptr<OutgoingStream> stream_;
  // Held from Start to OnDone: wake-ups that come later find it gone.
  std::shared_ptr<GrpcStreamWriter> self_;
  absl::Mutex mutex_;
  grpc::ByteBuffer buffer_ ABSL_GUARDED_BY(mutex_);
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_GRPC_CALLS_H_

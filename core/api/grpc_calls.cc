#include "core/api/grpc_calls.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/api/request_decoding.h"
#include "core/base/error_details.h"

namespace mesoclinic {
namespace {

absl::Time Deadline(const grpc::CallbackServerContext& context) {
  const auto deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

auth::Credentials CredentialsOf(const grpc::CallbackServerContext& context) {
  auth::Credentials credentials;
  const auto& metadata = context.client_metadata();
  if (const auto it = metadata.find("authorization"); it != metadata.end()) {
    credentials.authorization =
        std::string(it->second.data(), it->second.size());
  }
  credentials.client_address = context.peer();
  return credentials;
}

grpc::ByteBuffer Serialize(const google::protobuf::Message& message) {
  grpc::ByteBuffer bytes;
  EncodeResponse(message, &bytes);
  return bytes;
}

}  // namespace

std::string WireErrorMessage(const absl::Status& status) {
  const absl::string_view message = status.message();
  if (message.size() <= kMaxErrorMessageBytes) return std::string(message);
  constexpr absl::string_view kCut = " [message cut]";
  std::size_t end = kMaxErrorMessageBytes - kCut.size();
  // Back to the first byte of a UTF-8 character (not 10xxxxxx).
  while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) {
    --end;
  }
  return absl::StrCat(message.substr(0, end), kCut);
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const std::string message = WireErrorMessage(status);
  // The details go with the status (grpc-status-details-bin), so that a
  // client acts on the reason and the fields without parsing the message.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      ToRpcStatus(status, message).SerializeAsString());
}

GrpcCall::GrpcCall(grpc::CallbackServerContext* context,
                   const grpc::ByteBuffer* request, grpc::ByteBuffer* response,
                   grpc::ServerUnaryReactor* reactor)
    : context_(context),
      request_(request),
      response_(response),
      reactor_(reactor),
      credentials_(CredentialsOf(*context)),
      deadline_(Deadline(*context)) {}

absl::Status GrpcCall::DecodeRequest(google::protobuf::Message& request) {
  return mesoclinic::DecodeRequest(*request_, request);
}

void GrpcCall::SendCallId(absl::string_view call_id) {
  context_->AddInitialMetadata("call-id", std::string(call_id));
}

void GrpcCall::EncodeResponse(const google::protobuf::Message& response) {
  mesoclinic::EncodeResponse(response, response_);
}

void GrpcCall::Finish(const absl::Status& status) {
  reactor_->Finish(ToGrpcStatus(status));
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* GrpcStreamWriter::Start(
    std::shared_ptr<OutgoingStream> stream) {
  std::shared_ptr<GrpcStreamWriter> writer(
      new GrpcStreamWriter(std::move(stream)));
  writer->self_ = writer;
  writer->Pump();
  return writer.get();
}

void GrpcStreamWriter::Pump() {
  absl::MutexLock lock(&mutex_);
  if (finished_ || writing_) return;
  std::optional<OutgoingStream::Item> item =
      stream_->Take([weak = weak_from_this()] {
        if (std::shared_ptr<GrpcStreamWriter> writer = weak.lock()) {
          writer->Pump();
        }
      });
  if (!item.has_value()) return;
  if (item->message == nullptr) {
    FinishLocked(item->end);
    return;
  }
  buffer_ = Serialize(*item->message);
  writing_ = true;
  StartWrite(&buffer_);
}

void GrpcStreamWriter::FinishLocked(const absl::Status& status) {
  if (finished_) return;
  finished_ = true;
  Finish(ToGrpcStatus(status));
}

void GrpcStreamWriter::OnWriteDone(bool ok) {
  {
    absl::MutexLock lock(&mutex_);
    writing_ = false;
    if (!ok) {
      FinishLocked(absl::CancelledError("the caller went away"));
      return;
    }
  }
  Pump();
}

void GrpcStreamWriter::OnCancel() {
  absl::MutexLock lock(&mutex_);
  FinishLocked(absl::CancelledError("cancelled"));
}

void GrpcStreamWriter::OnDone() {
  stream_->Close();
  // The last owner but for late wake-ups: this may be deleted here.
  std::shared_ptr<GrpcStreamWriter> self = std::move(self_);
}

}  // namespace mesoclinic

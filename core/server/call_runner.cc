#include "core/server/call_runner.h"

#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

#include "absl/time/clock.h"
#include "core/base/field_rules.h"
#include "core/base/sha256.h"
#include "core/server/request_decoding.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace mesoclinic {

// One call in flight: everything that must live until it is answered.
struct CallRunner::Call {
  grpc::ServerUnaryReactor* reactor;
  grpc::ByteBuffer* response_bytes;
  std::unique_ptr<google::protobuf::Message> request;
  std::unique_ptr<google::protobuf::Message> response;
  CallContext context;
};

namespace {

std::string RequestHash(const google::protobuf::Message& request) {
  std::string serialized;
  {
    google::protobuf::io::StringOutputStream output(&serialized);
    google::protobuf::io::CodedOutputStream coded(&output);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return Sha256(serialized);
}

absl::Time Deadline(const grpc::CallbackServerContext* context) {
  const auto deadline = context->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

// The request_id field every changing request carries.
std::string RequestId(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

void CallRunner::Finish(const Call& call, const absl::Status& status) {
  if (status.ok()) {
    EncodeResponse(*call.response, call.response_bytes);
  } else {
    // The method and code only: messages may echo what the caller sent.
    spdlog::warn("call failed: method={} code={} caller={} elapsed_ms={}",
                 call.context.method, absl::StatusCodeToString(status.code()),
                 call.context.caller_id.empty() ? "-" : call.context.caller_id,
                 absl::ToInt64Milliseconds(absl::Now() - call.context.now));
  }
  call.reactor->Finish(ToGrpcStatus(status));
}

std::unique_ptr<CallRunner::Call> CallRunner::StartCall(
    grpc::CallbackServerContext* context, absl::string_view method,
    const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
    std::unique_ptr<google::protobuf::Message> request,
    std::unique_ptr<google::protobuf::Message> response) {
  auto call = std::make_unique<Call>(Call{
      .reactor = context->DefaultReactor(),
      .response_bytes = response_bytes,
      .request = std::move(request),
      .response = std::move(response),
      // Microseconds: the precision storage keeps, so that what a call
      // answers is exactly what a later read returns.
      .context = {.method = std::string(method), .caller_id = "",
                  .now = absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()))},
  });
  if (absl::Status status = DecodeRequest(*request_bytes, *call->request);
      !status.ok()) {
    Finish(*call, status);
    return nullptr;
  }
  return call;
}

grpc::ServerUnaryReactor* CallRunner::RunRead(
    grpc::CallbackServerContext* context, absl::string_view method,
    const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
    std::unique_ptr<google::protobuf::Message> request,
    std::unique_ptr<google::protobuf::Message> response,
    ErasedHandler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::unique_ptr<Call> call =
      StartCall(context, method, request_bytes, response_bytes,
                std::move(request), std::move(response));
  if (call == nullptr) return reactor;
  const absl::Status status =
      store_.Read([&](storage::Transaction& transaction) {
        return handler(*call->request, *call->response, transaction,
                       call->context);
      });
  Finish(*call, status);
  return reactor;
}

grpc::ServerUnaryReactor* CallRunner::RunWrite(
    grpc::CallbackServerContext* context, absl::string_view method,
    const grpc::ByteBuffer* request_bytes, grpc::ByteBuffer* response_bytes,
    std::unique_ptr<google::protobuf::Message> request,
    std::unique_ptr<google::protobuf::Message> response,
    ErasedHandler handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  std::shared_ptr<Call> call =
      StartCall(context, method, request_bytes, response_bytes,
                std::move(request), std::move(response));
  if (call == nullptr) return reactor;
  const std::string request_id = RequestId(*call->request);
  if (absl::Status status = CheckRequestId("request_id", request_id);
      !status.ok()) {
    Finish(*call, status);
    return reactor;
  }
  storage::IdempotencyRecord record{
      .caller = call->context.caller_id,
      .method = call->context.method,
      .request_id = request_id,
      .request_hash = RequestHash(*call->request),
      .create_time = call->context.now,
  };
  store_.Write(
      [call, record = std::move(record), handler = std::move(handler)](
          storage::Transaction& transaction) mutable -> absl::Status {
        absl::StatusOr<std::optional<storage::IdempotencyRecord>> previous =
            transaction.idempotency().Find(record.caller, record.method,
                                           record.request_id);
        if (!previous.ok()) return previous.status();
        if (previous->has_value()) {
          if ((*previous)->request_hash != record.request_hash) {
            return absl::AlreadyExistsError(
                "request_id: was already used for a different request; use "
                "a new request_id for a new change");
          }
          if (!call->response->ParseFromString((*previous)->response)) {
            return absl::InternalError(
                "the stored response to this request_id cannot be read");
          }
          return absl::OkStatus();
        }
        if (absl::Status status = handler(*call->request, *call->response,
                                          transaction, call->context);
            !status.ok()) {
          return status;
        }
        record.response = call->response->SerializeAsString();
        return transaction.idempotency().Insert(record);
      },
      [call](absl::Status status) { Finish(*call, status); },
      Deadline(context));
  return reactor;
}

}  // namespace mesoclinic

#include "core/server/call_runner.h"

#include <memory>
#include <utility>

#include <spdlog/spdlog.h>

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/base/field_rules.h"
#include "core/base/sha256.h"

namespace mesoclinic {
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

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

CallContext CallRunner::StartCall(grpc::CallbackServerContext* /*context*/,
                                  absl::string_view method) const {
  return CallContext{std::string(method), "", absl::Now()};
}

void CallRunner::Finish(grpc::ServerUnaryReactor* reactor,
                        const CallContext& call, const absl::Status& status) {
  if (!status.ok()) {
    // The code and method only: messages may echo what the caller sent.
    spdlog::warn("call failed: method={} code={} caller={} elapsed_ms={}",
                 call.method, absl::StatusCodeToString(status.code()),
                 call.caller_id.empty() ? "-" : call.caller_id,
                 absl::ToInt64Milliseconds(absl::Now() - call.now));
  }
  reactor->Finish(ToGrpcStatus(status));
}

grpc::ServerUnaryReactor* CallRunner::Read(grpc::CallbackServerContext* context,
                                           absl::string_view method,
                                           ReadBody body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const CallContext call = StartCall(context, method);
  const absl::Status status = store_.Read(
      [&](storage::Transaction& transaction) { return body(transaction, call); });
  Finish(reactor, call, status);
  return reactor;
}

grpc::ServerUnaryReactor* CallRunner::Write(
    grpc::CallbackServerContext* context, absl::string_view method,
    const google::protobuf::Message& request, absl::string_view request_id,
    google::protobuf::Message* response, WriteBody body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto call = std::make_shared<const CallContext>(StartCall(context, method));
  if (absl::Status status = CheckRequestId("request_id", request_id);
      !status.ok()) {
    Finish(reactor, *call, status);
    return reactor;
  }
  storage::IdempotencyRecord record{
      .caller = call->caller_id,
      .method = call->method,
      .request_id = std::string(request_id),
      .request_hash = RequestHash(request),
      .create_time = call->now,
  };
  store_.Write(
      [call, response, record = std::move(record), body = std::move(body)](
          storage::Transaction& transaction) mutable -> absl::Status {
        absl::StatusOr<std::optional<storage::IdempotencyRecord>> previous =
            transaction.idempotency().Find(record.caller, record.method,
                                           record.request_id);
        if (!previous.ok()) return previous.status();
        if (previous->has_value()) {
          if ((*previous)->request_hash != record.request_hash) {
            return FieldError("request_id",
                              "was already used for a different request; "
                              "use a new request_id for a new change");
          }
          if (!response->ParseFromString((*previous)->response)) {
            return absl::InternalError(
                "the stored response to this request_id cannot be read");
          }
          return absl::OkStatus();
        }
        if (absl::Status status = body(transaction, *call); !status.ok()) {
          return status;
        }
        record.response = response->SerializeAsString();
        return transaction.idempotency().Insert(record);
      },
      [reactor, call, response](absl::Status status) {
        // A change rolled back must not leak a half-built answer.
        if (!status.ok()) response->Clear();
        Finish(reactor, *call, status);
      },
      Deadline(context));
  return reactor;
}

}  // namespace mesoclinic

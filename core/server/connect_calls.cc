#include "core/server/connect_calls.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace mesoclinic::connect {
namespace {

// The field of SignInResponse that carries the session token.
constexpr absl::string_view kSessionTokenField = "session_token";

HttpResponse ErrorResponse(const absl::Status& status) {
  HttpResponse response;
  response.status = HttpStatusFor(status.code());
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = ErrorJson(status);
  return response;
}

}  // namespace

std::string SessionCookie::Set(absl::string_view token) const {
  return absl::StrCat(name(), "=", token, "; Path=/; HttpOnly; SameSite=Strict",
                      tls ? "; Secure" : "");
}

std::string SessionCookie::Clear() const {
  return absl::StrCat(name(), "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict",
                      tls ? "; Secure" : "");
}

std::optional<std::string> SessionCookie::Find(
    absl::string_view cookie_header) const {
  const std::string wanted = name();
  for (absl::string_view pair : absl::StrSplit(cookie_header, ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    if (absl::ConsumePrefix(&pair, wanted) && absl::ConsumePrefix(&pair, "=") &&
        !pair.empty()) {
      return std::string(pair);
    }
  }
  return std::nullopt;
}

ConnectUnaryCall::ConnectUnaryCall(Codec codec, std::string body,
                                   auth::Credentials credentials,
                                   absl::Time deadline, SessionCookie cookie,
                                   CookieEffect cookie_effect,
                                   HttpResponder respond)
    : ConnectCall(codec, std::move(body), std::move(credentials), deadline),
      cookie_(cookie),
      cookie_effect_(cookie_effect),
      respond_(std::move(respond)) {}

absl::Status ConnectUnaryCall::DecodeRequest(
    google::protobuf::Message& request) {
  const absl::Status decoded = DecodeMessage(codec_, body_, request);
  std::string().swap(body_);  // Not needed any more.
  return decoded;
}

void ConnectUnaryCall::EncodeResponse(
    const google::protobuf::Message& response) {
  if (cookie_effect_ == CookieEffect::kSetFromResponse) {
    const google::protobuf::FieldDescriptor* field =
        response.GetDescriptor()->FindFieldByName(std::string(kSessionTokenField));
    if (field != nullptr &&
        field->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      std::unique_ptr<google::protobuf::Message> without_token(response.New());
      without_token->CopyFrom(response);
      const std::string token =
          response.GetReflection()->GetString(response, field);
      without_token->GetReflection()->ClearField(without_token.get(), field);
      set_cookie_ = cookie_.Set(token);
      encoded_ = EncodeMessage(codec_, *without_token);
      return;
    }
  }
  if (cookie_effect_ == CookieEffect::kClear) set_cookie_ = cookie_.Clear();
  encoded_ = EncodeMessage(codec_, response);
}

void ConnectUnaryCall::Finish(const absl::Status& status) {
  HttpResponse response;
  if (status.ok()) {
    response.headers.emplace_back("Content-Type",
                                  std::string(UnaryContentType(codec_)));
    response.body = std::move(encoded_);
    if (set_cookie_.has_value()) {
      response.headers.emplace_back("Set-Cookie", *set_cookie_);
      // A response that sets a session is never cached anywhere.
      response.headers.emplace_back("Cache-Control", "no-store");
    }
  } else {
    response = ErrorResponse(status);
  }
  if (!call_id_.empty()) response.headers.emplace_back("Call-Id", call_id_);
  respond_(std::move(response));
}

absl::Status ConnectStreamCall::DecodeRequest(
    google::protobuf::Message& request) {
  absl::StatusOr<absl::string_view> message = SingleEnvelopedMessage(body_);
  if (!message.ok()) return message.status();
  return DecodeMessage(codec_, *message, request);
}

ConnectStreamBody::ConnectStreamBody(
    Codec codec, std::shared_ptr<OutgoingStream> stream,
    std::unique_ptr<google::protobuf::Message> keep_alive,
    absl::Duration keep_alive_interval, absl::Time deadline)
    : codec_(codec),
      stream_(std::move(stream)),
      keep_alive_(std::move(keep_alive)),
      keep_alive_interval_(keep_alive_interval),
      deadline_(deadline),
      last_sent_unix_nanos_(absl::ToUnixNanos(absl::Now())) {}

StreamingBody::Next ConnectStreamBody::Read(std::string& out,
                                            absl::AnyInvocable<void()> wake) {
  if (ended_) return Next::kEnd;
  const absl::Time now = absl::Now();
  if (now >= deadline_) {
    // Ended here, not through the OutgoingStream (whose end would wake this
    // very connection, on this thread); closing the body then frees the
    // producer.
    out = Envelope(kEnvelopeEndStream,
                   EndStreamJson(absl::DeadlineExceededError(
                       "the stream's deadline (Connect-Timeout-Ms) passed")));
    ended_ = true;
    return Next::kData;
  }
  std::optional<OutgoingStream::Item> item = stream_->Take(std::move(wake));
  if (!item.has_value()) {
    if (!KeepAliveDue(now)) return Next::kWaiting;
    out = Envelope(0, EncodeMessage(codec_, *keep_alive_));
  } else if (item->message != nullptr) {
    out = Envelope(0, EncodeMessage(codec_, *item->message));
  } else {
    // The end-of-stream message is always JSON, whatever the codec.
    out = Envelope(kEnvelopeEndStream, EndStreamJson(item->end));
    ended_ = true;
  }
  last_sent_unix_nanos_.store(absl::ToUnixNanos(now),
                              std::memory_order_relaxed);
  return Next::kData;
}

bool ConnectStreamBody::NeedsAttention(absl::Time now) {
  return now >= deadline_ || KeepAliveDue(now);
}

bool ConnectStreamBody::KeepAliveDue(absl::Time now) const {
  return keep_alive_ != nullptr &&
         now - absl::FromUnixNanos(last_sent_unix_nanos_.load(
                   std::memory_order_relaxed)) >=
             keep_alive_interval_;
}

}  // namespace mesoclinic::connect

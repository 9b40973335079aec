#include "core/server/connect_handler.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/server/connect_calls.h"
#include "core/server/connect_protocol.h"

namespace mesoclinic::connect {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The methods whose answers change the browser's session cookie.
CookieEffect CookieEffectOf(absl::string_view method) {
  if (method == "/clinic.v1.SignInService/SignIn") {
    return CookieEffect::kSetFromResponse;
  }
  if (method == "/clinic.v1.SignInService/SignOut") return CookieEffect::kClear;
  return CookieEffect::kNone;
}

void RespondError(HttpResponder& respond, const absl::Status& status,
                  Headers headers, int http_status = 0) {
  HttpResponse response;
  response.status = http_status != 0 ? http_status : HttpStatusFor(status.code());
  response.headers = std::move(headers);
  response.headers.emplace_back("Content-Type", "application/json");
  response.body = ErrorJson(status);
  respond(std::move(response));
}

// The request's deadline from Connect-Timeout-Ms; infinite without it.
absl::StatusOr<absl::Time> Deadline(const HttpRequest& request) {
  const std::string* header = request.Header("connect-timeout-ms");
  if (header == nullptr) return absl::InfiniteFuture();
  absl::StatusOr<absl::Duration> timeout = ParseTimeout(*header);
  if (!timeout.ok()) return timeout.status();
  return absl::Now() + *timeout;
}

// Refuses compressed bodies: clinicd neither sends nor accepts compression
// (requests are small, and HTTP-level compression of secrets invites
// attacks such as BREACH).
absl::Status CheckUncompressed(const HttpRequest& request,
                               absl::string_view header) {
  const std::string* encoding = request.Header(header);
  if (encoding == nullptr || absl::EqualsIgnoreCase(*encoding, "identity")) {
    return absl::OkStatus();
  }
  return absl::UnimplementedError(absl::StrCat(
      header, ": \"", *encoding, "\" is not supported; send the body "
      "uncompressed (identity)"));
}

}  // namespace

ConnectHandler::ConnectHandler(const MethodTable& methods,
                               ConnectOptions options)
    : methods_(methods),
      options_(std::move(options)),
      allowed_origins_(options_.allowed_origins.begin(),
                       options_.allowed_origins.end()) {}

bool ConnectHandler::OriginAllowed(const HttpRequest& request,
                                   const std::string& origin) const {
  if (allowed_origins_.contains(origin)) return true;
  const std::string* host = request.Header("host");
  return host != nullptr &&
         origin == absl::StrCat(request.tls ? "https://" : "http://", *host);
}

void ConnectHandler::AnswerPreflight(const HttpRequest& request,
                                     HttpResponder respond) const {
  const std::string* origin = request.Header("origin");
  if (origin == nullptr || !allowed_origins_.contains(*origin)) {
    RespondError(respond,
                 absl::PermissionDeniedError(
                     "origin: cross-origin calls are refused unless "
                     "clinicd's --http_allowed_origins names the origin"),
                 {});
    return;
  }
  HttpResponse response;
  response.status = 204;
  response.headers = {
      {"Access-Control-Allow-Origin", *origin},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "POST"},
      {"Access-Control-Allow-Headers",
       "Content-Type, Connect-Protocol-Version, Connect-Timeout-Ms, "
       "Authorization"},
      {"Access-Control-Max-Age", "600"},
      {"Vary", "Origin"},
  };
  respond(std::move(response));
}

void ConnectHandler::Handle(HttpRequest request, HttpResponder respond) {
  Headers cors;
  if (const std::string* origin = request.Header("origin")) {
    if (!OriginAllowed(request, *origin)) {
      RespondError(respond,
                   absl::PermissionDeniedError(absl::StrCat(
                       "origin: ", *origin, " may not call this server; "
                       "clinicd's --http_allowed_origins must name it")),
                   {});
      return;
    }
    if (allowed_origins_.contains(*origin)) {
      cors = {{"Access-Control-Allow-Origin", *origin},
              {"Access-Control-Allow-Credentials", "true"},
              {"Access-Control-Expose-Headers", "Call-Id"},
              {"Vary", "Origin"}};
    }
  }
  if (request.method == "OPTIONS") {
    AnswerPreflight(request, std::move(respond));
    return;
  }
  const BoundMethod* method = methods_.Find(request.path);
  if (method == nullptr) {
    RespondError(respond,
                 absl::UnimplementedError(absl::StrCat(
                     request.path, ": no such method; call POST "
                     "/clinic.v1.<Service>/<Method>")),
                 cors, 404);
    return;
  }
  if (request.method != "POST") {
    cors.emplace_back("Allow", "POST");
    RespondError(respond,
                 absl::UnimplementedError(absl::StrCat(
                     request.method, ": clinicd's methods are called with "
                     "POST")),
                 cors, 405);
    return;
  }
  // Wrap the responder so every answer carries the CORS headers.
  HttpResponder answer = [respond = std::move(respond),
                          cors](HttpResponse response) mutable {
    response.headers.insert(response.headers.end(), cors.begin(), cors.end());
    respond(std::move(response));
  };
  if (method->server_streaming()) {
    CallStream(*method, std::move(request), std::move(answer));
  } else {
    CallUnary(*method, std::move(request), std::move(answer));
  }
}

namespace {

// The call's credentials, and whether a browser's cookie call passed the
// CSRF check.
absl::StatusOr<auth::Credentials> CredentialsOf(const HttpRequest& request,
                                                const SessionCookie& cookie) {
  auth::Credentials credentials;
  credentials.client_address = request.client_address;
  if (const std::string* authorization = request.Header("authorization")) {
    credentials.authorization = *authorization;
    return credentials;
  }
  const std::string* cookies = request.Header("cookie");
  if (cookies == nullptr) return credentials;
  credentials.session_token = cookie.Find(*cookies);
  if (!credentials.session_token.has_value()) return credentials;
  const std::string* version = request.Header("connect-protocol-version");
  if (version == nullptr || *version != "1") {
    return absl::InvalidArgumentError(
        "Connect-Protocol-Version: must be \"1\" on a call made with the "
        "session cookie (a header cross-site forms cannot send)");
  }
  return credentials;
}

}  // namespace

namespace {

// What every Connect call reads from its HTTP request's headers.
struct CallHeaders {
  Codec codec = Codec::kJson;
  auth::Credentials credentials;
  absl::Time deadline;
};

// The headers of a unary or (`streaming`) a server-streaming call; nullopt
// when they refuse it, after answering the refusal.
std::optional<CallHeaders> ReadCallHeaders(const HttpRequest& request,
                                           bool streaming,
                                           const SessionCookie& cookie,
                                           HttpResponder& respond) {
  const std::string* content_type = request.Header("content-type");
  const std::optional<Codec> codec =
      content_type == nullptr ? std::nullopt
      : streaming             ? StreamCodec(*content_type)
                              : UnaryCodec(*content_type);
  if (!codec.has_value()) {
    const absl::string_view accepted =
        streaming ? "application/connect+json, application/connect+proto"
                  : "application/json, application/proto";
    RespondError(respond,
                 absl::InvalidArgumentError(
                     absl::StrCat("Content-Type: this method takes ", accepted)),
                 {{"Accept-Post", std::string(accepted)}}, 415);
    return std::nullopt;
  }
  absl::StatusOr<auth::Credentials> credentials = CredentialsOf(request, cookie);
  absl::StatusOr<absl::Time> deadline = Deadline(request);
  absl::Status checked = CheckUncompressed(
      request, streaming ? "connect-content-encoding" : "content-encoding");
  if (checked.ok()) checked = credentials.status();
  if (checked.ok()) checked = deadline.status();
  if (!checked.ok()) {
    RespondError(respond, checked, {});
    return std::nullopt;
  }
  return CallHeaders{*codec, *std::move(credentials), *deadline};
}

}  // namespace

void ConnectHandler::CallUnary(const BoundMethod& method, HttpRequest request,
                               HttpResponder respond) const {
  const SessionCookie cookie{.tls = request.tls || options_.tls};
  std::optional<CallHeaders> headers =
      ReadCallHeaders(request, /*streaming=*/false, cookie, respond);
  if (!headers.has_value()) return;
  method.run_unary(std::make_unique<ConnectUnaryCall>(
      headers->codec, std::move(request.body), std::move(headers->credentials),
      headers->deadline, cookie, CookieEffectOf(method.name),
      std::move(respond)));
}

void ConnectHandler::CallStream(const BoundMethod& method, HttpRequest request,
                                HttpResponder respond) const {
  const SessionCookie cookie{.tls = request.tls || options_.tls};
  std::optional<CallHeaders> headers =
      ReadCallHeaders(request, /*streaming=*/true, cookie, respond);
  if (!headers.has_value()) return;
  const Codec codec = headers->codec;
  auto stream = std::make_shared<OutgoingStream>(method.max_queued_messages);
  auto call_id = std::make_shared<std::string>();
  // Admission (authentication, roles, the audit record) starts now; its
  // outcome, and then the messages, flow into the stream. Connect streams
  // answer HTTP 200 at once and carry any error in the end-of-stream
  // message.
  method.run_stream(std::make_unique<ConnectStreamCall>(
                        codec, std::move(request.body),
                        std::move(headers->credentials), headers->deadline,
                        call_id),
                    stream);
  HttpResponse response;
  response.headers.emplace_back("Content-Type",
                                std::string(StreamContentType(codec)));
  if (!call_id->empty()) response.headers.emplace_back("Call-Id", *call_id);
  response.stream = std::make_unique<ConnectStreamBody>(
      codec, std::move(stream),
      method.keep_alive ? method.keep_alive() : nullptr,
      options_.stream_keep_alive, headers->deadline);
  respond(std::move(response));
}

}  // namespace mesoclinic::connect

#include "core/server/operator_endpoints.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/auth/api_key_secret.h"
#include "core/auth/authenticator.h"
#include "core/base/sha256.h"

namespace mesoclinic {
namespace {

HttpResponse TextResponse(int status, std::string text) {
  HttpResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "text/plain; charset=utf-8"},
                      {"Cache-Control", "no-store"}};
  response.body = std::move(text);
  return response;
}

// Answers anything but GET (and HEAD) 405.
bool AnswerWrongVerb(const HttpRequest& request, HttpResponder& respond) {
  if (request.method == "GET" || request.method == "HEAD") return false;
  HttpResponse response =
      TextResponse(405, absl::StrCat(request.path, " is read with GET\n"));
  response.headers.emplace_back("Allow", "GET");
  respond(std::move(response));
  return true;
}

}  // namespace

MetricsEndpoint::MetricsEndpoint(storage::Store& store,
                                 observability::ServerMetrics& metrics,
                                 std::string scrape_token)
    : store_(store),
      metrics_(metrics),
      scrape_token_hash_(scrape_token.empty() ? "" : Sha256(scrape_token)) {}

absl::Status MetricsEndpoint::Authorize(const HttpRequest& request) const {
  const std::string* authorization = request.Header("authorization");
  if (authorization == nullptr) {
    return absl::UnauthenticatedError(
        "send \"Authorization: Bearer <admin API key or scrape token>\"");
  }
  constexpr absl::string_view kScheme = "bearer ";
  if (!scrape_token_hash_.empty() &&
      absl::StartsWithIgnoreCase(*authorization, kScheme)) {
    const absl::string_view token = absl::StripAsciiWhitespace(
        absl::string_view(*authorization).substr(kScheme.size()));
    if (auth::HashesEqual(Sha256(token), scrape_token_hash_)) {
      return absl::OkStatus();
    }
  }
  auth::Credentials credentials;
  credentials.authorization = *authorization;
  credentials.client_address = request.client_address;
  absl::StatusOr<auth::Principal> principal;
  const absl::Status read = store_.Read([&](storage::Transaction& transaction) {
    principal = auth::Authenticate(credentials, transaction.staff());
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  if (!principal.ok()) return principal.status();
  if (principal->role != staff::Role::kAdmin) {
    return absl::PermissionDeniedError(
        "only an admin's key or the scrape token may read the metrics");
  }
  return absl::OkStatus();
}

void MetricsEndpoint::Handle(HttpRequest request, HttpResponder respond) {
  if (AnswerWrongVerb(request, respond)) return;
  if (const absl::Status allowed = Authorize(request); !allowed.ok()) {
    const int status = absl::IsPermissionDenied(allowed) ? 403 : 401;
    HttpResponse response = TextResponse(
        status, absl::StrCat(allowed.message(), "\n"));
    if (status == 401) {
      response.headers.emplace_back("WWW-Authenticate", "Bearer");
    }
    respond(std::move(response));
    return;
  }
  HttpResponse response = TextResponse(200, metrics_.Render());
  response.headers[0].second = observability::ServerMetrics::kContentType;
  respond(std::move(response));
}

void HealthEndpoint::Handle(HttpRequest request, HttpResponder respond) {
  if (AnswerWrongVerb(request, respond)) return;
  if (health_.serving()) {
    respond(TextResponse(200, "SERVING\n"));
  } else {
    respond(TextResponse(
        503, absl::StrCat("NOT_SERVING: ", health_.reason(), "\n")));
  }
}

}  // namespace mesoclinic

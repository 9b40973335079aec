#include "core/server/web_app_handler.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace mesoclinic {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Scripts, styles, fonts, images and calls from this origin only (images
// also as data: URLs), no inline script or style, no plugins, and no page
// may frame the app (clickjacking).
constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'";

// Hashed file names under it change with their content: cache them for
// good.
constexpr absl::string_view kImmutableFolder = "/assets/";

Headers SecurityHeaders(const HttpRequest& request) {
  Headers headers = {
      {"Content-Security-Policy", kContentSecurityPolicy},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  // Only over TLS: sent in plaintext, it could be forged or stripped, and a
  // browser ignores it there anyway.
  if (request.tls) {
    headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
  }
  return headers;
}

HttpResponse PlainText(const HttpRequest& request, int status,
                       std::string text) {
  HttpResponse response;
  response.status = status;
  response.headers = SecurityHeaders(request);
  response.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
  response.body = std::move(text);
  return response;
}

// The comma-separated items of a header, each without surrounding space.
std::vector<absl::string_view> ListItems(const std::string* header) {
  if (header == nullptr) return {};
  std::vector<absl::string_view> items = absl::StrSplit(*header, ',');
  for (absl::string_view& item : items) item = absl::StripAsciiWhitespace(item);
  return items;
}

// Whether Accept-Encoding accepts `coding`: named or "*", without "q=0".
bool AcceptsCoding(const HttpRequest& request, absl::string_view coding) {
  for (absl::string_view item : ListItems(request.Header("accept-encoding"))) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, ';');
    const absl::string_view name = absl::StripAsciiWhitespace(parts[0]);
    if (!absl::EqualsIgnoreCase(name, coding) && name != "*") continue;
    double quality = 1;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      absl::string_view parameter = absl::StripAsciiWhitespace(parts[i]);
      if (absl::ConsumePrefix(&parameter, "q=") &&
          !absl::SimpleAtod(parameter, &quality)) {
        quality = 0;
      }
    }
    return quality > 0;
  }
  return false;
}

// Whether If-None-Match names `etag` (or is "*"). Weak comparison, as the
// header asks: a "W/" prefix is ignored.
bool NoneMatchNames(const HttpRequest& request, absl::string_view etag) {
  for (absl::string_view item : ListItems(request.Header("if-none-match"))) {
    absl::ConsumePrefix(&item, "W/");
    if (item == etag || item == "*") return true;
  }
  return false;
}

// A client-side route of the app (/calendar/2026-12-07) asked for by a
// browser: its last segment has no extension, and HTML is accepted. A
// missing /assets/app.js is not one: answering it with index.html would
// hide the fault behind a script error.
bool IsClientRoute(const HttpRequest& request) {
  const absl::string_view path = request.path;
  const absl::string_view name = path.substr(path.rfind('/') + 1);
  const std::string* accept = request.Header("accept");
  return !absl::StrContains(name, '.') && accept != nullptr &&
         absl::StrContains(absl::AsciiStrToLower(*accept), "text/html");
}

}  // namespace

void WebAppHandler::Handle(HttpRequest request, HttpResponder respond) {
  if (request.method != "GET" && request.method != "HEAD") {
    HttpResponse refusal = PlainText(
        request, 405,
        absl::StrCat(request.method, ": the web app is read with GET or HEAD; "
                     "the API is called with POST /clinic.v1.<Service>/"
                     "<Method>\n"));
    refusal.headers.emplace_back("Allow", "GET, HEAD");
    respond(std::move(refusal));
    return;
  }
  const WebAppFile* file = files_.Find(request.path);
  const bool immutable =
      file != nullptr && absl::StartsWith(request.path, kImmutableFolder);
  if (file == nullptr && IsClientRoute(request)) file = &files_.index();
  if (file == nullptr) {
    respond(PlainText(request, 404,
                      absl::StrCat(request.path, ": no such file\n")));
    return;
  }
  const bool gzip = !file->gzipped.empty() && AcceptsCoding(request, "gzip");
  // Each representation has an entity tag of its own, as a strong tag must.
  const std::string etag =
      gzip ? absl::StrCat(absl::StripSuffix(file->etag, "\""), "-gzip\"")
           : file->etag;
  HttpResponse response;
  response.headers = SecurityHeaders(request);
  response.headers.emplace_back(
      "Cache-Control",
      immutable ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("ETag", etag);
  if (!file->gzipped.empty()) {
    response.headers.emplace_back("Vary", "Accept-Encoding");
  }
  if (NoneMatchNames(request, etag)) {
    response.status = 304;
    respond(std::move(response));
    return;
  }
  response.headers.emplace_back("Content-Type", file->content_type);
  if (gzip) response.headers.emplace_back("Content-Encoding", "gzip");
  // HEAD: the listener sends the headers (with the body's length) only.
  response.body = gzip ? file->gzipped : file->content;
  respond(std::move(response));
}

}  // namespace mesoclinic

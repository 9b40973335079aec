// clinicd serves the built web app from its HTTP listener, beside the
// Connect API, /metrics and /healthz: from memory, GET and HEAD only,
// index.html for client-side routes, hashed assets cached for good and the
// rest revalidated by ETag, every answer with a Content-Security-Policy and
// hardening headers; and no request path reaches outside the app's folder.

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/raw_http.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIndex[] =
    "<!doctype html><html><head><script type=\"module\" "
    "src=\"/assets/app-1a2b3c.js\"></script></head><body></body></html>\n";
constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; "
    "object-src 'none'";
constexpr char kImmutable[] = "public, max-age=31536000, immutable";
constexpr char kGetCaller[] = "/clinic.v1.StaffService/GetCaller";

void Write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// A built app (as Vite lays it out) in <tmp>/dist, and beside it a file no
// request may reach.
struct BuiltApp {
  BuiltApp() {
    Write(dist / "index.html", kIndex);
    Write(dist / "assets" / "app-1a2b3c.js",
          absl::StrCat("import{a}from\"./vendor.js\";",
                       std::string(3000, ';')));
    Write(dist / "assets" / "app-4d5e6f.css", "body{margin:0}");
    Write(dist / "assets" / "inter-7a8b9c.woff2", "wOF2");
    Write(dist / "favicon.png", "\x89PNG");
    Write(dist / "manifest.webmanifest", "{\"name\":\"Mesoclinic\"}");
    Write(dist / "data.bin", "bytes");
    Write(dir.path() / "secret.txt", "TOP-SECRET");
  }

  TempDir dir;
  const fs::path dist = dir.path() / "dist";
};

class WebAppTest : public ::testing::Test {
 protected:
  HttpReply Get(const std::string& path,
                std::vector<std::string> headers = {}) {
    HttpExchange exchange;
    exchange.method = "GET";
    exchange.url = absl::StrCat("http://127.0.0.1:", port(), path);
    exchange.headers = std::move(headers);
    return Http(exchange);
  }

  int port() { return server_.server().http_port(); }

  BuiltApp app_;
  TestServer server_{[this](ServerOptions& options) {
    options.web_app_dir = app_.dist.string();
  }};
};

// One suite per behaviour, on the same server set-up.
using WebAppContentTest = WebAppTest;
using WebAppClientRouteTest = WebAppTest;
using WebAppPathTest = WebAppTest;
using WebAppMethodTest = WebAppTest;
using WebAppCachingTest = WebAppTest;
using WebAppHeadersTest = WebAppTest;
using WebAppCompressionTest = WebAppTest;
using WebAppBesideTheApiTest = WebAppTest;

TEST_F(WebAppContentTest, EachFileIsServedWithTheTypeOfItsExtension) {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"/", "text/html; charset=utf-8"},
      {"/index.html", "text/html; charset=utf-8"},
      {"/assets/app-1a2b3c.js", "text/javascript; charset=utf-8"},
      {"/assets/app-4d5e6f.css", "text/css; charset=utf-8"},
      {"/assets/inter-7a8b9c.woff2", "font/woff2"},
      {"/favicon.png", "image/png"},
      {"/manifest.webmanifest", "application/manifest+json; charset=utf-8"},
      {"/data.bin", "application/octet-stream"},
  };
  for (const auto& [path, type] : expected) {
    HttpReply reply = Get(path);
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.headers["content-type"], type) << path;
  }
  EXPECT_EQ(Get("/").body, kIndex);
  EXPECT_EQ(Get("/assets/app-4d5e6f.css").body, "body{margin:0}");
}

TEST_F(WebAppContentTest, TheStartReportsTheFilesServed) {
  ASSERT_NE(server_.server().web_app_files(), nullptr);
  EXPECT_EQ(server_.server().web_app_files()->file_count(), 7u);
}

TEST_F(WebAppClientRouteTest, ABrowsersReloadOfAClientRouteGetsIndexHtml) {
  for (const std::string path : {"/calendar/2026-12-07", "/patients",
                                 "/patients/p-42/sessions/"}) {
    HttpReply reply =
        Get(path, {"Accept: text/html,application/xhtml+xml,*/*;q=0.8"});
    EXPECT_EQ(reply.status, 200) << path;
    EXPECT_EQ(reply.body, kIndex) << path;
    EXPECT_EQ(reply.headers["cache-control"], "no-cache") << path;
  }
}

TEST_F(WebAppClientRouteTest, AClientRouteNotAskedForAsHtmlIs404) {
  EXPECT_EQ(Get("/calendar/2026-12-07", {"Accept: application/json"}).status,
            404);
}

TEST_F(WebAppClientRouteTest, AMissingFileWithAnExtensionIs404PlainText) {
  HttpReply reply =
      Get("/assets/app-000000.js", {"Accept: text/html,*/*"});
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_THAT(reply.body, Not(HasSubstr("<!doctype")));
}

TEST_F(WebAppPathTest, NoRequestPathReachesOutsideTheAppsFolder) {
  for (const std::string target :
       {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt", "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "//secret.txt", "//../secret.txt", "/..\\secret.txt",
        "/%2e%2e%5csecret.txt", "/assets\\..\\..\\secret.txt",
        "/%00/../secret.txt", "/secret.txt%00.png", "/%2e%2e/%2e%2e/etc/passwd",
        "/../../../../../../etc/passwd"}) {
    const RawHttpReply reply =
        RawHttp(port(), "GET", target, {"Accept: text/html,*/*"});
    EXPECT_THAT(reply.body, Not(HasSubstr("TOP-SECRET"))) << target;
    EXPECT_THAT(reply.body, Not(HasSubstr("root:"))) << target;
    // A path without an extension is a client route: the app, at most.
    if (reply.status == 200) {
      EXPECT_EQ(reply.body, kIndex) << target;
    } else {
      EXPECT_THAT(reply.status, AnyOf(400, 404)) << target;
    }
  }
}

TEST_F(WebAppPathTest, ARawNulEndsThePathBeforeAnythingItHides) {
  // libmicrohttpd hands over the path as a C string: what follows a NUL is
  // never seen, so "/index.html\0/../secret.txt" is /index.html.
  const RawHttpReply reply =
      RawHttp(port(), "GET", std::string("/index.html\0/../secret.txt", 26));
  EXPECT_THAT(reply.body, Not(HasSubstr("TOP-SECRET")));
  if (reply.status == 200) {
    EXPECT_EQ(reply.body, kIndex);
  } else {
    EXPECT_EQ(reply.status, 400);
  }
}

TEST_F(WebAppMethodTest, OtherMethodsThanGetAndHeadAre405WithAllow) {
  for (const std::string method : {"POST", "PUT", "DELETE", "PATCH"}) {
    for (const std::string path : {"/", "/index.html", "/calendar/2026-12-07",
                                   "/assets/app-1a2b3c.js"}) {
      const RawHttpReply reply = RawHttp(port(), method, path);
      EXPECT_EQ(reply.status, 405) << method << " " << path;
      EXPECT_EQ(reply.headers.at("allow"), "GET, HEAD") << method << " " << path;
    }
  }
}

TEST_F(WebAppMethodTest, HeadHasTheHeadersOfGetAndNoBody) {
  const RawHttpReply reply = RawHttp(port(), "HEAD", "/index.html");
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.headers.at("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(reply.headers.at("content-length"),
            absl::StrCat(std::string(kIndex).size()));
  EXPECT_EQ(reply.headers.at("etag"), Get("/index.html").headers["etag"]);
  EXPECT_EQ(reply.headers.at("content-security-policy"), kCsp);
  EXPECT_EQ(reply.body, "");
}

TEST_F(WebAppCachingTest, HashedAssetsAreCachedForAYearAsImmutable) {
  for (const std::string path : {"/assets/app-1a2b3c.js",
                                 "/assets/app-4d5e6f.css",
                                 "/assets/inter-7a8b9c.woff2"}) {
    EXPECT_EQ(Get(path).headers["cache-control"], kImmutable) << path;
  }
}

TEST_F(WebAppCachingTest, EverythingElseIsRevalidatedWithAStrongEtag) {
  for (const std::string path : {"/", "/index.html", "/favicon.png",
                                 "/manifest.webmanifest"}) {
    HttpReply reply = Get(path);
    EXPECT_EQ(reply.headers["cache-control"], "no-cache") << path;
    EXPECT_THAT(reply.headers["etag"], ::testing::StartsWith("\"")) << path;
  }
}

TEST_F(WebAppCachingTest, AnUnchangedFileIs304WithoutBody) {
  const std::string etag = Get("/").headers["etag"];
  ASSERT_FALSE(etag.empty());
  for (const std::string& sent :
       {etag, absl::StrCat("W/", etag), absl::StrCat("\"other\", ", etag)}) {
    HttpReply reply = Get("/", {absl::StrCat("If-None-Match: ", sent)});
    EXPECT_EQ(reply.status, 304) << sent;
    EXPECT_EQ(reply.body, "") << sent;
    EXPECT_EQ(reply.headers["etag"], etag) << sent;
    EXPECT_EQ(reply.headers["content-security-policy"], kCsp) << sent;
  }
}

TEST_F(WebAppCachingTest, AChangedFileIsSentWhole) {
  HttpReply reply = Get("/", {"If-None-Match: \"an-older-build\""});
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, kIndex);
}

TEST_F(WebAppHeadersTest, EveryAnswerCarriesTheCspAndHardeningHeaders) {
  const std::vector<HttpReply> replies = {
      Get("/"), Get("/assets/app-1a2b3c.js"), Get("/missing.js"),
      Get("/calendar", {"Accept: text/html"})};
  for (const HttpReply& reply : replies) {
    const auto header = [&](const std::string& name) {
      const auto it = reply.headers.find(name);
      return it == reply.headers.end() ? std::string("(none)") : it->second;
    };
    EXPECT_EQ(header("content-security-policy"), kCsp) << reply.status;
    EXPECT_EQ(header("x-content-type-options"), "nosniff");
    EXPECT_EQ(header("referrer-policy"), "no-referrer");
    EXPECT_EQ(header("x-frame-options"), "DENY");
    // Plaintext: HSTS is for TLS only (see WebAppHandlerTlsTest).
    EXPECT_EQ(header("strict-transport-security"), "(none)");
  }
  EXPECT_EQ(RawHttp(port(), "POST", "/").headers["content-security-policy"],
            kCsp);
}

TEST_F(WebAppCompressionTest, AClientThatAcceptsGzipGetsTextGzipped) {
  HttpReply plain = Get("/assets/app-1a2b3c.js");
  HttpReply gzipped =
      Get("/assets/app-1a2b3c.js", {"Accept-Encoding: br, gzip"});
  EXPECT_EQ(gzipped.headers["content-encoding"], "gzip");
  EXPECT_EQ(gzipped.headers["vary"], "Accept-Encoding");
  EXPECT_EQ(gzipped.body.substr(0, 2), "\x1f\x8b");
  EXPECT_LT(gzipped.body.size(), plain.body.size());
  // A different representation, so a different strong tag.
  EXPECT_NE(gzipped.headers["etag"], plain.headers["etag"]);
}

TEST_F(WebAppCompressionTest, OtherClientsGetTheFileAsItIs) {
  for (const std::string accept : {"", "Accept-Encoding: identity",
                                   "Accept-Encoding: gzip;q=0, br"}) {
    HttpReply reply = Get("/assets/app-1a2b3c.js", {accept});
    EXPECT_EQ(reply.headers.count("content-encoding"), 0u) << accept;
    EXPECT_EQ(reply.headers["vary"], "Accept-Encoding") << accept;
    EXPECT_THAT(reply.body, ::testing::StartsWith("import{a}")) << accept;
  }
}

TEST_F(WebAppBesideTheApiTest, TheApiStillAnswersWhileTheAppIsServed) {
  HttpReply call = ConnectJsonCall(
      port(), kGetCaller, "{}", server_.api_key(staff::Role::kAdmin));
  EXPECT_EQ(call.status, 200) << call.body;
  EXPECT_THAT(call.body, HasSubstr("staffMember"));
  EXPECT_EQ(Get("/healthz").body.substr(0, 7), "SERVING");
  EXPECT_EQ(Get("/metrics").status, 401);
}

TEST_F(WebAppBesideTheApiTest, TheApisPathsAreNeverTheApps) {
  // A GET of a method is the API's refusal (JSON, Allow: POST), not
  // index.html; an unknown method is the API's 404, not a client route.
  HttpReply get = Get(kGetCaller, {"Accept: text/html"});
  EXPECT_EQ(get.status, 405);
  EXPECT_EQ(get.headers["allow"], "POST");
  EXPECT_EQ(get.headers["content-type"], "application/json");
  HttpReply unknown = ConnectJsonCall(
      port(), "/clinic.v1.NoService/Nothing", "{}", "");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_THAT(unknown.body, HasSubstr("no such method"));
}

TEST(WebAppStartTest, WithoutAFolderOnlyTheApiIsServed) {
  TestServer server;  // web_app_dir empty.
  EXPECT_EQ(server.server().web_app_files(), nullptr);
  HttpExchange exchange;
  exchange.method = "GET";
  exchange.url = absl::StrCat("http://127.0.0.1:", server.server().http_port(),
                              "/");
  exchange.headers = {"Accept: text/html"};
  HttpReply reply = Http(exchange);
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(reply.headers.count("content-security-policy"), 0u);
  EXPECT_THAT(reply.body, HasSubstr("no such method"));
}

// The options TestServer would give, for a start that must fail.
ServerOptions OptionsIn(const TempDir& dir) {
  ServerOptions options;
  options.database_path = dir.File("clinic.db");
  options.listen_address = "127.0.0.1:0";
  options.http_listen_address = "127.0.0.1:0";
  return options;
}

TEST(WebAppStartTest, AFolderWithoutTheBuiltAppRefusesTheStart) {
  TempDir dir;
  ServerOptions options = OptionsIn(dir);
  options.web_app_dir = dir.File("clients/web/dist");
  const absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(), HasSubstr("holds no index.html"));
  // Refused before the database was opened (or created).
  EXPECT_FALSE(fs::exists(options.database_path));
}

TEST(WebAppStartTest, AnAppOverTheSizeLimitRefusesTheStart) {
  BuiltApp app;
  ServerOptions options = OptionsIn(app.dir);
  options.web_app_dir = app.dist.string();
  options.web_app_max_bytes = 1024;
  const absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(server.status().message(), HasSubstr("more than 1024 bytes"));
}

}  // namespace
}  // namespace mesoclinic::testing

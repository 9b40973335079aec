// WebAppFiles: the built web app read into memory once, looked up by exact
// path only, so that no request path can name a file outside its folder.

#include "core/server/web_app_files.h"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/server/web_app_handler.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic {
namespace {

namespace fs = std::filesystem;
using ::mesoclinic::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kIndex[] = "<!doctype html><title>Mesoclinic</title>";

void Write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

// `gzipped` inflated back, or "" when it is not gzip.
std::string Gunzip(const std::string& gzipped) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return "";
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzipped.data()));
  stream.avail_in = static_cast<uInt>(gzipped.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const bool done = inflate(&stream, Z_FINISH) == Z_STREAM_END;
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return done ? out : "";
}

// A temporary folder with the app in app/ and, beside it, a file no
// request may reach.
class WebAppFolder : public ::testing::Test {
 protected:
  WebAppFolder() {
    Write(app_ / "index.html", kIndex);
    Write(dir_.path() / "secret.txt", "TOP-SECRET");
  }

  TempDir dir_;
  const fs::path app_ = dir_.path() / "app";
};

TEST(ContentTypeTest, EachKnownExtensionHasItsType) {
  EXPECT_EQ(ContentTypeForPath("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/assets/app-1a2b.js"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/assets/worker.mjs"),
            "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/assets/app-1a2b.css"),
            "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/config.json"),
            "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/assets/app.js.map"),
            "application/json; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/logo.svg"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/manifest.webmanifest"),
            "application/manifest+json; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/icon.png"), "image/png");
  EXPECT_EQ(ContentTypeForPath("/favicon.ico"), "image/x-icon");
  EXPECT_EQ(ContentTypeForPath("/assets/inter.woff2"), "font/woff2");
}

TEST(ContentTypeTest, TheExtensionIsReadWhateverItsCase) {
  EXPECT_EQ(ContentTypeForPath("/INDEX.HTML"), "text/html; charset=utf-8");
}

TEST(ContentTypeTest, AnUnknownExtensionOrNoneIsOctetStream) {
  EXPECT_EQ(ContentTypeForPath("/assets/data.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForPath("/LICENSE"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForPath("/assets.d/LICENSE"),
            "application/octet-stream");
}

TEST_F(WebAppFolder, EveryFileIsFoundUnderItsPathInTheFolder) {
  Write(app_ / "assets" / "app-1a2b.js", "console.log(1);");
  Write(app_ / "favicon.ico", "ico");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->file_count(), 3u);
  ASSERT_NE(files->Find("/assets/app-1a2b.js"), nullptr);
  EXPECT_EQ(files->Find("/assets/app-1a2b.js")->content, "console.log(1);");
  EXPECT_EQ(files->Find("/assets/app-1a2b.js")->content_type,
            "text/javascript; charset=utf-8");
  EXPECT_EQ(files->Find("/favicon.ico")->content, "ico");
  EXPECT_EQ(files->index().content, kIndex);
}

TEST_F(WebAppFolder, TheRootIsIndexHtml) {
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_NE(files->Find("/"), nullptr);
  EXPECT_EQ(files->Find("/")->content, kIndex);
}

TEST_F(WebAppFolder, OnlyExactPathsMatchSoNoPathLeavesTheFolder) {
  Write(app_ / "assets" / "app.js", "app");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  ASSERT_TRUE(files.ok()) << files.status();
  for (const std::string& path : std::vector<std::string>{
           "/../secret.txt", "/assets/../../secret.txt", "/assets/../index.html",
        "//index.html", "/./index.html", "/assets//app.js", "assets/app.js",
        "\\index.html", "/assets\\app.js", "/..\\secret.txt",
        "/%2e%2e/secret.txt", std::string("/index.html\0.png", 16),
        std::string("/assets/app.js\0", 15), "/index.html/", ""}) {
    EXPECT_EQ(files->Find(path), nullptr) << path;
  }
}

TEST_F(WebAppFolder, AFolderWithoutIndexHtmlIsRefused) {
  fs::remove(app_ / "index.html");
  Write(app_ / "assets" / "app.js", "app");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  EXPECT_EQ(files.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(files.status().message(), HasSubstr("holds no index.html"));
}

TEST_F(WebAppFolder, AMissingFolderIsRefused) {
  const absl::StatusOr<WebAppFiles> files =
      WebAppFiles::Load(dir_.path() / "not-built");
  EXPECT_EQ(files.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(files.status().message(), HasSubstr("not-built"));
}

TEST_F(WebAppFolder, FilesOverTheSizeLimitTogetherAreRefused) {
  Write(app_ / "assets" / "big.js", std::string(1000, 'x'));
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_, 1000);
  EXPECT_EQ(files.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(files.status().message(), HasSubstr("more than 1000 bytes"));
  EXPECT_TRUE(WebAppFiles::Load(app_, 2000).ok());
}

TEST_F(WebAppFolder, ALinkToAFileOutsideTheFolderIsRefused) {
  fs::create_symlink(dir_.path() / "secret.txt", app_ / "leak.txt");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  EXPECT_EQ(files.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(files.status().message(), HasSubstr("leak.txt"));
}

TEST_F(WebAppFolder, ALinkToAFolderOutsideTheFolderIsRefused) {
  fs::create_directory_symlink(dir_.path(), app_ / "up");
  EXPECT_EQ(WebAppFiles::Load(app_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(WebAppFolder, ALinkThatLeadsNowhereIsRefused) {
  fs::create_symlink(app_ / "gone.js", app_ / "dangling.js");
  EXPECT_EQ(WebAppFiles::Load(app_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(WebAppFolder, ALinkInsideTheFolderIsServedUnderItsOwnName) {
  Write(app_ / "assets" / "app-1a2b.js", "app");
  fs::create_symlink(app_ / "assets" / "app-1a2b.js", app_ / "app.js");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_NE(files->Find("/app.js"), nullptr);
  EXPECT_EQ(files->Find("/app.js")->content, "app");
}

TEST_F(WebAppFolder, TheEtagIsAStrongHashOfTheContent) {
  Write(app_ / "a.js", "same");
  Write(app_ / "b.js", "same");
  Write(app_ / "c.js", "other");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  ASSERT_TRUE(files.ok()) << files.status();
  const std::string& etag = files->Find("/a.js")->etag;
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag, files->Find("/b.js")->etag);
  EXPECT_NE(etag, files->Find("/c.js")->etag);
}

TEST_F(WebAppFolder, TextFilesAreGzippedAtLoadWhenTheyShrink) {
  const std::string script(4000, ';');
  Write(app_ / "assets" / "app.js", script);
  Write(app_ / "icon.png", std::string(4000, '\0'));
  Write(app_ / "tiny.txt", "a");
  const absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
  ASSERT_TRUE(files.ok()) << files.status();
  const WebAppFile& app = *files->Find("/assets/app.js");
  EXPECT_LT(app.gzipped.size(), script.size());
  EXPECT_EQ(Gunzip(app.gzipped), script);
  // An image is compressed already (its own format), and one byte of text
  // only grows.
  EXPECT_TRUE(files->Find("/icon.png")->gzipped.empty());
  EXPECT_TRUE(files->Find("/tiny.txt")->gzipped.empty());
}

// Over TLS (which the end-to-end tests do not set up), the app's answers
// also tell the browser to use only HTTPS for this host from now on.
class WebAppHandlerTlsTest : public WebAppFolder {
 protected:
  // The header `name` of the handler's answer to GET /, or "(none)".
  std::string HeaderOverTls(bool tls, const std::string& name) {
    absl::StatusOr<WebAppFiles> files = WebAppFiles::Load(app_);
    EXPECT_TRUE(files.ok()) << files.status();
    WebAppHandler handler(*std::move(files));
    HttpRequest request;
    request.method = "GET";
    request.path = "/";
    request.tls = tls;
    std::string value = "(none)";
    handler.Handle(std::move(request), [&](HttpResponse response) {
      for (const auto& [header, text] : response.headers) {
        if (header == name) value = text;
      }
    });
    return value;
  }
};

TEST_F(WebAppHandlerTlsTest, StrictTransportSecurityIsSentOverTlsOnly) {
  EXPECT_EQ(HeaderOverTls(true, "Strict-Transport-Security"),
            "max-age=31536000");
  EXPECT_EQ(HeaderOverTls(false, "Strict-Transport-Security"), "(none)");
}

}  // namespace
}  // namespace mesoclinic

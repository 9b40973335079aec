#include "core/server/web_app_files.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic {
namespace {

namespace fs = std::filesystem;

struct FileKind {
  absl::string_view extension;
  absl::string_view content_type;
  // Text: sent with a charset, and worth compressing.
  bool text;
};

constexpr FileKind kFileKinds[] = {
    {"html", "text/html", true},
    {"js", "text/javascript", true},
    {"mjs", "text/javascript", true},
    {"css", "text/css", true},
    {"json", "application/json", true},
    {"map", "application/json", true},
    {"svg", "image/svg+xml", true},
    {"webmanifest", "application/manifest+json", true},
    {"txt", "text/plain", true},
    {"png", "image/png", false},
    {"ico", "image/x-icon", false},
    {"woff2", "font/woff2", false},
};

const FileKind* KindOf(absl::string_view path) {
  const std::size_t slash = path.rfind('/');
  const absl::string_view name =
      slash == absl::string_view::npos ? path : path.substr(slash + 1);
  const std::size_t dot = name.rfind('.');
  if (dot == absl::string_view::npos) return nullptr;
  const std::string extension = absl::AsciiStrToLower(name.substr(dot + 1));
  for (const FileKind& kind : kFileKinds) {
    if (kind.extension == extension) return &kind;
  }
  return nullptr;
}

// `content` gzip-compressed (the format HTTP's "gzip" coding names), or
// empty when zlib fails.
std::string Gzip(absl::string_view content) {
  z_stream stream{};
  // 15 bits of window, +16 for a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return "";
  }
  std::string out(deflateBound(&stream, content.size()), '\0');
  stream.next_in =
      reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
  stream.avail_in = static_cast<uInt>(content.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const bool done = deflate(&stream, Z_FINISH) == Z_STREAM_END;
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return done ? out : "";
}

WebAppFile MakeFile(absl::string_view path, std::string content) {
  WebAppFile file;
  const FileKind* kind = KindOf(path);
  file.content_type = ContentTypeForPath(path);
  // Only files the app ships (no secrets) are compressed, so compression
  // cannot leak one (BREACH); the API's answers are never compressed.
  if (kind != nullptr && kind->text) {
    std::string gzipped = Gzip(content);
    if (!gzipped.empty() && gzipped.size() < content.size()) {
      file.gzipped = std::move(gzipped);
    }
  }
  // 128 bits of SHA-256: a collision between two builds is out of reach.
  file.etag = absl::StrCat("\"", Sha256Hex(content).substr(0, 32), "\"");
  file.content = std::move(content);
  return file;
}

bool IsInside(const fs::path& folder, const fs::path& path) {
  const auto [in_folder, in_path] =
      std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
  return in_folder == folder.end();
}

absl::StatusOr<std::string> ReadWhole(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(file)),
                      std::istreambuf_iterator<char>());
  if (file.bad() || !file.is_open()) {
    return absl::FailedPreconditionError(
        absl::StrCat("web app: cannot read ", path.string()));
  }
  return content;
}

// The file `entry` stands for: itself, or the target of a link, which must
// lie inside `root`. Nullopt for what is not a file (a folder, a socket).
absl::StatusOr<std::optional<fs::path>> FileOf(const fs::directory_entry& entry,
                                               const fs::path& root) {
  std::error_code error;
  if (!entry.is_symlink(error)) {
    if (entry.is_regular_file(error)) return entry.path();
    return std::nullopt;
  }
  const fs::path target = fs::canonical(entry.path(), error);
  if (error || !IsInside(root, target)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "web app: ", entry.path().string(),
        " is a symbolic link that leads outside ", root.string(),
        " (or nowhere); the app's folder must hold its files itself"));
  }
  // A link to a folder inside: its files are read where they stand.
  if (!fs::is_regular_file(target, error)) return std::nullopt;
  return target;
}

}  // namespace

std::string ContentTypeForPath(absl::string_view path) {
  const FileKind* kind = KindOf(path);
  if (kind == nullptr) return "application/octet-stream";
  return kind->text ? absl::StrCat(kind->content_type, "; charset=utf-8")
                    : std::string(kind->content_type);
}

absl::StatusOr<WebAppFiles> WebAppFiles::Load(const fs::path& folder,
                                              std::size_t max_total_bytes) {
  std::error_code error;
  const fs::path root = fs::canonical(folder, error);
  if (error || !fs::is_regular_file(root / "index.html", error)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "web app: ", folder.string(),
        " holds no index.html; build the web app into it (clients/web: npm "
        "run build), or give --web_app_dir= (empty) to serve the API only"));
  }
  WebAppFiles app;
  std::size_t total_bytes = 0;
  for (auto it = fs::recursive_directory_iterator(root, error);
       !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    ASSIGN_OR_RETURN(const std::optional<fs::path> file, FileOf(*it, root));
    if (!file.has_value()) continue;
    total_bytes += fs::file_size(*file, error);
    if (error) break;
    if (total_bytes > max_total_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "web app: the files in ", folder.string(), " weigh more than ",
          max_total_bytes, " bytes together; is it the built app "
          "(clients/web/dist)?"));
    }
    ASSIGN_OR_RETURN(std::string content, ReadWhole(*file));
    const std::string path =
        absl::StrCat("/", it->path().lexically_relative(root).generic_string());
    app.files_.insert_or_assign(path, MakeFile(path, std::move(content)));
  }
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "web app: cannot read ", folder.string(), ": ", error.message()));
  }
  return app;
}

const WebAppFile* WebAppFiles::Find(absl::string_view path) const {
  if (path == "/") path = "/index.html";
  const auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace mesoclinic

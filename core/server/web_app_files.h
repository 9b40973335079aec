#ifndef MESOCLINIC_CORE_SERVER_WEB_APP_FILES_H_
#define MESOCLINIC_CORE_SERVER_WEB_APP_FILES_H_

// The built web app (clients/web/dist: index.html, assets/<name>-<hash>.js
// and .css, fonts, icons), read into memory once at start.
//
// A request never touches the disk: it is answered from a map whose keys
// are the files' paths relative to the folder, so that no request path
// (/../, %2e%2e, //, a backslash) can name anything outside the folder;
// the path either is a key or matches nothing.

#include <cstddef>
#include <filesystem>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mesoclinic {

struct WebAppFile {
  std::string content;
  // The content gzip-compressed, for a text file that shrinks; else empty.
  std::string gzipped;
  // "text/javascript; charset=utf-8"; by the file's extension.
  std::string content_type;
  // A strong entity tag: a hash of the content, quoted ("\"5f0c...\"").
  std::string etag;
};

class WebAppFiles {
 public:
  // What a web app may weigh in all, on disk: a built app is a few MiB;
  // past this, the folder is most likely not the app.
  static constexpr std::size_t kDefaultMaxTotalBytes = std::size_t{64} << 20;

  // Reads every file below `folder`, which must hold index.html. Refuses a
  // symbolic link that leads outside the folder, and a folder whose files
  // weigh more than `max_total_bytes` together.
  static absl::StatusOr<WebAppFiles> Load(
      const std::filesystem::path& folder,
      std::size_t max_total_bytes = kDefaultMaxTotalBytes);

  // The file at `path` ("/assets/app-3f2a.js"; "/" is "/index.html"), or
  // null. Only exact paths match: nothing is normalized.
  const WebAppFile* Find(absl::string_view path) const;

  // index.html, which client-side routes (/calendar/2026-12-07) are
  // answered with.
  const WebAppFile& index() const { return *Find("/index.html"); }

  std::size_t file_count() const { return files_.size(); }

 private:
  // By path, with a leading "/" and "/" between folders.
  absl::flat_hash_map<std::string, WebAppFile> files_;
};

// The Content-Type of a file named `path`, by its extension; text types
// with "; charset=utf-8". Unknown: application/octet-stream.
std::string ContentTypeForPath(absl::string_view path);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_WEB_APP_FILES_H_

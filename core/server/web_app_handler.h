#ifndef MESOCLINIC_CORE_SERVER_WEB_APP_HANDLER_H_
#define MESOCLINIC_CORE_SERVER_WEB_APP_HANDLER_H_

// Serves the web front desk (WebAppFiles) over the HTTP listener, from the
// same origin as the Connect API, so that the browser needs no CORS.
//
// - GET and HEAD only; any other method is answered 405 with Allow.
// - A path that is no file, has no extension and is asked for by a browser
//   (Accept: text/html) is a client-side route (/calendar/2026-12-07): it
//   gets index.html, so that a reload works. Any other unknown path: 404.
// - /assets/ holds names with a content hash: cached for a year, immutable.
//   Everything else (index.html) is revalidated on each use (no-cache)
//   with a strong ETag, and answered 304 when unchanged.
// - Text files are sent gzip-compressed to a client that accepts it.
// - Every answer carries a Content-Security-Policy that allows scripts,
//   styles, fonts and calls from this origin only and no framing, and the
//   usual hardening headers (nosniff, no referrer, DENY framing, and HSTS
//   over TLS).

#include "core/server/http_listener.h"
#include "core/server/web_app_files.h"

namespace mesoclinic {

class WebAppHandler : public HttpHandler {
 public:
  explicit WebAppHandler(WebAppFiles files) : files_(std::move(files)) {}

  void Handle(HttpRequest request, HttpResponder respond) override;

  const WebAppFiles& files() const { return files_; }

 private:
  const WebAppFiles files_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_WEB_APP_HANDLER_H_

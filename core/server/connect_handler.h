#ifndef MESOCLINIC_CORE_SERVER_CONNECT_HANDLER_H_
#define MESOCLINIC_CORE_SERVER_CONNECT_HANDLER_H_

// Serves every method of the CallRunner's method table with the Connect
// protocol: POST /clinic.v1.<Service>/<Method>. A call is translated into
// an IncomingCall and handed to the method's entry, which runs it exactly
// as it runs a gRPC call; this class only speaks HTTP.
//
// Browsers: same-origin only, unless `allowed_origins` names the origin
// (then CORS preflights are answered). A call that carries the session
// cookie must also carry Connect-Protocol-Version: 1, a header no cross-site
// form can send, which with SameSite=Strict cookies is the defence against
// cross-site request forgery.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "core/api/method_table.h"
#include "core/server/http_listener.h"

namespace mesoclinic::connect {

struct ConnectOptions {
  // Origins ("https://desk.clinic.example") besides the server's own that
  // browsers may call from.
  std::vector<std::string> allowed_origins;
  // Whether the listener serves TLS (the session cookie is then Secure).
  bool tls = false;
  // How long a server stream may stay quiet before a keep-alive is sent.
  absl::Duration stream_keep_alive = absl::Seconds(30);
};

class ConnectHandler : public HttpHandler {
 public:
  // `methods` must outlive the handler.
  ConnectHandler(const MethodTable& methods, ConnectOptions options);

  void Handle(HttpRequest request, HttpResponder respond) override;

 private:
  // Whether a browser's Origin may call: the server's own, or allowed.
  bool OriginAllowed(const HttpRequest& request,
                     const std::string& origin) const;
  void AnswerPreflight(const HttpRequest& request, HttpResponder respond) const;
  void CallUnary(const BoundMethod& method, HttpRequest request,
                 HttpResponder respond) const;
  void CallStream(const BoundMethod& method, HttpRequest request,
                  HttpResponder respond) const;

  const MethodTable& methods_;
  const ConnectOptions options_;
  const absl::flat_hash_set<std::string> allowed_origins_;
};

}  // namespace mesoclinic::connect

#endif  // MESOCLINIC_CORE_SERVER_CONNECT_HANDLER_H_

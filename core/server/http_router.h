#ifndef MESOCLINIC_CORE_SERVER_HTTP_ROUTER_H_
#define MESOCLINIC_CORE_SERVER_HTTP_ROUTER_H_

// Sends each HTTP request to the handler of its path: exact paths first
// (/metrics, /healthz), then the fallback (the Connect protocol's
// /clinic.v1.<Service>/<Method>).

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "core/server/http_listener.h"

namespace mesoclinic {

class HttpRouter : public HttpHandler {
 public:
  // `fallback` and every routed handler must outlive the router.
  explicit HttpRouter(HttpHandler& fallback) : fallback_(fallback) {}

  void Route(std::string path, HttpHandler& handler) {
    routes_.insert_or_assign(std::move(path), &handler);
  }

  void Handle(HttpRequest request, HttpResponder respond) override {
    const auto it = routes_.find(request.path);
    HttpHandler& handler = it == routes_.end() ? fallback_ : *it->second;
    handler.Handle(std::move(request), std::move(respond));
  }

 private:
  HttpHandler& fallback_;
  absl::flat_hash_map<std::string, HttpHandler*> routes_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_HTTP_ROUTER_H_

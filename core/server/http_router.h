#ifndef MESOCLINIC_CORE_SERVER_HTTP_ROUTER_H_
#define MESOCLINIC_CORE_SERVER_HTTP_ROUTER_H_

// Sends each HTTP request to the handler of its path: exact paths first
// (/metrics, /healthz), then path prefixes (the Connect protocol's
// /clinic.v1.<Service>/<Method> when the web app is served), then the
// fallback (the web app, or else the Connect protocol, whose 404 names the
// API's paths).

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "core/server/http_listener.h"

namespace mesoclinic {

class HttpRouter : public HttpHandler {
 public:
  // `fallback` and every routed handler must outlive the router.
  explicit HttpRouter(HttpHandler& fallback) : fallback_(fallback) {}

  // Requests for exactly `path`.
  void Route(std::string path, HttpHandler& handler) {
    routes_.insert_or_assign(std::move(path), &handler);
  }

  // Requests whose path starts with `prefix` and has no exact route, whatever
  // their method: a prefix owns its paths, so that no other handler (the web
  // app's client-side routes) can ever answer for them. The first prefix
  // routed that matches wins.
  void RoutePrefix(std::string prefix, HttpHandler& handler) {
    prefixes_.emplace_back(std::move(prefix), &handler);
  }

  void Handle(HttpRequest request, HttpResponder respond) override {
    HandlerFor(request.path).Handle(std::move(request), std::move(respond));
  }

 private:
  HttpHandler& HandlerFor(const std::string& path) const {
    if (const auto it = routes_.find(path); it != routes_.end()) {
      return *it->second;
    }
    for (const auto& [prefix, handler] : prefixes_) {
      if (absl::StartsWith(path, prefix)) return *handler;
    }
    return fallback_;
  }

  HttpHandler& fallback_;
  absl::flat_hash_map<std::string, HttpHandler*> routes_;
  std::vector<std::pair<std::string, HttpHandler*>> prefixes_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_HTTP_ROUTER_H_

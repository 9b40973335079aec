#ifndef MESOCLINIC_CORE_SERVER_OPERATOR_ENDPOINTS_H_
#define MESOCLINIC_CORE_SERVER_OPERATOR_ENDPOINTS_H_

// What operators and their monitoring read over HTTP, beside the API:
// /metrics (Prometheus text) and /healthz (whether clinicd can serve).

#include <optional>
#include <string>

#include "core/observability/database_health.h"
#include "core/observability/server_metrics.h"
#include "core/server/http_listener.h"
#include "core/storage/store.h"

namespace mesoclinic {

// GET /metrics: for an admin's API key ("Authorization: Bearer <key>"), or
// for the scrape token the operator configured (a secret a Prometheus
// server keeps, so that it holds no clinic key). Anyone else is refused:
// call counts by method and staff activity say more than a stranger should
// know. Scrapes are not audited (they show no patient data, and would fill
// the trail every 15 seconds).
class MetricsEndpoint : public HttpHandler {
 public:
  // `scrape_token`: empty for none. `store` and `metrics` must outlive it.
  MetricsEndpoint(storage::Store& store, observability::ServerMetrics& metrics,
                  std::string scrape_token);

  void Handle(HttpRequest request, HttpResponder respond) override;

 private:
  // OK for an admin key or the scrape token; why not otherwise.
  absl::Status Authorize(const HttpRequest& request) const;

  storage::Store& store_;
  observability::ServerMetrics& metrics_;
  // SHA-256 of the scrape token, or empty.
  const std::string scrape_token_hash_;
};

// GET /healthz: 200 "SERVING" while the database can be written, 503
// "NOT_SERVING: <why>" while it cannot (disk full, read-only file system),
// the same as the gRPC health service. Open to anyone, as load balancers
// call it without credentials; it reveals nothing else.
class HealthEndpoint : public HttpHandler {
 public:
  explicit HealthEndpoint(const observability::DatabaseHealth& health)
      : health_(health) {}

  void Handle(HttpRequest request, HttpResponder respond) override;

 private:
  const observability::DatabaseHealth& health_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_OPERATOR_ENDPOINTS_H_

// /metrics on the HTTP listener: the Prometheus text for an admin's key or
// the configured scrape token, and for nobody else; Connect calls counted
// beside gRPC ones.

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/observability/exposition_text.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kScrapeToken[] = "scrape-token-0123456789abcdef";

class MetricsEndpointTest : public ::testing::Test {
 protected:
  HttpReply Scrape(const std::string& bearer, const std::string& verb = "GET") {
    HttpExchange exchange;
    exchange.method = verb;
    exchange.url = absl::StrCat("http://127.0.0.1:",
                                server_.server().http_port(), "/metrics");
    if (!bearer.empty()) {
      exchange.headers.push_back(absl::StrCat("Authorization: Bearer ", bearer));
    }
    return Http(exchange);
  }

  TestServer server_{[](ServerOptions& options) {
    options.metrics_scrape_token = kScrapeToken;
  }};
};

TEST_F(MetricsEndpointTest, AnAdminsKeyReadsThePrometheusText) {
  HttpReply reply = Scrape(server_.api_key(staff::Role::kAdmin));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_THAT(reply.headers["content-type"], HasSubstr("version=0.0.4"));
  EXPECT_TRUE(ParseExposition(reply.body).ok());
  EXPECT_THAT(reply.body, HasSubstr("clinicd_calls_total"));
}

TEST_F(MetricsEndpointTest, TheScrapeTokenReadsThemWithoutAClinicKey) {
  EXPECT_EQ(Scrape(kScrapeToken).status, 200);
  EXPECT_EQ(Scrape("scrape-token-wrong").status, 401);
}

TEST_F(MetricsEndpointTest, NobodyElseMayReadThem) {
  EXPECT_EQ(Scrape("").status, 401);
  EXPECT_EQ(Scrape("not-a-key").status, 401);
  EXPECT_EQ(Scrape(server_.api_key(staff::Role::kFrontDesk)).status, 403);
  EXPECT_EQ(Scrape(server_.api_key(staff::Role::kPractitioner)).status, 403);
  EXPECT_EQ(Scrape(kScrapeToken, "POST").status, 405);
}

TEST_F(MetricsEndpointTest, ConnectCallsAreCountedBesideGrpcCalls) {
  ASSERT_EQ(ConnectJsonCall(server_.server().http_port(),
                            "/clinic.v1.StaffService/GetCaller", "{}",
                            server_.api_key(staff::Role::kFrontDesk))
                .status,
            200);
  const HttpReply reply = Scrape(kScrapeToken);
  ASSERT_EQ(reply.status, 200);
  const auto samples = ParseExposition(reply.body);
  ASSERT_TRUE(samples.ok());
  EXPECT_EQ(SumOf(*samples, "clinicd_calls_total",
                  {{"transport", "connect"}, {"method", "GetCaller"},
                   {"code", "OK"}}),
            1);
}

TEST_F(MetricsEndpointTest, HealthzNeedsNoCredentials) {
  HttpExchange exchange;
  exchange.method = "GET";
  exchange.url = absl::StrCat("http://127.0.0.1:",
                              server_.server().http_port(), "/healthz");
  const HttpReply reply = Http(exchange);
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.body, "SERVING\n");
}

}  // namespace
}  // namespace mesoclinic::testing

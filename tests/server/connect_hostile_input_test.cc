// What no well-behaved HTTP client sends: malformed JSON, unknown fields,
// wrong content types, unknown methods, bodies over the limit, headers that
// never finish, thousands of idle connections, calls from other origins.
// Each gets a clear answer or is closed on a timeout, nothing is written,
// and the server keeps serving gRPC and Connect to everyone else.

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/server/database_snapshot.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;

constexpr char kCreatePatient[] = "/clinic.v1.PatientService/CreatePatient";
constexpr char kGetCaller[] = "/clinic.v1.StaffService/GetCaller";

// A plain TCP connection to the listener.
int Connect(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) !=
      0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Whether the server closes `fd` within `timeout` (reads until EOF).
bool ClosedByServerWithin(int fd, absl::Duration timeout) {
  timeval limit{};
  limit.tv_sec = absl::ToInt64Seconds(timeout);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
  char buffer[4096];
  while (true) {
    const ssize_t got = recv(fd, buffer, sizeof(buffer), 0);
    if (got == 0) return true;   // Closed.
    if (got < 0) return false;   // Timed out (or reset).
  }
}

class ConnectHostileInputTest : public ::testing::Test {
 protected:
  ConnectHostileInputTest()
      : server_([](ServerOptions& options) {
          options.http_max_body_bytes = 64 * 1024;
          options.http_idle_timeout = absl::Seconds(1);
          options.http_allowed_origins = {"https://desk.example.org"};
        }) {}

  int port() { return server_.server().http_port(); }
  std::string key() const {
    return server_.api_key(staff::Role::kFrontDesk);
  }

  HttpReply CreatePatient(const std::string& body,
                          std::vector<std::string> headers = {
                              "Content-Type: application/json"}) {
    HttpExchange exchange;
    exchange.url = absl::StrCat("http://127.0.0.1:", port(), kCreatePatient);
    exchange.headers = std::move(headers);
    exchange.headers.push_back(absl::StrCat("Authorization: Bearer ", key()));
    exchange.body = body;
    return Http(exchange);
  }

  DatabaseSnapshot Snapshot() const {
    // The audit trail records the refused calls; nothing else may change.
    return DatabaseSnapshot::Take(
        server_.database_path(),
        {"audit_events", "audit_chain_head", "audit_event_patients",
         "audit_patient_index_progress"});
  }

  // The server still answers everyone else, over both transports.
  void ExpectStillServing() {
    const HttpReply connect = ConnectJsonCall(port(), kGetCaller, "{}", key());
    EXPECT_EQ(connect.status, 200) << connect.body << connect.error;
    v1::GetCallerResponse caller;
    auto context = ContextWithDeadline(5);
    EXPECT_TRUE(v1::StaffService::NewStub(server_.channel())
                    ->GetCaller(context.get(), {}, &caller)
                    .ok());
  }

  TestServer server_;
};

TEST_F(ConnectHostileInputTest, MalformedJsonIsInvalidArgument) {
  const DatabaseSnapshot before = Snapshot();
  for (const std::string body :
       {"{", "{\"patient\": ", "[]", "\"text\"", "{\"patient\": {\"givenName\": 7}}",
        "\xff\xfe{}", "{\"requestId\": \"\xc3\x28\"}"}) {
    const HttpReply reply = CreatePatient(body);
    EXPECT_EQ(reply.status, 400) << body;
    EXPECT_TRUE(absl::StrContains(reply.body, "\"code\":\"invalid_argument\""))
        << reply.body;
  }
  EXPECT_EQ(Snapshot().DifferencesFrom(before), "");
  ExpectStillServing();
}

TEST_F(ConnectHostileInputTest, AnUnknownFieldIsRefusedByName) {
  const HttpReply reply = CreatePatient(
      "{\"requestId\": \"a\", \"patient\": {\"givenName\": \"Ana\", "
      "\"shoeSize\": 38}}");
  EXPECT_EQ(reply.status, 400);
  EXPECT_TRUE(absl::StrContains(reply.body, "shoeSize")) << reply.body;
}

TEST_F(ConnectHostileInputTest, AWrongContentTypeIs415) {
  const DatabaseSnapshot before = Snapshot();
  for (const std::string type :
       {"text/plain", "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x", "application/json; charset=latin1",
        "application/connect+json"}) {
    HttpReply reply =
        CreatePatient("{}", {absl::StrCat("Content-Type: ", type)});
    EXPECT_EQ(reply.status, 415) << type;
    EXPECT_TRUE(absl::StrContains(reply.headers["accept-post"],
                                  "application/json"));
  }
  EXPECT_EQ(Snapshot().DifferencesFrom(before), "");
}

TEST_F(ConnectHostileInputTest, AnUnknownMethodIs404AndAWrongVerbIs405) {
  EXPECT_EQ(ConnectJsonCall(port(), "/clinic.v1.PatientService/DropTable",
                            "{}", key())
                .status,
            404);
  EXPECT_EQ(ConnectJsonCall(port(), "/../../etc/passwd", "{}", key()).status,
            404);
  HttpExchange get;
  get.method = "GET";
  get.url = absl::StrCat("http://127.0.0.1:", port(), kGetCaller);
  HttpReply reply = Http(get);
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.headers["allow"], "POST");
}

TEST_F(ConnectHostileInputTest, ABodyOverTheLimitIs413BeforeItIsRead) {
  const DatabaseSnapshot before = Snapshot();
  const HttpReply reply = CreatePatient(std::string(200 * 1024, ' '));
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(Snapshot().DifferencesFrom(before), "");
  ExpectStillServing();
}

TEST_F(ConnectHostileInputTest, HeadersThatNeverFinishAreClosedOnATimeout) {
  const int fd = Connect(port());
  ASSERT_GE(fd, 0);
  const std::string partial =
      "POST /clinic.v1.StaffService/GetCaller HTTP/1.1\r\nHost: x\r\n";
  ASSERT_EQ(send(fd, partial.data(), partial.size(), 0),
            static_cast<ssize_t>(partial.size()));
  EXPECT_TRUE(ClosedByServerWithin(fd, absl::Seconds(10)));
  close(fd);
  ExpectStillServing();
}

TEST_F(ConnectHostileInputTest, OversizedHeadersAreRefused) {
  HttpExchange exchange;
  exchange.url = absl::StrCat("http://127.0.0.1:", port(), kGetCaller);
  exchange.headers = {"Content-Type: application/json",
                      absl::StrCat("X-Padding: ", std::string(100000, 'a'))};
  exchange.body = "{}";
  const HttpReply reply = Http(exchange);
  // 431, or the connection closed outright: never served.
  EXPECT_NE(reply.status, 200);
  ExpectStillServing();
}

TEST_F(ConnectHostileInputTest, ThousandsOfIdleConnectionsDoNotStopTheOthers) {
  // Room for the idle connections in this process.
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = std::min<rlim_t>(files.rlim_max, 8192);
  setrlimit(RLIMIT_NOFILE, &files);
  const int wanted = static_cast<int>(
      std::min<rlim_t>(2000, files.rlim_cur > 200 ? files.rlim_cur - 200 : 0));
  std::vector<int> idle;
  for (int i = 0; i < wanted; ++i) {
    const int fd = Connect(port());
    if (fd < 0) break;
    idle.push_back(fd);
  }
  EXPECT_GE(idle.size(), 1000u);
  // Served at once, however many sit idle.
  const absl::Time start = absl::Now();
  ExpectStillServing();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  // And each idle one is closed after the idle timeout.
  int closed = 0;
  for (const int fd : idle) {
    if (ClosedByServerWithin(fd, absl::Seconds(15))) ++closed;
    close(fd);
  }
  EXPECT_EQ(closed, static_cast<int>(idle.size()));
}

TEST_F(ConnectHostileInputTest, ACallFromAnotherOriginIsRefused) {
  const DatabaseSnapshot before = Snapshot();
  const HttpReply refused = CreatePatient(
      "{}", {"Content-Type: application/json", "Origin: https://evil.example"});
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(refused.headers.find("access-control-allow-origin") ==
              refused.headers.end());
  EXPECT_EQ(Snapshot().DifferencesFrom(before), "");
  // The server's own pages, and the allowed origin, may call.
  const HttpReply own = ConnectJsonCall(
      port(), kGetCaller, "{}", key(),
      {absl::StrCat("Origin: http://127.0.0.1:", port())});
  EXPECT_EQ(own.status, 200) << own.body;
  HttpReply allowed = ConnectJsonCall(
      port(), kGetCaller, "{}", key(), {"Origin: https://desk.example.org"});
  EXPECT_EQ(allowed.status, 200);
  EXPECT_EQ(allowed.headers["access-control-allow-origin"],
            "https://desk.example.org");
}

TEST_F(ConnectHostileInputTest, OnlyANamedOriginGetsAPreflightAnswer) {
  HttpExchange preflight;
  preflight.method = "OPTIONS";
  preflight.url = absl::StrCat("http://127.0.0.1:", port(), kGetCaller);
  preflight.headers = {"Origin: https://desk.example.org",
                       "Access-Control-Request-Method: POST"};
  HttpReply allowed = Http(preflight);
  EXPECT_EQ(allowed.status, 204);
  EXPECT_EQ(allowed.headers["access-control-allow-origin"],
            "https://desk.example.org");
  preflight.headers = {"Origin: https://evil.example",
                       "Access-Control-Request-Method: POST"};
  EXPECT_EQ(Http(preflight).status, 403);
}

TEST_F(ConnectHostileInputTest, ACookieCallWithoutTheConnectHeaderIsRefused) {
  // A cross-site form could carry the cookie, but never this header.
  HttpExchange exchange;
  exchange.url = absl::StrCat("http://127.0.0.1:", port(), kGetCaller);
  exchange.headers = {"Content-Type: application/json",
                      "Cookie: mesoclinic_session=abc"};
  exchange.body = "{}";
  const HttpReply refused = Http(exchange);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(absl::StrContains(refused.body, "Connect-Protocol-Version"));
  exchange.headers.push_back("Connect-Protocol-Version: 1");
  // Past the CSRF check, an unknown session is not signed in.
  EXPECT_EQ(Http(exchange).status, 401);
}

TEST_F(ConnectHostileInputTest, ABadTimeoutOrACompressedBodyIsRefused) {
  EXPECT_EQ(ConnectJsonCall(port(), kGetCaller, "{}", key(),
                            {"Connect-Timeout-Ms: soon"})
                .status,
            400);
  EXPECT_EQ(ConnectJsonCall(port(), kGetCaller, "{}", key(),
                            {"Connect-Timeout-Ms: 99999999999"})
                .status,
            400);
  const HttpReply compressed = ConnectJsonCall(
      port(), kGetCaller, "{}", key(), {"Content-Encoding: gzip"});
  EXPECT_EQ(compressed.status, 501);
  EXPECT_TRUE(absl::StrContains(compressed.body, "unimplemented"));
}

TEST_F(ConnectHostileInputTest, TheAuditRecordSaysWhichTransportCarriedTheCall) {
  ASSERT_EQ(ConnectJsonCall(port(), kGetCaller, "{}", key()).status, 200);
  v1::GetCallerResponse caller;
  auto context = ContextWithDeadline(5);
  ASSERT_TRUE(v1::StaffService::NewStub(server_.channel(staff::Role::kFrontDesk))
                  ->GetCaller(context.get(), {}, &caller)
                  .ok());
  v1::ListAuditEventsRequest request;
  request.set_staff_member(
      absl::StrCat("staff/", server_.staff_id(staff::Role::kFrontDesk)));
  request.set_method(kGetCaller);
  v1::ListAuditEventsResponse response;
  auto list_context = ContextWithDeadline(5);
  ASSERT_TRUE(v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin))
                  ->ListAuditEvents(list_context.get(), request, &response)
                  .ok());
  std::vector<std::string> transports;
  for (const v1::AuditEvent& event : response.audit_events()) {
    transports.push_back(event.transport());
  }
  EXPECT_EQ(transports, (std::vector<std::string>{"connect", "grpc"}));
}

}  // namespace
}  // namespace mesoclinic::testing

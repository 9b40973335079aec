// TLS and mutual TLS, with certificates the test makes with the openssl
// command-line tool: a TLS client succeeds, a plaintext one fails; with a
// client CA, a client without a certificate (or with one from another
// authority) fails.
//
// TestServer talks plaintext to the server it starts, so these tests start a
// ClinicServer themselves and read the first admin's key from admin.key.

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/common/authenticated_channel.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "core/server/clinic_server.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http_client.h"
#include "tests/support/raw_call.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;

std::string Contents(const std::string& path) {
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

// Runs `command` in `dir`, quietly; false when it fails.
bool Run(const TempDir& dir, const std::string& command) {
  const std::string full = absl::StrCat("cd '", dir.path().string(), "' && ",
                                        command, " >openssl.log 2>&1");
  return std::system(full.c_str()) == 0;
}

// A certificate authority and certificates it signs, made at test time with
// one openssl command each: EC P-256 keys, so that it takes milliseconds.
class Pki {
 public:
  // Makes a CA named `name`: files <name>-ca.pem and <name>-ca.key.
  bool MakeCa(const std::string& name) {
    return Run(dir_, absl::StrCat(
                         "openssl req -x509 -newkey ec -pkeyopt "
                         "ec_paramgen_curve:prime256v1 -nodes -keyout ",
                         name, "-ca.key -sha256 -days 2 -subj '/CN=", name,
                         " test CA' -addext basicConstraints=critical,CA:TRUE "
                         "-addext keyUsage=critical,keyCertSign,cRLSign -out ",
                         name, "-ca.pem"));
  }

  // Makes <leaf>.pem and <leaf>.key signed by the CA `ca`, with the
  // extensions `extensions` (openssl -addext arguments).
  bool MakeLeaf(const std::string& ca, const std::string& leaf,
                const std::string& common_name, const std::string& extensions) {
    return Run(dir_,
               absl::StrCat("openssl req -x509 -newkey ec -pkeyopt "
                            "ec_paramgen_curve:prime256v1 -nodes -keyout ",
                            leaf, ".key -CA ", ca, "-ca.pem -CAkey ", ca,
                            "-ca.key -sha256 -days 2 -subj '/CN=", common_name,
                            "' ", extensions, " -out ", leaf, ".pem"));
  }

  std::string File(const std::string& name) const { return dir_.File(name); }
  std::string Pem(const std::string& name) const {
    return Contents(dir_.File(name));
  }

 private:
  TempDir dir_;
};

// The server's certificate names the loopback addresses it is reached at:
// clients check the subjectAltName, not the common name.
constexpr char kServerExtensions[] =
    "-addext basicConstraints=critical,CA:FALSE "
    "-addext keyUsage=critical,digitalSignature "
    "-addext extendedKeyUsage=serverAuth "
    "-addext subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1";

constexpr char kClientExtensions[] =
    "-addext basicConstraints=critical,CA:FALSE "
    "-addext keyUsage=critical,digitalSignature "
    "-addext extendedKeyUsage=clientAuth";

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pki_.MakeCa("clinic"))
        << "is the openssl command-line tool installed (scripts/setup.sh)? "
        << pki_.Pem("openssl.log");
    ASSERT_TRUE(pki_.MakeCa("other")) << pki_.Pem("openssl.log");
    ASSERT_TRUE(pki_.MakeLeaf("clinic", "server", "localhost", kServerExtensions))
        << pki_.Pem("openssl.log");
    ASSERT_TRUE(pki_.MakeLeaf("clinic", "client", "front desk tablet",
                              kClientExtensions))
        << pki_.Pem("openssl.log");
    ASSERT_TRUE(pki_.MakeLeaf("other", "stranger", "someone else",
                              kClientExtensions))
        << pki_.Pem("openssl.log");
  }

  // Starts a server with TLS (and mutual TLS when `client_ca` is set).
  void StartServer(const std::string& client_ca = "",
                   const std::string& listen_address = "127.0.0.1:0") {
    ServerOptions options;
    options.database_path = db_dir_.File("clinic.db");
    options.listen_address = listen_address;
    options.http_listen_address = "127.0.0.1:0";
    options.tls = TlsOptions{pki_.File("server.pem"), pki_.File("server.key"),
                             client_ca};
    absl::StatusOr<std::unique_ptr<ClinicServer>> server =
        ClinicServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    admin_key_ = ReadKeyFile(AdminKeyFile(options.database_path));
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::ZeroDuration());
  }

  std::string Target() const {
    return absl::StrCat("127.0.0.1:", server_->port());
  }

  // TLS credentials trusting `ca` (a CA name), presenting `client` (a leaf
  // name) when set.
  std::shared_ptr<grpc::ChannelCredentials> Tls(
      const std::string& ca = "clinic", const std::string& client = "") const {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pki_.Pem(ca + "-ca.pem");
    if (!client.empty()) {
      ssl.pem_private_key = pki_.Pem(client + ".key");
      ssl.pem_cert_chain = pki_.Pem(client + ".pem");
    }
    return grpc::SslCredentials(ssl);
  }

  grpc::Status CallGetCaller(
      const std::shared_ptr<grpc::ChannelCredentials>& credentials,
      v1::GetCallerResponse* caller) {
    auto stub = v1::StaffService::NewStub(
        clients::CreateAuthenticatedChannel(Target(), credentials, admin_key_));
    return stub->GetCaller(ContextWithDeadline(5).get(), {}, caller);
  }

  Pki pki_;
  TempDir db_dir_;
  std::unique_ptr<ClinicServer> server_;
  std::string admin_key_;
};

TEST_F(TlsTest, TlsClientSucceeds) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  v1::GetCallerResponse caller;
  const grpc::Status status = CallGetCaller(Tls(), &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.staff_member().role(), v1::ROLE_ADMIN);
}

TEST_F(TlsTest, PlaintextClientFails) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  v1::GetCallerResponse caller;
  const grpc::Status status =
      CallGetCaller(grpc::InsecureChannelCredentials(), &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
  // Not even health checking answers in plaintext.
  const RawResponse health = RawUnaryCall(
      grpc::CreateChannel(Target(), grpc::InsecureChannelCredentials()),
      "/grpc.health.v1.Health/Check", "");
  EXPECT_EQ(health.status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsTest, ClientThatDoesNotTrustTheServersCaFails) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  v1::GetCallerResponse caller;
  const grpc::Status status = CallGetCaller(Tls("other"), &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

// TLS protects the channel; it does not replace the API key.
TEST_F(TlsTest, TlsClientWithoutAKeyIsUnauthenticated) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const RawResponse response =
      RawUnaryCall(grpc::CreateChannel(Target(), Tls()),
                   "/clinic.v1.StaffService/GetCaller", "");
  EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(response.status.error_message(), HasSubstr("missing"));
}

// With TLS, clinicd may listen where other machines can reach it.
TEST_F(TlsTest, TlsServesOnANonLoopbackAddress) {
  ASSERT_NO_FATAL_FAILURE(StartServer("", "0.0.0.0:0"));
  v1::GetCallerResponse caller;
  const grpc::Status status = CallGetCaller(Tls(), &caller);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TlsTest, UnreadableCertificateOrKeyIsRefusedNamingTheFlag) {
  TempDir dir;
  ServerOptions options;
  options.database_path = dir.File("clinic.db");
  options.listen_address = "127.0.0.1:0";
  options.tls = TlsOptions{dir.File("missing.pem"), pki_.File("server.key"), ""};
  absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(server.status().message(), HasSubstr("--tls_cert"));

  options.tls = TlsOptions{pki_.File("server.pem"), dir.File("missing.key"), ""};
  server = ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(server.status().message(), HasSubstr("--tls_key"));

  options.tls = TlsOptions{pki_.File("server.pem"), pki_.File("server.key"),
                           dir.File("missing-ca.pem")};
  server = ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(server.status().message(), HasSubstr("--tls_client_ca"));
}

TEST_F(TlsTest, MutualTlsAcceptsAClientCertificateSignedByTheCa) {
  ASSERT_NO_FATAL_FAILURE(StartServer(pki_.File("clinic-ca.pem")));
  v1::GetCallerResponse caller;
  const grpc::Status status = CallGetCaller(Tls("clinic", "client"), &caller);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(caller.staff_member().role(), v1::ROLE_ADMIN);
}

TEST_F(TlsTest, MutualTlsRefusesAClientWithoutACertificate) {
  ASSERT_NO_FATAL_FAILURE(StartServer(pki_.File("clinic-ca.pem")));
  v1::GetCallerResponse caller;
  const grpc::Status status = CallGetCaller(Tls(), &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

TEST_F(TlsTest, MutualTlsRefusesACertificateFromAnotherAuthority) {
  ASSERT_NO_FATAL_FAILURE(StartServer(pki_.File("clinic-ca.pem")));
  v1::GetCallerResponse caller;
  const grpc::Status status = CallGetCaller(Tls("clinic", "stranger"), &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

TEST_F(TlsTest, MutualTlsRefusesPlaintext) {
  ASSERT_NO_FATAL_FAILURE(StartServer(pki_.File("clinic-ca.pem")));
  v1::GetCallerResponse caller;
  const grpc::Status status =
      CallGetCaller(grpc::InsecureChannelCredentials(), &caller);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
}

// A client certificate is an extra gate, not a substitute for the key.
TEST_F(TlsTest, MutualTlsStillRequiresAnApiKey) {
  ASSERT_NO_FATAL_FAILURE(StartServer(pki_.File("clinic-ca.pem")));
  const RawResponse response =
      RawUnaryCall(grpc::CreateChannel(Target(), Tls("clinic", "client")),
                   "/clinic.v1.StaffService/GetCaller", "");
  EXPECT_EQ(response.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// The HTTP listener serves the same certificate, and asks for the same
// client certificates.
HttpReply HttpsGetCaller(int port, const std::string& key,
                         const std::string& ca_file,
                         const std::string& client = "",
                         const Pki* pki = nullptr) {
  HttpExchange exchange;
  exchange.url = absl::StrCat("https://127.0.0.1:", port,
                              "/clinic.v1.StaffService/GetCaller");
  exchange.headers = {"Content-Type: application/json",
                      absl::StrCat("Authorization: Bearer ", key)};
  exchange.body = "{}";
  exchange.ca_file = ca_file;
  if (!client.empty()) {
    exchange.client_certificate_file = pki->File(client + ".pem");
    exchange.client_key_file = pki->File(client + ".key");
  }
  return Http(exchange);
}

TEST_F(TlsTest, HttpsClientSucceeds) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const HttpReply reply = HttpsGetCaller(server_->http_port(), admin_key_,
                                         pki_.File("clinic-ca.pem"));
  EXPECT_EQ(reply.status, 200) << reply.error << reply.body;
  EXPECT_THAT(reply.body, HasSubstr("ROLE_ADMIN"));
}

TEST_F(TlsTest, PlainHttpToTheTlsListenerIsNeverServed) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const HttpReply reply = ConnectJsonCall(
      server_->http_port(), "/clinic.v1.StaffService/GetCaller", "{}",
      admin_key_);
  EXPECT_NE(reply.status, 200);
  EXPECT_THAT(reply.body, ::testing::Not(HasSubstr("ROLE_ADMIN")));
}

TEST_F(TlsTest, HttpsClientThatDoesNotTrustTheServersCaFails) {
  ASSERT_NO_FATAL_FAILURE(StartServer());
  const HttpReply reply = HttpsGetCaller(server_->http_port(), admin_key_,
                                         pki_.File("other-ca.pem"));
  EXPECT_EQ(reply.status, 0);
  EXPECT_FALSE(reply.error.empty());
}

TEST_F(TlsTest, MutualTlsOverHttpsAcceptsOnlyTheCasClients) {
  ASSERT_NO_FATAL_FAILURE(StartServer(pki_.File("clinic-ca.pem")));
  const int port = server_->http_port();
  const std::string ca = pki_.File("clinic-ca.pem");
  EXPECT_EQ(HttpsGetCaller(port, admin_key_, ca, "client", &pki_).status, 200);
  const HttpReply without = HttpsGetCaller(port, admin_key_, ca);
  EXPECT_NE(without.status, 200);
  EXPECT_THAT(without.body, ::testing::Not(HasSubstr("ROLE_ADMIN")));
  const HttpReply stranger =
      HttpsGetCaller(port, admin_key_, ca, "stranger", &pki_);
  EXPECT_NE(stranger.status, 200);
  EXPECT_THAT(stranger.body, ::testing::Not(HasSubstr("ROLE_ADMIN")));
}

TEST(PlaintextGateTest, TheHttpListenerRefusesPlaintextOffLoopback) {
  TempDir dir;
  ServerOptions options;
  options.database_path = dir.File("clinic.db");
  options.listen_address = "127.0.0.1:0";
  options.http_listen_address = "0.0.0.0:0";
  const absl::StatusOr<std::unique_ptr<ClinicServer>> server =
      ClinicServer::Start(options);
  EXPECT_EQ(server.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(server.status().message(), HasSubstr("0.0.0.0:0"));
}

// Without TLS, clinicd serves only loopback addresses. A host name is not an
// address: "127.clinic.example" may resolve anywhere.
// Regression: IsLoopbackAddress once took any host starting with "127.".
TEST(PlaintextGateTest, HostNamesStartingWith127AreNotLoopback) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackAddress("127.255.255.254:50051"));
  EXPECT_FALSE(IsLoopbackAddress("127.clinic.example:50051"));
  EXPECT_FALSE(IsLoopbackAddress("127.0.0.1.nip.example:50051"));
  EXPECT_FALSE(IsLoopbackAddress("127.0.0.1evil:50051"));
}

}  // namespace
}  // namespace mesoclinic::testing

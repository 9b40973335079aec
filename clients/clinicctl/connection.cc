#include "clients/clinicctl/connection.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/common/authenticated_channel.h"

namespace mesoclinic::clinicctl {
namespace {

std::string ReadFile(const std::string& path, const std::string& flag) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw ConnectionError(absl::StrCat(flag, ": cannot read ", path));
  }
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// The server refuses calls it has no room for with RESOURCE_EXHAUSTED and
// is UNAVAILABLE while it restarts: clinicctl tries such a call up to 4
// times, 0.2 s then up to 2 s apart (with gRPC's jitter), before giving up.
// Safe for changes: every change carries a request_id, and a change the
// server already made is answered, not made again.
constexpr char kRetryServiceConfig[] = R"json({
  "methodConfig": [{
    "name": [{}],
    "retryPolicy": {
      "maxAttempts": 4,
      "initialBackoff": "0.2s",
      "maxBackoff": "2s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE", "RESOURCE_EXHAUSTED"]
    }
  }]
})json";

}  // namespace

std::string ReadApiKey(const ConnectionOptions& options) {
  std::string key;
  if (!options.key_file.empty()) {
    const std::string content = ReadFile(options.key_file, "--key-file");
    key = content.substr(0, content.find('\n'));
  } else if (const char* env = std::getenv("CLINIC_API_KEY"); env != nullptr) {
    key = env;
  }
  key = std::string(absl::StripAsciiWhitespace(key));
  if (key.empty()) {
    throw ConnectionError(
        options.key_file.empty()
            ? "no API key: pass --key-file FILE or set CLINIC_API_KEY (after "
              "clinicd's first start, the first admin's key is in "
              "var/admin.key)"
            : absl::StrCat("--key-file: ", options.key_file, " is empty"));
  }
  return key;
}

std::shared_ptr<grpc::Channel> Connect(const ConnectionOptions& options) {
  const bool tls = options.tls || !options.tls_ca.empty() ||
                   !options.tls_cert.empty() || !options.tls_key.empty();
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw ConnectionError("--tls-cert and --tls-key go together: give both");
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (tls) {
    grpc::SslCredentialsOptions ssl;
    if (!options.tls_ca.empty()) {
      ssl.pem_root_certs = ReadFile(options.tls_ca, "--tls-ca");
    }
    if (!options.tls_cert.empty()) {
      ssl.pem_cert_chain = ReadFile(options.tls_cert, "--tls-cert");
      ssl.pem_private_key = ReadFile(options.tls_key, "--tls-key");
    }
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  grpc::ChannelArguments arguments;
  arguments.SetServiceConfigJSON(kRetryServiceConfig);
  return clients::CreateAuthenticatedChannel(options.server, credentials,
                                             ReadApiKey(options), arguments);
}

}  // namespace mesoclinic::clinicctl

#ifndef MESOCLINIC_CORE_SERVER_TLS_OPTIONS_H_
#define MESOCLINIC_CORE_SERVER_TLS_OPTIONS_H_

#include <string>

namespace mesoclinic {

// The certificate files both listeners (gRPC and HTTP) serve TLS with.
struct TlsOptions {
  // PEM files: the server's certificate chain and private key.
  std::string certificate_file;
  std::string private_key_file;
  // When set, clients must present a certificate signed by one of these
  // authorities (mutual TLS).
  std::string client_ca_file;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_TLS_OPTIONS_H_

#ifndef MESOCLINIC_CLIENTS_CLINICCTL_CONNECTION_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_CONNECTION_H_

// How clinicctl reaches the server: address, API key, TLS.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace mesoclinic::clinicctl {

struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";
  // The API key's file; empty: the CLINIC_API_KEY environment variable.
  std::string key_file;
  bool tls = false;
  // PEM files: the authority to trust (empty: the system's), and the
  // client certificate and key for mutual TLS.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
};

// The API key from --key-file (its first line) or CLINIC_API_KEY. A
// ConnectionError when neither gives one.
std::string ReadApiKey(const ConnectionOptions& options);

// A channel sending the key with every call, which retries a call refused
// with RESOURCE_EXHAUSTED (server overloaded) or UNAVAILABLE a few times
// with backoff. A ConnectionError when a file cannot be read or the options
// do not fit together.
std::shared_ptr<grpc::Channel> Connect(const ConnectionOptions& options);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_CONNECTION_H_

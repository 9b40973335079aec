#ifndef MESOCLINIC_CORE_AUTH_CREDENTIALS_H_
#define MESOCLINIC_CORE_AUTH_CREDENTIALS_H_

// What a call presents to say who makes it, as its transport received it:
// the same for a gRPC call and a Connect call over HTTP.

#include <optional>
#include <string>

namespace mesoclinic::auth {

struct Credentials {
  // The "authorization" metadata or header: "Bearer <api key>", as sent.
  std::optional<std::string> authorization;
  // The staff sign-in session's token, from the browser's session cookie.
  std::optional<std::string> session_token;
  // Where the call came from ("ipv4:127.0.0.1:53412", "ipv6:[::1]:8080"):
  // what sign-in throttling counts failures per.
  std::string client_address;
};

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_CREDENTIALS_H_

#ifndef MESOCLINIC_TESTS_SUPPORT_RAW_HTTP_H_
#define MESOCLINIC_TESTS_SUPPORT_RAW_HTTP_H_

// One HTTP/1.1 request written byte for byte on a plain TCP connection, for
// what curl would not send as given: a target with "/../", "//", a
// backslash or an escaped NUL (curl normalizes or refuses them), and HEAD
// (whose answer has headers and no body, which curl would wait for).

#include <map>
#include <string>
#include <vector>

namespace mesoclinic::testing {

struct RawHttpReply {
  int status = 0;  // 0 when there was no parsable answer.
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  std::string body;
};

// Sends "`method` `target` HTTP/1.1" with Host, Connection: close and
// `headers` ("Name: value") to 127.0.0.1:`port`, and reads the answer until
// the server closes the connection (10 seconds at most).
RawHttpReply RawHttp(int port, const std::string& method,
                     const std::string& target,
                     const std::vector<std::string>& headers = {});

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_RAW_HTTP_H_

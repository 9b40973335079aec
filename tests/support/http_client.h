#ifndef MESOCLINIC_TESTS_SUPPORT_HTTP_CLIENT_H_
#define MESOCLINIC_TESTS_SUPPORT_HTTP_CLIENT_H_

// A real HTTP/1.1 client (libcurl) for tests of clinicd's HTTP listener:
// whole exchanges, and streams read as they arrive.

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace mesoclinic::testing {

struct HttpReply {
  long status = 0;  // 0 when the exchange failed (see error).
  // Header names in lower case.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;
};

struct HttpExchange {
  std::string method = "POST";
  std::string url;  // "http://127.0.0.1:8080/clinic.v1.StaffService/GetCaller"
  // "Name: value" lines.
  std::vector<std::string> headers;
  std::string body;
  absl::Duration timeout = absl::Seconds(10);
  // HTTPS: the authority the server's certificate must chain to, and the
  // client's own certificate and key (mutual TLS), as PEM files.
  std::string ca_file;
  std::string client_certificate_file;
  std::string client_key_file;
};

HttpReply Http(const HttpExchange& exchange);

// A Connect unary call with JSON: POST `path` on 127.0.0.1:`port`, with
// `api_key` as a bearer key when not empty.
HttpReply ConnectJsonCall(int port, const std::string& path,
                          const std::string& json, const std::string& api_key,
                          std::vector<std::string> extra_headers = {});

// A request whose response body is read while it arrives, on a thread of
// its own, until Cancel or the server ends it.
class HttpStream {
 public:
  explicit HttpStream(HttpExchange exchange);
  // Cancels and joins.
  ~HttpStream();

  // Waits until the body read so far satisfies `ready`; false after
  // `timeout`.
  bool WaitFor(const std::function<bool(const std::string& body)>& ready,
               absl::Duration timeout);
  // Waits for the server to end the response; false after `timeout`.
  bool WaitForEnd(absl::Duration timeout);

  std::string body() const;
  long status() const;
  void Cancel() { cancelled_ = true; }

 private:
  static size_t OnData(char* data, size_t size, size_t count, void* self);
  static int OnProgress(void* self, long, long, long, long);

  std::atomic<bool> cancelled_{false};
  mutable absl::Mutex mutex_;
  std::string body_ ABSL_GUARDED_BY(mutex_);
  bool ended_ ABSL_GUARDED_BY(mutex_) = false;
  long status_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

// The messages of a Connect stream body (5-byte envelopes): each message's
// flags and bytes, as far as the body is complete.
struct Enveloped {
  int flags = 0;
  std::string bytes;
};
std::vector<Enveloped> SplitEnvelopes(const std::string& body);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_HTTP_CLIENT_H_

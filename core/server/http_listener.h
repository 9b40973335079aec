#ifndef MESOCLINIC_CORE_SERVER_HTTP_LISTENER_H_
#define MESOCLINIC_CORE_SERVER_HTTP_LISTENER_H_

// clinicd's HTTP/1.1 listener, on GNU libmicrohttpd: what browsers, curl
// and monitoring reach (the Connect protocol, /metrics, /healthz).
//
// Event-driven: an idle connection costs a file descriptor, not a thread,
// so thousands of idle or slow clients do not keep others waiting; each is
// closed after `idle_timeout` without a byte. Bodies past `max_body_bytes`
// are refused with 413 before they are read, headers past libmicrohttpd's
// per-connection memory with 431. A call that takes time (a write waiting
// for the storage writer, a stream waiting for its next message) suspends
// its connection instead of holding a thread.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/base/periodic_task.h"
#include "core/server/tls_options.h"

struct MHD_Daemon;

namespace mesoclinic {

struct HttpRequest {
  std::string method;  // "POST"
  std::string path;    // "/clinic.v1.PatientService/GetPatient"
  // Header names in lower case; a repeated header keeps its last value.
  absl::flat_hash_map<std::string, std::string> headers;
  std::string body;
  // "ipv4:127.0.0.1:53412", "ipv6:[::1]:53412".
  std::string client_address;
  // Whether the request came over TLS.
  bool tls = false;

  // The header's value, or null.
  const std::string* Header(absl::string_view lower_case_name) const;
};

// A response body produced while it is sent (a server stream), pulled by
// the listener as the connection can take it.
class StreamingBody {
 public:
  virtual ~StreamingBody() = default;

  enum class Next { kData, kWaiting, kEnd };
  // Appends the next bytes to `out` (kData); or kWaiting when none are
  // ready yet, and then `wake` runs once, from any thread, when some are;
  // or kEnd after the last bytes.
  virtual Next Read(std::string& out, absl::AnyInvocable<void()> wake) = 0;

  // Asked every second or so while the body waits: whether it has
  // something to send although nothing woke it: a keep-alive after a quiet
  // spell (so that a client that vanished is noticed when the write
  // fails), or its end when its deadline passed. Its next Read gives it.
  virtual bool NeedsAttention(absl::Time now) = 0;

  // The connection is done with the body: sent, or the client went away.
  virtual void Close() = 0;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When set, sent as a chunked body instead of `body`.
  std::unique_ptr<StreamingBody> stream;
};

using HttpResponder = absl::AnyInvocable<void(HttpResponse response)>;

class HttpHandler {
 public:
  virtual ~HttpHandler() = default;
  // Answers `request` by calling `respond` exactly once, now or later, on
  // any thread.
  virtual void Handle(HttpRequest request, HttpResponder respond) = 0;
};

struct HttpListenerOptions {
  // host:port; port 0 picks a free port.
  std::string address = "127.0.0.1:8080";
  std::optional<TlsOptions> tls;
  std::size_t max_body_bytes = 4 << 20;
  // Connections open at once; more are refused at accept.
  unsigned max_connections = 4096;
  // A connection that sends nothing for this long (headers that never
  // finish, an idle keep-alive) is closed.
  absl::Duration idle_timeout = absl::Seconds(30);
  // Threads polling the connections (each runs the calls it reads).
  int threads = 4;
  // How often waiting streams are looked at: whether their client closed
  // its connection, a keep-alive is due or their deadline passed.
  absl::Duration stream_check_interval = absl::Seconds(1);
};

class HttpListener {
 public:
  // Listens on `options.address`, answering every request with `handler`,
  // which must outlive the listener.
  static absl::StatusOr<std::unique_ptr<HttpListener>> Start(
      const HttpListenerOptions& options, HttpHandler& handler);

  // Stops.
  ~HttpListener();

  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // The port actually listened on.
  int port() const { return port_; }

  // Stops accepting, ends every request in progress (a waiting call is
  // answered 503, a stream cut) and closes every connection. Idempotent.
  void Stop();

  // One request's state, shared with the listener's callbacks.
  struct Exchange;

 private:
  HttpListener(HttpHandler& handler, std::size_t max_body_bytes)
      : handler_(handler), max_body_bytes_(max_body_bytes) {}

  // The callbacks libmicrohttpd calls (see http_listener.cc).
  friend struct HttpListenerCallbacks;

  void Register(const std::shared_ptr<Exchange>& exchange);
  void Unregister(const std::shared_ptr<Exchange>& exchange);
  // Wakes every waiting stream whose client closed its connection (to be
  // closed here too), or that needs attention (a keep-alive, its deadline).
  void CheckWaitingStreams();

  HttpHandler& handler_;
  const std::size_t max_body_bytes_;
  MHD_Daemon* daemon_ = nullptr;
  int port_ = 0;
  std::string tls_key_;
  std::string tls_certificate_;
  std::string tls_trust_;
  absl::Mutex mutex_;
  // Every request in progress, to wake at Stop and to tick.
  absl::flat_hash_set<std::shared_ptr<Exchange>> exchanges_
      ABSL_GUARDED_BY(mutex_);
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::unique_ptr<PeriodicTask> ticker_;
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_SERVER_HTTP_LISTENER_H_

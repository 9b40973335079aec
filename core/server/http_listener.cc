#include "core/server/http_listener.h"

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

#include <spdlog/spdlog.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/base/status_macros.h"

namespace mesoclinic {

// One request's state. Owned by the connection (through MHD's per-request
// pointer) and by the listener's set of requests in progress; a response
// that arrives after the client went away finds `alive` false.
struct HttpListener::Exchange {
  std::weak_ptr<Exchange> self;
  MHD_Connection* connection = nullptr;
  HttpRequest request;
  bool too_large = false;
  bool dispatched = false;

  absl::Mutex mutex;
  bool alive ABSL_GUARDED_BY(mutex) = true;
  bool suspended ABSL_GUARDED_BY(mutex) = false;
  bool stopping ABSL_GUARDED_BY(mutex) = false;
  // The client closed its connection while the stream waited.
  bool client_gone ABSL_GUARDED_BY(mutex) = false;
  // The handler's answer, until it is queued.
  std::optional<HttpResponse> response ABSL_GUARDED_BY(mutex);
  // A streamed body being sent, and its bytes not yet handed to MHD. Used
  // on the connection's thread only (and under `mutex` to tick).
  std::unique_ptr<StreamingBody> stream;
  std::string pending;
  std::size_t pending_offset = 0;
  bool stream_ended = false;

  // Resumes the connection if it waits. Call with `mutex` held.
  void ResumeLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex) {
    if (alive && suspended) {
      suspended = false;
      MHD_resume_connection(connection);
    }
  }

  // What resumes this exchange's connection later, from any thread, and
  // does nothing once the connection is gone.
  absl::AnyInvocable<void()> Waker() const {
    return [weak = self] {
      if (std::shared_ptr<Exchange> exchange = weak.lock()) {
        absl::MutexLock lock(&exchange->mutex);
        exchange->ResumeLocked();
      }
    };
  }
};

const std::string* HttpRequest::Header(absl::string_view name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? nullptr : &it->second;
}

namespace {

using Exchange = HttpListener::Exchange;

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     absl::string_view what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": cannot read ", path));
  }
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string AddressText(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (address == nullptr) return "";
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    return absl::StrCat("ipv4:", text, ":", ntohs(v4->sin_port));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    return absl::StrCat("ipv6:[", text, "]:", ntohs(v6->sin6_port));
  }
  return "";
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key,
                         const char* value) {
  auto* headers =
      static_cast<absl::flat_hash_map<std::string, std::string>*>(cls);
  (*headers)[absl::AsciiStrToLower(key)] = value == nullptr ? "" : value;
  return MHD_YES;
}

// Whether a TLS client presented a certificate the trusted authorities
// signed (mutual TLS).
bool ClientCertificateVerified(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(
      connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
  if (info == nullptr || info->tls_session == nullptr) return false;
  auto session = static_cast<gnutls_session_t>(info->tls_session);
  unsigned int list_size = 0;
  if (gnutls_certificate_get_peers(session, &list_size) == nullptr ||
      list_size == 0) {
    return false;
  }
  unsigned int verification = 0;
  return gnutls_certificate_verify_peers2(session, &verification) == 0 &&
         verification == 0;
}

void QueuePlain(MHD_Connection* connection, int status,
                const std::vector<std::pair<std::string, std::string>>& headers,
                absl::string_view body) {
  MHD_Response* response = MHD_create_response_from_buffer(
      body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  for (const auto& [name, value] : headers) {
    MHD_add_response_header(response, name.c_str(), value.c_str());
  }
  MHD_queue_response(connection, static_cast<unsigned>(status), response);
  MHD_destroy_response(response);
}

// A refusal the listener makes itself, before any handler: JSON in the
// Connect protocol's error shape, which every client here understands.
void QueueRefusal(MHD_Connection* connection, int status,
                  absl::string_view code, absl::string_view message) {
  QueuePlain(connection, status, {{"Content-Type", "application/json"}},
             absl::StrCat("{\"code\":\"", code, "\",\"message\":\"", message,
                          "\"}"));
}

ssize_t ReadStream(void* cls, uint64_t, char* buffer, size_t max);

void Queue(Exchange& exchange, HttpResponse response) {
  if (response.stream == nullptr) {
    QueuePlain(exchange.connection, response.status, response.headers,
               response.body);
    return;
  }
  exchange.stream = std::move(response.stream);
  MHD_Response* streamed = MHD_create_response_from_callback(
      MHD_SIZE_UNKNOWN, 16 * 1024, &ReadStream, &exchange, nullptr);
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(streamed, name.c_str(), value.c_str());
  }
  MHD_queue_response(exchange.connection,
                     static_cast<unsigned>(response.status), streamed);
  MHD_destroy_response(streamed);
}

ssize_t ReadStream(void* cls, uint64_t, char* buffer, size_t max) {
  Exchange& exchange = *static_cast<Exchange*>(cls);
  if (exchange.pending_offset == exchange.pending.size()) {
    if (exchange.stream_ended) return MHD_CONTENT_READER_END_OF_STREAM;
    exchange.pending.clear();
    exchange.pending_offset = 0;
    absl::MutexLock lock(&exchange.mutex);
    if (exchange.stopping || exchange.client_gone) {
      return MHD_CONTENT_READER_END_WITH_ERROR;
    }
    const StreamingBody::Next next =
        exchange.stream->Read(exchange.pending, exchange.Waker());
    if (next == StreamingBody::Next::kEnd) exchange.stream_ended = true;
    if (next == StreamingBody::Next::kWaiting && exchange.pending.empty()) {
      MHD_suspend_connection(exchange.connection);
      exchange.suspended = true;
      return 0;
    }
    if (exchange.pending.empty()) return MHD_CONTENT_READER_END_OF_STREAM;
  }
  const std::size_t size =
      std::min(max, exchange.pending.size() - exchange.pending_offset);
  std::memcpy(buffer, exchange.pending.data() + exchange.pending_offset, size);
  exchange.pending_offset += size;
  return static_cast<ssize_t>(size);
}

}  // namespace

// libmicrohttpd's callbacks, friends of the listener.
struct HttpListenerCallbacks {
  static MHD_Result OnRequest(void* cls, MHD_Connection* connection,
                              const char* url, const char* method,
                              const char*, const char* upload_data,
                              size_t* upload_data_size, void** request_state);
  static void OnCompleted(void* cls, MHD_Connection*, void** request_state,
                          MHD_RequestTerminationCode);
  static void OnLog(void*, const char* format, va_list arguments);
};

MHD_Result HttpListenerCallbacks::OnRequest(
    void* cls, MHD_Connection* connection, const char* url,
    const char* method, const char*, const char* upload_data,
    size_t* upload_data_size, void** request_state) {
  auto* listener = static_cast<HttpListener*>(cls);
  if (*request_state == nullptr) {
    // The headers have arrived; the body (if any) follows.
    auto exchange = std::make_shared<Exchange>();
    exchange->self = exchange;
    exchange->connection = connection;
    HttpRequest& request = exchange->request;
    request.method = method;
    request.path = url;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader,
                              &request.headers);
    if (const MHD_ConnectionInfo* info = MHD_get_connection_info(
            connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        info != nullptr) {
      request.client_address = AddressText(info->client_addr);
    }
    request.tls = !listener->tls_key_.empty();
    *request_state = new std::shared_ptr<Exchange>(exchange);
    listener->Register(exchange);
    if (const std::string* length = request.Header("content-length")) {
      uint64_t declared = 0;
      if (absl::SimpleAtoi(*length, &declared) &&
          declared > listener->max_body_bytes_) {
        exchange->too_large = true;
      }
    }
    return MHD_YES;
  }
  Exchange& exchange = **static_cast<std::shared_ptr<Exchange>*>(*request_state);
  if (*upload_data_size > 0) {
    if (!exchange.too_large) {
      if (exchange.request.body.size() + *upload_data_size >
          listener->max_body_bytes_) {
        exchange.too_large = true;
        std::string().swap(exchange.request.body);
      } else {
        exchange.request.body.append(upload_data, *upload_data_size);
      }
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (!exchange.dispatched) {
    exchange.dispatched = true;
    if (exchange.too_large) {
      QueueRefusal(connection, MHD_HTTP_CONTENT_TOO_LARGE, "resource_exhausted",
                   absl::StrCat("the request body is larger than ",
                                listener->max_body_bytes_, " bytes"));
      return MHD_YES;
    }
    if (!listener->tls_trust_.empty() &&
        !ClientCertificateVerified(connection)) {
      QueueRefusal(connection, MHD_HTTP_UNAUTHORIZED, "unauthenticated",
                   "a client certificate signed by the clinic's authority is "
                   "required");
      return MHD_YES;
    }
    listener->handler_.Handle(
        std::move(exchange.request),
        [weak = exchange.self](HttpResponse response) {
          std::shared_ptr<Exchange> answered = weak.lock();
          if (answered == nullptr) return;
          absl::MutexLock lock(&answered->mutex);
          if (!answered->alive) return;
          answered->response = std::move(response);
          answered->ResumeLocked();
        });
  }
  // Dispatched: answer now if the handler has, or wait for it.
  absl::MutexLock lock(&exchange.mutex);
  if (exchange.response.has_value()) {
    HttpResponse response = std::move(*exchange.response);
    exchange.response.reset();
    Queue(exchange, std::move(response));
    return MHD_YES;
  }
  if (exchange.stopping) {
    QueueRefusal(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "unavailable",
                 "the server is shutting down; try again");
    return MHD_YES;
  }
  MHD_suspend_connection(connection);
  exchange.suspended = true;
  return MHD_YES;
}

void HttpListenerCallbacks::OnCompleted(void* cls, MHD_Connection*,
                                        void** request_state,
                                        MHD_RequestTerminationCode) {
  auto* holder = static_cast<std::shared_ptr<Exchange>*>(*request_state);
  if (holder == nullptr) return;
  *request_state = nullptr;
  std::shared_ptr<Exchange> exchange = std::move(*holder);
  delete holder;
  {
    absl::MutexLock lock(&exchange->mutex);
    exchange->alive = false;
  }
  if (exchange->stream != nullptr) exchange->stream->Close();
  static_cast<HttpListener*>(cls)->Unregister(exchange);
}

void HttpListenerCallbacks::OnLog(void*, const char* format,
                                  va_list arguments) {
  char line[512];
  std::vsnprintf(line, sizeof(line), format, arguments);
  std::string text = line;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  spdlog::debug("http: {}", text);
}

void HttpListener::Register(const std::shared_ptr<Exchange>& exchange) {
  absl::MutexLock lock(&mutex_);
  if (stopping_) {
    absl::MutexLock exchange_lock(&exchange->mutex);
    exchange->stopping = true;
  }
  exchanges_.insert(exchange);
}

void HttpListener::Unregister(const std::shared_ptr<Exchange>& exchange) {
  absl::MutexLock lock(&mutex_);
  exchanges_.erase(exchange);
}

namespace {

// Whether the peer of a suspended connection closed it (or it failed):
// libmicrohttpd does not watch a suspended connection's socket.
bool PeerClosed(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info == nullptr) return false;
  pollfd socket{.fd = info->connect_fd, .events = POLLRDHUP, .revents = 0};
  return poll(&socket, 1, 0) == 1 &&
         (socket.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace

void HttpListener::CheckWaitingStreams() {
  const absl::Time now = absl::Now();
  absl::MutexLock lock(&mutex_);
  for (const std::shared_ptr<Exchange>& exchange : exchanges_) {
    absl::MutexLock exchange_lock(&exchange->mutex);
    // `stream` is set on the connection's thread before it first waits,
    // and only read here while the connection is suspended.
    if (!exchange->suspended || exchange->stream == nullptr) continue;
    if (PeerClosed(exchange->connection)) {
      // Resumed to be cut: the reader ends the response, and the stream is
      // closed, which gives back what it held (a watcher's place).
      exchange->client_gone = true;
      exchange->ResumeLocked();
    } else if (exchange->stream->NeedsAttention(now)) {
      exchange->ResumeLocked();
    }
  }
}

namespace {

struct ParsedAddress {
  sockaddr_storage address{};
  bool ipv6 = false;
};

absl::StatusOr<ParsedAddress> ParseListenAddress(absl::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "http_listen: \"", text, "\" must be host:port"));
  }
  std::string host(text.substr(0, colon));
  const std::string port(text.substr(colon + 1));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints,
                  &found) != 0 ||
      found == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "http_listen: cannot resolve \"", text, "\""));
  }
  ParsedAddress parsed;
  std::memcpy(&parsed.address, found->ai_addr, found->ai_addrlen);
  parsed.ipv6 = found->ai_family == AF_INET6;
  freeaddrinfo(found);
  return parsed;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpListener>> HttpListener::Start(
    const HttpListenerOptions& options, HttpHandler& handler) {
  std::unique_ptr<HttpListener> listener(
      new HttpListener(handler, options.max_body_bytes));
  absl::StatusOr<ParsedAddress> address = ParseListenAddress(options.address);
  if (!address.ok()) return address.status();

  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD |
                       MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
  if (address->ipv6) flags |= MHD_USE_IPv6;
  std::vector<MHD_OptionItem> items = {
      {MHD_OPTION_SOCK_ADDR, 0, &address->address},
      {MHD_OPTION_THREAD_POOL_SIZE,
       static_cast<intptr_t>(std::max(1, options.threads)), nullptr},
      {MHD_OPTION_CONNECTION_LIMIT,
       static_cast<intptr_t>(options.max_connections), nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT,
       static_cast<intptr_t>(
           std::max<int64_t>(1, absl::ToInt64Seconds(options.idle_timeout))),
       nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED,
       reinterpret_cast<intptr_t>(&HttpListenerCallbacks::OnCompleted),
       listener.get()},
      {MHD_OPTION_EXTERNAL_LOGGER,
       reinterpret_cast<intptr_t>(&HttpListenerCallbacks::OnLog), nullptr},
      {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
  };
  if (options.tls.has_value()) {
    flags |= MHD_USE_TLS;
    ASSIGN_OR_RETURN(listener->tls_certificate_,
                          ReadFile(options.tls->certificate_file, "tls_cert"));
    ASSIGN_OR_RETURN(listener->tls_key_,
                          ReadFile(options.tls->private_key_file, "tls_key"));
    items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0,
                     listener->tls_certificate_.data()});
    items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, listener->tls_key_.data()});
    if (!options.tls->client_ca_file.empty()) {
      ASSIGN_OR_RETURN(
          listener->tls_trust_,
          ReadFile(options.tls->client_ca_file, "tls_client_ca"));
      items.push_back({MHD_OPTION_HTTPS_MEM_TRUST, 0,
                       listener->tls_trust_.data()});
    }
  }
  items.push_back({MHD_OPTION_END, 0, nullptr});

  listener->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &HttpListenerCallbacks::OnRequest,
      listener.get(), MHD_OPTION_ARRAY, items.data(), MHD_OPTION_END);
  if (listener->daemon_ == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "cannot serve HTTP on ", options.address,
        " (is the port taken, or the certificate unreadable?)"));
  }
  const MHD_DaemonInfo* info =
      MHD_get_daemon_info(listener->daemon_, MHD_DAEMON_INFO_BIND_PORT);
  listener->port_ = info == nullptr ? 0 : info->port;
  HttpListener* raw = listener.get();
  listener->ticker_ = std::make_unique<PeriodicTask>(
      options.stream_check_interval, [raw] { raw->CheckWaitingStreams(); });
  return listener;
}

void HttpListener::Stop() {
  ticker_.reset();
  {
    absl::MutexLock lock(&mutex_);
    if (stopping_) return;
    stopping_ = true;
    // libmicrohttpd must not be stopped with suspended connections: wake
    // each, to be answered 503 or have its stream cut.
    for (const std::shared_ptr<Exchange>& exchange : exchanges_) {
      absl::MutexLock exchange_lock(&exchange->mutex);
      exchange->stopping = true;
      exchange->ResumeLocked();
    }
  }
  if (daemon_ != nullptr) {
    MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
  }
}

HttpListener::~HttpListener() { Stop(); }

}  // namespace mesoclinic

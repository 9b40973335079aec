#ifndef MESOCLINIC_CORE_SERVER_CONNECT_CALLS_H_
#define MESOCLINIC_CORE_SERVER_CONNECT_CALLS_H_

// The Connect transport's side of a call: a Connect request as an
// IncomingCall for the CallRunner, and an OutgoingStream as a Connect
// server stream's body.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/api/incoming_call.h"
#include "core/api/outgoing_stream.h"
#include "core/server/connect_protocol.h"
#include "core/server/http_listener.h"

namespace mesoclinic::connect {

// How a session token travels to and from a browser: an HttpOnly,
// SameSite=Strict cookie the page's scripts cannot read, Secure (and
// __Host- prefixed) over TLS.
struct SessionCookie {
  bool tls = false;

  std::string name() const {
    return tls ? "__Host-mesoclinic_session" : "mesoclinic_session";
  }
  // The Set-Cookie value that gives the browser `token`.
  std::string Set(absl::string_view token) const;
  // The Set-Cookie value that removes it.
  std::string Clear() const;
  // The token in a Cookie header, if it carries one.
  std::optional<std::string> Find(absl::string_view cookie_header) const;
};

// What a call's answer does to the browser's session cookie: SignIn's
// token is moved from the response into the cookie (never in the body,
// where a script could read it); SignOut clears the cookie.
enum class CookieEffect { kNone, kSetFromResponse, kClear };

// What every Connect call has: its body in `codec`, its credentials and its
// deadline. `Base` is UnaryCall or IncomingCall.
template <typename Base>
class ConnectCall : public Base {
 public:
  ConnectCall(Codec codec, std::string body, auth::Credentials credentials,
              absl::Time deadline)
      : codec_(codec),
        body_(std::move(body)),
        credentials_(std::move(credentials)),
        deadline_(deadline) {}

  absl::string_view transport() const override { return "connect"; }
  const auth::Credentials& credentials() const override {
    return credentials_;
  }
  absl::Time deadline() const override { return deadline_; }

 protected:
  const Codec codec_;
  std::string body_;

 private:
  const auth::Credentials credentials_;
  const absl::Time deadline_;
};

// A unary Connect call.
class ConnectUnaryCall : public ConnectCall<UnaryCall> {
 public:
  ConnectUnaryCall(Codec codec, std::string body, auth::Credentials credentials,
                   absl::Time deadline, SessionCookie cookie,
                   CookieEffect cookie_effect, HttpResponder respond);

  absl::Status DecodeRequest(google::protobuf::Message& request) override;
  void SendCallId(absl::string_view call_id) override {
    call_id_ = std::string(call_id);
  }
  void EncodeResponse(const google::protobuf::Message& response) override;
  void Finish(const absl::Status& status) override;

 private:
  const SessionCookie cookie_;
  const CookieEffect cookie_effect_;
  HttpResponder respond_;
  std::string call_id_;
  std::string encoded_;
  std::optional<std::string> set_cookie_;
};

// A server-streaming Connect call's admission (its request, credentials and
// deadline); its messages go out through a ConnectStreamBody.
class ConnectStreamCall : public ConnectCall<IncomingCall> {
 public:
  // The call id is written to `call_id`, which the response's headers read.
  ConnectStreamCall(Codec codec, std::string body,
                    auth::Credentials credentials, absl::Time deadline,
                    std::shared_ptr<std::string> call_id)
      : ConnectCall(codec, std::move(body), std::move(credentials), deadline),
        call_id_(std::move(call_id)) {}

  absl::Status DecodeRequest(google::protobuf::Message& request) override;
  void SendCallId(absl::string_view call_id) override {
    *call_id_ = std::string(call_id);
  }

 private:
  std::shared_ptr<std::string> call_id_;
};

// An OutgoingStream as a Connect stream body: each message enveloped, then
// the end-of-stream message carrying the error, if any. After
// `keep_alive_interval` without a message it sends `keep_alive` (a message
// clients are told to ignore), so that a vanished client is noticed. At
// `deadline` (the call's Connect-Timeout-Ms) the stream ends
// DEADLINE_EXCEEDED, as a gRPC stream does.
class ConnectStreamBody : public StreamingBody {
 public:
  ConnectStreamBody(Codec codec, std::shared_ptr<OutgoingStream> stream,
                    std::unique_ptr<google::protobuf::Message> keep_alive,
                    absl::Duration keep_alive_interval, absl::Time deadline);

  Next Read(std::string& out, absl::AnyInvocable<void()> wake) override;
  bool NeedsAttention(absl::Time now) override;
  void Close() override { stream_->Close(); }

 private:
  bool KeepAliveDue(absl::Time now) const;

  const Codec codec_;
  const std::shared_ptr<OutgoingStream> stream_;
  const std::unique_ptr<google::protobuf::Message> keep_alive_;
  const absl::Duration keep_alive_interval_;
  const absl::Time deadline_;
  std::atomic<int64_t> last_sent_unix_nanos_;
  bool ended_ = false;
};

}  // namespace mesoclinic::connect

#endif  // MESOCLINIC_CORE_SERVER_CONNECT_CALLS_H_

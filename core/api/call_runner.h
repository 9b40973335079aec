#ifndef MESOCLINIC_CORE_API_CALL_RUNNER_H_
#define MESOCLINIC_CORE_API_CALL_RUNNER_H_

// How every unary RPC of every service runs. Services hand over only their
// business logic, as typed handlers; the runner does the rest, the same way
// for every call: authentication and the role matrix, decoding the request
// (with clear errors for bytes that do not parse), request ids and
// idempotency, the storage transaction, the audit record, deadlines, the
// answer, and telling the CallObserver (metrics, the call's log line);
// whichever transport (gRPC, or the Connect protocol over HTTP) carried the
// call, through the IncomingCall it gives.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/api/call_observer.h"
#include "core/api/in_flight_limit.h"
#include "core/api/incoming_call.h"
#include "core/api/method_table.h"
#include "core/auth/role_matrix.h"
#include "core/staff/staff_member.h"
#include "core/storage/store.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

// What a handler notes about its call: what it touched, for the audit
// trail, and whether its answer may be replayed to a retry.
class CallNotes {
 public:
  // The resource the call named or created: "patients/abc".
  void SetResource(std::string name) { resource_ = std::move(name); }
  // A patient whose data the call read or changed; each is kept once, in
  // the order first noted.
  void AddPatient(const std::string& patient_id) {
    if (noted_.insert(patient_id).second) patient_ids_.push_back(patient_id);
  }

  // Runs `action` once the call's transaction has committed (never when it
  // fails): how a change is announced to watchers only when it is real.
  void AfterCommit(std::function<void()> action) {
    after_commit_.push_back(std::move(action));
  }
  void RunAfterCommit() {
    for (auto& action : after_commit_) action();
    after_commit_.clear();
  }

  // The response holds a secret shown once (a new API key): it is not kept
  // for retries, and a retry is refused instead of answered.
  void MarkResponseSecret() { response_secret_ = true; }

  const std::string& resource() const { return resource_; }
  bool response_secret() const { return response_secret_; }
  const std::vector<std::string>& patient_ids() const { return patient_ids_; }

 private:
  std::string resource_;
  std::vector<std::string> patient_ids_;
  absl::flat_hash_set<std::string> noted_;
  bool response_secret_ = false;
  std::vector<std::function<void()>> after_commit_;
};

// Who is calling, and when: what the business logic may need to know about
// the call besides the request.
struct CallContext {
  // The full method name, "/clinic.v1.PatientService/GetPatient".
  std::string method;
  // The transport that carried the call: "grpc" or "connect".
  std::string transport;
  // This call's id, unique across the server's runs: sent back to the
  // client (the "call-id" header) and written in the log line of the call,
  // so that an operator finds the call a user reports.
  std::string call_id;
  // Where the call came from, as its transport tells it
  // ("ipv4:127.0.0.1:53412").
  std::string client_address;
  // The authenticated caller.
  std::string staff_id;
  staff::Role role = staff::Role::kUnspecified;
  // The id of the API key the call was made with, or empty.
  std::string api_key_id;
  // The sign-in session the call was made in, or empty.
  std::string session_id;
  // The time the call started, which every timestamp the call writes uses.
  absl::Time now;
  // The request asked only to preview its change (validate_only, AIP-163):
  // the handler runs as for the change, and the runner undoes what it wrote.
  bool validate_only = false;
  // Where the handler notes what it touched. Never null.
  CallNotes* notes = nullptr;
};

// Business logic of one method: reads `request`, fills `response`, using the
// repositories of one transaction.
template <typename Request, typename Response>
using UnaryHandler =
    std::function<absl::Status(const Request& request, Response& response,
                               storage::Transaction& transaction,
                               const CallContext& call)>;

class CallRunner {
 public:
  using ErasedHandler = UnaryHandler<google::protobuf::Message,
                                     google::protobuf::Message>;

  // Every call is authenticated, then allowed or refused by `roles`. At most
  // `max_calls_in_flight` unary calls are worked on at once (0: no limit);
  // the excess is refused with RESOURCE_EXHAUSTED before any work.
  // `observer`, when not null, hears of every call answered; it must
  // outlive the runner.
  CallRunner(storage::Store& store, auth::RoleMatrix roles,
             int max_calls_in_flight = 0, CallObserver* observer = nullptr);

  const InFlightLimit& in_flight() const { return in_flight_; }

  // Runs a read-only method: `handler` runs in a read snapshot on the
  // calling thread.
  template <typename Request, typename Response>
  void Read(std::unique_ptr<UnaryCall> call, absl::string_view method,
            const UnaryHandler<Request, Response>& handler) {
    RunRead(std::move(call), method, std::make_unique<Request>(),
            std::make_unique<Response>(), Erase(handler));
  }

  // Runs a method that changes data: `handler` runs in a write transaction,
  // and the call is answered once that transaction has committed. The
  // request's `request_id` field is required; when the caller already made
  // this change with this request_id, the first response is returned and
  // `handler` does not run; the same request_id with a different request is
  // ALREADY_EXISTS.
  //
  // A request with `validate_only` set (AIP-163) previews the change: the
  // same checks, the same handler and the same answer or refusal, but what
  // the handler wrote is rolled back, no idempotency record is kept (so
  // request_id is optional), nothing runs after commit (no watcher hears of
  // it), and the audit record is marked validate_only.
  template <typename Request, typename Response>
  void Write(std::unique_ptr<UnaryCall> call, absl::string_view method,
             const UnaryHandler<Request, Response>& handler) {
    RunWrite(std::move(call), method, std::make_unique<Request>(),
             std::make_unique<Response>(), Erase(handler));
  }

  // Business logic of a method anyone may call without signing in first
  // (SignIn): the role matrix must mark `method` public. The call's context
  // names the caller when its credentials identify one, and nobody (an
  // empty staff_id) otherwise; no refusal is made for them. No role check,
  // no request_id, no transaction and no audit record are made for it: the
  // handler does its own storage work (say, verifying a password away from
  // the storage writer, then recording the outcome) and writes its own
  // audit records. It calls `done` exactly once, on any thread, after
  // filling `response` when it passes OK.
  using Done = absl::AnyInvocable<void(absl::Status)>;
  template <typename Request, typename Response>
  using PublicHandler = std::function<void(
      const Request& request, Response& response, const CallContext& call,
      Done done)>;
  template <typename Request, typename Response>
  void Public(std::unique_ptr<UnaryCall> call, absl::string_view method,
              const PublicHandler<Request, Response>& handler) {
    RunPublic(
        std::move(call), method, std::make_unique<Request>(),
        std::make_unique<Response>(),
        [&handler](const google::protobuf::Message& request,
                   google::protobuf::Message& response,
                   const CallContext& call, Done done) {
          handler(static_cast<const Request&>(request),
                  static_cast<Response&>(response), call, std::move(done));
        });
  }

  // For a server-streaming method: identifies the caller, checks the role
  // matrix, decodes `request` and checks it with `check`, then records the
  // stream's start in the audit trail, with the outcome of those checks.
  // `start` then gets OK, the call's context and the request; or the status
  // to end the stream with.
  //
  // `check` runs at most once, on the calling thread before StartStream
  // returns, and only for an authenticated and allowed caller: it may take
  // resources for the stream (a watcher's place). `start` runs exactly
  // once, on this thread or later on another, whatever happened: a stream
  // may free what `check` took there.
  using StreamStart =
      absl::AnyInvocable<void(absl::Status status, const CallContext& call,
                              const google::protobuf::Message& request)>;
  using StreamRequestCheck =
      std::function<absl::Status(const google::protobuf::Message& request)>;
  void StartStream(std::unique_ptr<IncomingCall> call,
                   absl::string_view method,
                   std::unique_ptr<google::protobuf::Message> request,
                   const StreamRequestCheck& check, StreamStart start);

  // Every method the services bound, for the transports.
  MethodTable& methods() { return methods_; }
  const MethodTable& methods() const { return methods_; }

 private:
  struct Call;

  template <typename Request, typename Response>
  static ErasedHandler Erase(const UnaryHandler<Request, Response>& handler) {
    return [&handler](const google::protobuf::Message& request,
                      google::protobuf::Message& response,
                      storage::Transaction& transaction,
                      const CallContext& call) {
      return handler(static_cast<const Request&>(request),
                     static_cast<Response&>(response), transaction, call);
    };
  }

  void RunRead(std::unique_ptr<UnaryCall> transport, absl::string_view method,
               std::unique_ptr<google::protobuf::Message> request,
               std::unique_ptr<google::protobuf::Message> response,
               ErasedHandler handler);
  using ErasedPublicHandler = PublicHandler<google::protobuf::Message,
                                            google::protobuf::Message>;
  void RunPublic(std::unique_ptr<UnaryCall> transport,
                 absl::string_view method,
                 std::unique_ptr<google::protobuf::Message> request,
                 std::unique_ptr<google::protobuf::Message> response,
                 ErasedPublicHandler handler);
  void RunWrite(std::unique_ptr<UnaryCall> transport, absl::string_view method,
                std::unique_ptr<google::protobuf::Message> request,
                std::unique_ptr<google::protobuf::Message> response,
                ErasedHandler handler);

  // The preview of a write (validate_only) whose caller is admitted: runs
  // `handler` on the writer, undoes it, and records the audit event alone.
  void Preview(std::shared_ptr<Call> call, ErasedHandler handler);

  // `unary` is null for a stream's admission (then `incoming` is set).
  std::shared_ptr<Call> NewCall(
      std::unique_ptr<UnaryCall> unary, std::unique_ptr<IncomingCall> incoming,
      absl::string_view method,
      std::unique_ptr<google::protobuf::Message> request,
      std::unique_ptr<google::protobuf::Message> response);

  // A new unary call holding its place among the calls in flight; null
  // when there was none (the call is then answered RESOURCE_EXHAUSTED).
  std::shared_ptr<Call> AdmitToFlight(
      std::unique_ptr<UnaryCall> transport, absl::string_view method,
      std::unique_ptr<google::protobuf::Message> request,
      std::unique_ptr<google::protobuf::Message> response);

  // Takes the call's place among the calls in flight; when there is none,
  // answers it RESOURCE_EXHAUSTED and returns false.
  bool ShedIfOverloaded(Call& call);

  // Identifies the caller, checks the role matrix and decodes the request,
  // in that order. Authentication reads `transaction`.
  absl::Status Admit(Call& call, storage::Transaction& transaction) const;

  // Moves the call's session's last_seen_time to the call's time, in a
  // write of its own that the call does not wait for.
  void TouchSession(const CallContext& call) const;

  // For a public method: fills in who calls when the call's credentials
  // identify someone (ChangePassword needs it), and leaves the caller
  // unknown otherwise.
  void IdentifyIfSignedIn(Call& call) const;

  // Appends the call's audit record with `outcome` (unless the caller was
  // never identified), then passes `then` the call's final status:
  // `outcome`, or the audit trail's error when a call that succeeded could
  // not be recorded (no unaudited access).
  void Audit(std::shared_ptr<Call> call, absl::Status outcome,
             absl::AnyInvocable<void(absl::Status)> then);
  void AuditAndFinish(std::shared_ptr<Call> call, absl::Status outcome);

  // Tells the observer, gives back the call's place among the calls in
  // flight, then sends the response (when `status` is OK) or `status`.
  void Finish(Call& call, const absl::Status& status) const;

  // Tells the observer that `call` was answered with `status`.
  void Observe(const Call& call, const absl::Status& status, bool shed,
               bool stream) const;

  // A new call id: a random prefix of this run, and a sequence number.
  std::string NextCallId();

  storage::Store& store_;
  const auth::RoleMatrix roles_;
  MethodTable methods_;
  InFlightLimit in_flight_;
  CallObserver* const observer_;
  const std::string call_id_prefix_;
  std::atomic<int64_t> next_call_number_{1};
  // For the once-a-second report of refused calls.
  std::atomic<int64_t> last_shed_log_second_{0};
  std::atomic<int64_t> shed_since_log_{0};
};

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_CALL_RUNNER_H_

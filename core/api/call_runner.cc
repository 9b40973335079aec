#include "core/api/call_runner.h"

#include <optional>
#include <utility>

#include <spdlog/spdlog.h>

#include "absl/functional/function_ref.h"
#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "core/api/request_decoding.h"
#include "core/audit/audit_event.h"
#include "core/auth/authenticator.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic {

// One call in flight: everything that must live until it is answered.
struct CallRunner::Call {
  // The transport's call: `unary` for a unary call, `incoming` for a
  // stream's admission.
  std::unique_ptr<UnaryCall> unary;
  std::unique_ptr<IncomingCall> incoming;
  IncomingCall& transport() const {
    return unary != nullptr ? *unary : *incoming;
  }
  std::unique_ptr<google::protobuf::Message> request;
  std::unique_ptr<google::protobuf::Message> response;
  auth::Credentials credentials;
  absl::Time deadline;
  // When the call arrived, for its elapsed time.
  absl::Time arrival;
  // The call's place among the calls in flight; empty when it was refused.
  InFlightLimit::Slot slot;
  bool authenticated = false;
  // Whether the transport already encoded the response.
  bool response_encoded = false;
  CallNotes notes;
  CallContext context;
};

namespace {

std::string RequestHash(const google::protobuf::Message& request) {
  return Sha256(SerializeDeterministically(request));
}

// The request_id field every changing request carries.
std::string RequestId(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

// Whether `request` asks only to preview its change: its bool field
// validate_only (AIP-163), when it has one, is set.
bool ValidateOnly(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("validate_only");
  if (field == nullptr ||
      field->type() != google::protobuf::FieldDescriptor::TYPE_BOOL) {
    return false;
  }
  return request.GetReflection()->GetBool(request, field);
}

// Runs `change` in `transaction` and undoes what it wrote even when it
// succeeds: a preview. `change`'s own status goes to `outcome`; the status
// returned is an error only when the undoing itself failed (then the whole
// transaction must be rolled back).
absl::Status RunAndUndo(storage::Transaction& transaction,
                        absl::FunctionRef<absl::Status()> change,
                        absl::Status& outcome) {
  // Failing the nested part is what rolls its savepoint back.
  const absl::Status undo =
      absl::AbortedError("validate_only: the change is undone");
  outcome = absl::OkStatus();
  const absl::Status nested = transaction.RunNested([&] {
    outcome = change();
    return outcome.ok() ? undo : outcome;
  });
  if (nested == (outcome.ok() ? undo : outcome)) return absl::OkStatus();
  return nested.ok() ? absl::InternalError("a preview was not undone")
                     : nested;
}

audit::AuditEvent AuditEventFor(const CallContext& call,
                                const CallNotes& notes,
                                absl::StatusCode outcome) {
  audit::AuditEvent event;
  event.time = call.now;
  event.staff_id = call.staff_id;
  event.role = call.role;
  event.method = call.method;
  event.resource = notes.resource();
  event.patient_ids = notes.patient_ids();
  event.outcome = outcome;
  event.transport = call.transport;
  event.validate_only = call.validate_only;
  return event;
}

}  // namespace

namespace {

// 8 random hex digits: call ids of different runs of the server differ.
std::string RandomCallIdPrefix() {
  absl::BitGen random;
  return absl::StrFormat("%08x", absl::Uniform<uint32_t>(random));
}

}  // namespace

CallRunner::CallRunner(storage::Store& store, auth::RoleMatrix roles,
                       int max_calls_in_flight, CallObserver* observer)
    : store_(store),
      roles_(std::move(roles)),
      in_flight_(max_calls_in_flight),
      observer_(observer),
      call_id_prefix_(RandomCallIdPrefix()) {}

std::string CallRunner::NextCallId() {
  return absl::StrCat(call_id_prefix_, "-",
                      next_call_number_.fetch_add(1, std::memory_order_relaxed));
}

void CallRunner::Observe(const Call& call, const absl::Status& status,
                         bool shed, bool stream) const {
  if (observer_ == nullptr) return;
  const std::string reason = ErrorReason(status);
  observer_->OnCallFinished(FinishedCall{
      .transport = call.context.transport,
      .method = call.context.method,
      .staff_id = call.context.staff_id,
      .call_id = call.context.call_id,
      .code = status.code(),
      .reason = reason,
      .elapsed = absl::Now() - call.arrival,
      .shed = shed,
      .stream = stream,
  });
}

void CallRunner::Finish(Call& call, const absl::Status& status) const {
  // The observer writes the call's one log line (core/observability).
  Observe(call, status, /*shed=*/false, /*stream=*/false);
  if (status.ok() && !call.response_encoded) {
    call.unary->EncodeResponse(*call.response);
  }
  // The call's place is given back before the caller is answered: a caller
  // that sends its next call as soon as it has this answer must find the
  // place free, not held by a call that only waits to be destroyed.
  call.slot = InFlightLimit::Slot();
  call.unary->Finish(status);
}

std::shared_ptr<CallRunner::Call> CallRunner::NewCall(
    std::unique_ptr<UnaryCall> unary, std::unique_ptr<IncomingCall> incoming,
    absl::string_view method,
    std::unique_ptr<google::protobuf::Message> request,
    std::unique_ptr<google::protobuf::Message> response) {
  auto call = std::make_shared<Call>();
  call->unary = std::move(unary);
  call->incoming = std::move(incoming);
  call->request = std::move(request);
  call->response = std::move(response);
  IncomingCall& transport = call->transport();
  call->credentials = transport.credentials();
  call->deadline = transport.deadline();
  call->arrival = absl::Now();
  call->context.method = std::string(method);
  call->context.transport = std::string(transport.transport());
  call->context.call_id = NextCallId();
  call->context.client_address = call->credentials.client_address;
  // Microseconds: the precision storage keeps, so that what a call answers
  // is exactly what a later read returns.
  call->context.now = absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()));
  call->context.notes = &call->notes;
  // Sent with the answer, so that a user who reports a failed call can
  // quote the id the operator finds in the log.
  transport.SendCallId(call->context.call_id);
  return call;
}

std::shared_ptr<CallRunner::Call> CallRunner::AdmitToFlight(
    std::unique_ptr<UnaryCall> transport, absl::string_view method,
    std::unique_ptr<google::protobuf::Message> request,
    std::unique_ptr<google::protobuf::Message> response) {
  std::shared_ptr<Call> call = NewCall(std::move(transport), nullptr, method,
                                       std::move(request), std::move(response));
  return ShedIfOverloaded(*call) ? call : nullptr;
}

bool CallRunner::ShedIfOverloaded(Call& call) {
  call.slot = in_flight_.TryAcquire();
  if (call.slot) return true;
  // Not one log line per refused call: under overload that would be
  // thousands a second, and cost what shedding saves. One a second, counted.
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  int64_t last = last_shed_log_second_.load(std::memory_order_relaxed);
  shed_since_log_.fetch_add(1, std::memory_order_relaxed);
  if (now > last && last_shed_log_second_.compare_exchange_strong(
                        last, now, std::memory_order_relaxed)) {
    spdlog::warn("overloaded: refused {} calls (RESOURCE_EXHAUSTED) since the "
                 "last report; {} in flight",
                 shed_since_log_.exchange(0, std::memory_order_relaxed),
                 in_flight_.in_flight());
  }
  const absl::Status overloaded = in_flight_.OverloadError();
  Observe(call, overloaded, /*shed=*/true, /*stream=*/false);
  call.unary->Finish(overloaded);
  return false;
}

namespace {

// Who the call acts for, as authentication found it.
void NoteCaller(const auth::Principal& principal, CallContext& context) {
  context.staff_id = principal.staff_id;
  context.role = principal.role;
  context.api_key_id = principal.key_id;
  context.session_id = principal.session_id;
}

}  // namespace

absl::Status CallRunner::Admit(Call& call,
                               storage::Transaction& transaction) const {
  absl::StatusOr<auth::Principal> principal =
      auth::Authenticate(call.credentials, transaction, call.context.now);
  if (!principal.ok()) return principal.status();
  call.authenticated = true;
  NoteCaller(*principal, call.context);
  if (principal->session_needs_touch) TouchSession(call.context);
  if (principal->must_change_password &&
      !auth::MayCallBeforePasswordChange(call.context.method)) {
    return WithReason(
        absl::FailedPreconditionError(
            "this session's password is a temporary one: change it "
            "(SignInService.ChangePassword) before anything else"),
        reasons::kPasswordChangeRequired);
  }
  if (!roles_.Allows(call.context.method, principal->role)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "role ", staff::RoleName(principal->role), " may not call ",
        call.context.method));
  }
  return call.transport().DecodeRequest(*call.request);
}

void CallRunner::TouchSession(const CallContext& call) const {
  store_.Write(
      [session_id = call.session_id, now = call.now](
          storage::Transaction& transaction) {
        return transaction.sign_in().TouchSession(session_id, now);
      },
      [](absl::Status touched) {
        if (!touched.ok()) {
          spdlog::warn("cannot note a session's use: {}", touched.ToString());
        }
      });
}

void CallRunner::IdentifyIfSignedIn(Call& call) const {
  if (!call.credentials.authorization.has_value() &&
      !call.credentials.session_token.has_value()) {
    return;
  }
  absl::StatusOr<auth::Principal> principal;
  const absl::Status read = store_.Read(
      [&](storage::Transaction& transaction) {
        principal =
            auth::Authenticate(call.credentials, transaction, call.context.now);
        return absl::OkStatus();
      },
      call.deadline);
  if (!read.ok() || !principal.ok()) return;
  NoteCaller(*principal, call.context);
}

void CallRunner::Audit(std::shared_ptr<Call> call, absl::Status outcome,
                       absl::AnyInvocable<void(absl::Status)> then) {
  if (!call->authenticated) {
    then(outcome);
    return;
  }
  const audit::AuditEvent event =
      AuditEventFor(call->context, call->notes, outcome.code());
  store_.Write(
      [event](storage::Transaction& transaction) {
        return audit::AppendAuditEvent(transaction.audit(), event);
      },
      [outcome, then = std::move(then)](absl::Status audited) mutable {
        if (!audited.ok()) {
          spdlog::error("cannot append to the audit trail: {}",
                        audited.ToString());
        }
        then(outcome.ok() ? audited : outcome);
      });
}

void CallRunner::AuditAndFinish(std::shared_ptr<Call> call,
                                absl::Status outcome) {
  Audit(call, std::move(outcome),
        [this, call](absl::Status status) { Finish(*call, status); });
}

void CallRunner::StartStream(std::unique_ptr<IncomingCall> incoming,
                             absl::string_view method,
                             std::unique_ptr<google::protobuf::Message> request,
                             const StreamRequestCheck& check,
                             StreamStart start) {
  std::shared_ptr<Call> call = NewCall(nullptr, std::move(incoming), method,
                                       std::move(request), nullptr);
  const absl::Status admitted = store_.Read(
      [&](storage::Transaction& transaction) -> absl::Status {
        RETURN_IF_ERROR(Admit(*call, transaction));
        return check(*call->request);
      },
      call->deadline);
  Audit(call, admitted,
        [this, call, start = std::move(start)](absl::Status status) mutable {
          Observe(*call, status, /*shed=*/false, /*stream=*/true);
          start(status, call->context, *call->request);
        });
}

void CallRunner::RunRead(std::unique_ptr<UnaryCall> transport,
                         absl::string_view method,
                         std::unique_ptr<google::protobuf::Message> request,
                         std::unique_ptr<google::protobuf::Message> response,
                         ErasedHandler handler) {
  std::shared_ptr<Call> call = AdmitToFlight(
      std::move(transport), method, std::move(request), std::move(response));
  if (call == nullptr) return;
  // One snapshot for the caller's identity and the data read.
  const absl::Status status = store_.Read(
      [&](storage::Transaction& transaction) -> absl::Status {
        if (absl::Status admitted = Admit(*call, transaction);
            !admitted.ok()) {
          return admitted;
        }
        return handler(*call->request, *call->response, transaction,
                       call->context);
      },
      call->deadline);
  // Encoded here, on the transport's thread, while the audit record waits
  // for the writer: what is left for the writer's side is only to answer.
  if (status.ok()) {
    call->unary->EncodeResponse(*call->response);
    call->response_encoded = true;
  }
  AuditAndFinish(std::move(call), status);
}

void CallRunner::RunPublic(std::unique_ptr<UnaryCall> transport,
                           absl::string_view method,
                           std::unique_ptr<google::protobuf::Message> request,
                           std::unique_ptr<google::protobuf::Message> response,
                           ErasedPublicHandler handler) {
  std::shared_ptr<Call> call = AdmitToFlight(
      std::move(transport), method, std::move(request), std::move(response));
  if (call == nullptr) return;
  absl::Status admitted =
      roles_.IsPublic(call->context.method)
          ? call->unary->DecodeRequest(*call->request)
          : absl::PermissionDeniedError(absl::StrCat(
                call->context.method, " is not open to callers who have not "
                "signed in"));
  if (!admitted.ok()) {
    Finish(*call, admitted);
    return;
  }
  IdentifyIfSignedIn(*call);
  handler(*call->request, *call->response, call->context,
          [this, call](absl::Status status) { Finish(*call, status); });
}

void CallRunner::RunWrite(std::unique_ptr<UnaryCall> transport,
                          absl::string_view method,
                          std::unique_ptr<google::protobuf::Message> request,
                          std::unique_ptr<google::protobuf::Message> response,
                          ErasedHandler handler) {
  std::shared_ptr<Call> call = AdmitToFlight(
      std::move(transport), method, std::move(request), std::move(response));
  if (call == nullptr) return;
  absl::Status admitted = store_.Read(
      [&](storage::Transaction& transaction) { return Admit(*call, transaction); },
      call->deadline);
  const std::string request_id =
      admitted.ok() ? RequestId(*call->request) : "";
  call->context.validate_only = admitted.ok() && ValidateOnly(*call->request);
  // A preview keeps no idempotency record, so it needs no request_id; one
  // that is sent must still be well formed.
  if (admitted.ok() && !(call->context.validate_only && request_id.empty())) {
    admitted = CheckRequestId("request_id", request_id);
  }
  if (!admitted.ok()) {
    AuditAndFinish(std::move(call), admitted);
    return;
  }
  if (call->context.validate_only) {
    Preview(std::move(call), std::move(handler));
    return;
  }

  // The change, its audit record and its idempotency record commit together;
  // a refused change is rolled back alone and still audited.
  auto outcome = std::make_shared<absl::Status>();
  storage::IdempotencyRecord record{
      .caller = call->context.staff_id,
      .method = call->context.method,
      .request_id = request_id,
      .request_hash = RequestHash(*call->request),
      .create_time = call->context.now,
  };
  store_.Write(
      [call, outcome, record = std::move(record), handler = std::move(handler)](
          storage::Transaction& transaction) mutable -> absl::Status {
        absl::StatusOr<std::optional<storage::IdempotencyRecord>> previous =
            transaction.idempotency().Find(record.caller, record.method,
                                           record.request_id);
        if (!previous.ok()) return previous.status();
        if (!previous->has_value()) {
          *outcome = transaction.RunNested([&] {
            return handler(*call->request, *call->response, transaction,
                           call->context);
          });
        } else if ((*previous)->request_hash != record.request_hash) {
          *outcome = WithReason(
              absl::AlreadyExistsError(
                  "request_id: was already used for a different request; use "
                  "a new request_id for a new change"),
              reasons::kRequestIdReused);
        } else if ((*previous)->response_secret) {
          *outcome = absl::FailedPreconditionError(absl::StrCat(
              "request_id: this change was already made (",
              (*previous)->resource, ") and its answer held a secret shown "
              "only once; revoke it and make a new request"));
        } else if (!call->response->ParseFromString((*previous)->response)) {
          return absl::InternalError(
              "the stored response to this request_id cannot be read");
        } else {
          // A retry: answered from the first call, and audited as what it
          // reveals.
          call->notes.SetResource((*previous)->resource);
          for (const std::string& id : (*previous)->patient_ids) {
            call->notes.AddPatient(id);
          }
          *outcome = absl::OkStatus();
        }
        if (absl::Status audited = audit::AppendAuditEvent(
                transaction.audit(),
                AuditEventFor(call->context, call->notes, outcome->code()));
            !audited.ok()) {
          return audited;
        }
        if (!outcome->ok() || previous->has_value()) return absl::OkStatus();
        record.response_secret = call->notes.response_secret();
        if (!record.response_secret) {
          record.response = call->response->SerializeAsString();
        }
        record.resource = call->notes.resource();
        record.patient_ids = call->notes.patient_ids();
        return transaction.idempotency().Insert(record);
      },
      [this, call, outcome](absl::Status committed) {
        if (committed.ok() && outcome->ok()) call->notes.RunAfterCommit();
        Finish(*call, committed.ok() ? *outcome : committed);
      },
      call->deadline);
}

void CallRunner::Preview(std::shared_ptr<Call> call, ErasedHandler handler) {
  auto outcome = std::make_shared<absl::Status>();
  // On the writer, as the change would run, so that the preview sees every
  // change committed before it. Its audit record is that of a read: a
  // preview shows the patient's schedule as the change would leave it, which
  // is a look at the patient's file like any read, and so is recorded (and
  // committed before the answer leaves) as reads are. It is marked
  // validate_only so that the trail never shows as made a change that was
  // not, and so that who previewed what can still be found.
  store_.Write(
      [call, outcome, handler = std::move(handler)](
          storage::Transaction& transaction) -> absl::Status {
        RETURN_IF_ERROR(RunAndUndo(
            transaction,
            [&] {
              return handler(*call->request, *call->response, transaction,
                             call->context);
            },
            *outcome));
        return audit::AppendAuditEvent(
            transaction.audit(),
            AuditEventFor(call->context, call->notes, outcome->code()));
      },
      // No after-commit actions: what they would announce was undone.
      [this, call, outcome](absl::Status committed) {
        Finish(*call, committed.ok() ? *outcome : committed);
      },
      call->deadline);
}

}  // namespace mesoclinic

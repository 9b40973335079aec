#include "core/auth/sign_in.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/audit/audit_event.h"
#include "core/auth/authenticator.h"
#include "core/auth/sign_in_throttle.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic::auth {
namespace {

using staff::Role;

// Longer than any password the rules accept (128 characters of up to 4
// bytes): refused before any hashing work.
constexpr std::size_t kMaxPasswordBytes = 4 * kMaxPasswordLength;

// Who an audit record of these operations is about.
struct Actor {
  std::string staff_id;  // Empty for an e-mail no active member has.
  Role role = Role::kUnspecified;
  // What failures are counted against and the record names.
  std::string account;
  // The transport that carried the call.
  std::string transport;
};

absl::Status AppendAudit(storage::Transaction& transaction,
                         absl::string_view method, const Actor& actor,
                         std::string resource, absl::StatusCode outcome,
                         absl::Time now) {
  audit::AuditEvent event;
  event.time = now;
  event.staff_id = actor.staff_id;
  event.role = actor.role;
  event.method = std::string(method);
  event.resource = std::move(resource);
  event.outcome = outcome;
  event.transport = actor.transport;
  return audit::AppendAuditEvent(transaction.audit(), std::move(event));
}

absl::Status SignInFailedError() {
  return WithReason(absl::UnauthenticatedError("email or password is wrong"),
                    reasons::kSignInFailed);
}

// The first refusal of `subjects`' failure counts at `now`, or OK.
absl::Status CheckSubjects(storage::Transaction& transaction,
                           const std::vector<std::string>& subjects,
                           absl::Time now) {
  for (const std::string& subject : subjects) {
    ASSIGN_OR_RETURN(const std::optional<staff::SignInFailures> failures,
                     transaction.sign_in().GetFailures(subject));
    RETURN_IF_ERROR(CheckMayAttempt(failures, now));
  }
  return absl::OkStatus();
}

// Counts one more failure against each of `subjects`, with the audit
// record of the failure and of each lock it imposes.
absl::Status RecordFailure(storage::Transaction& transaction,
                           absl::string_view method, const Actor& actor,
                           const std::vector<std::string>& subjects,
                           absl::Time now) {
  RETURN_IF_ERROR(AppendAudit(transaction, method, actor, actor.account,
                              absl::StatusCode::kUnauthenticated, now));
  for (const std::string& subject : subjects) {
    ASSIGN_OR_RETURN(const std::optional<staff::SignInFailures> before,
                     transaction.sign_in().GetFailures(subject));
    const staff::SignInFailures after = AfterFailure(before, subject, now);
    RETURN_IF_ERROR(transaction.sign_in().PutFailures(after));
    if (IsLocked(after, now) && !(before.has_value() && IsLocked(*before, now))) {
      RETURN_IF_ERROR(AppendAudit(transaction, method, actor, subject,
                                  absl::StatusCode::kPermissionDenied, now));
    }
  }
  return absl::OkStatus();
}

// Records a refusal made without checking the password (throttled or
// locked), then answers it.
template <typename Done>
void RefuseAudited(storage::Store& store, absl::string_view method,
                   Actor actor, absl::Status refusal, absl::Time now,
                   Done done) {
  const absl::StatusCode code = refusal.code();
  store.Write(
      [method = std::string(method), actor, code, now](
          storage::Transaction& transaction) {
        return AppendAudit(transaction, method, actor, actor.account, code, now);
      },
      [refusal = std::move(refusal), done = std::move(done)](
          absl::Status committed) mutable {
        done(committed.ok() ? refusal : committed);
      });
}

// The callback of a write whose function leaves a refusal in `outcome`
// (and commits its audit record): the commit's error, else the refusal,
// else `value`.
template <typename T, typename Done>
auto AnswerOnCommit(std::shared_ptr<absl::Status> outcome, T value,
                    Done done) {
  return [outcome = std::move(outcome), value = std::move(value),
          done = std::move(done)](absl::Status committed) mutable {
    if (!committed.ok()) {
      done(committed);
    } else if (!outcome->ok()) {
      done(*outcome);
    } else {
      done(std::move(value));
    }
  };
}

absl::Status CheckPasswordSize(absl::string_view field,
                               absl::string_view password) {
  if (password.empty()) return FieldError(field, "is required");
  if (password.size() > kMaxPasswordBytes) {
    return FieldError(field, absl::StrCat("must have at most ",
                                          kMaxPasswordLength, " characters"));
  }
  return absl::OkStatus();
}

}  // namespace

void SignInDesk::SignIn(
    SignInAttempt attempt,
    absl::AnyInvocable<void(absl::StatusOr<SignedIn>)> done) {
  FieldViolations violations;
  violations.Check(attempt.email.empty()
                       ? FieldError("email", "is required")
                       : CheckEmail("email", attempt.email));
  violations.Check(CheckPasswordSize("password", attempt.password));
  if (absl::Status checked = violations.Result(); !checked.ok()) {
    done(checked);
    return;
  }
  Actor actor;
  std::optional<staff::StaffMember> member;
  std::optional<staff::StaffPassword> password;
  absl::Duration idle_timeout;
  const std::string address = AddressSubject(attempt.client_address);
  absl::Status throttled;
  const absl::Status read = store_.Read([&](storage::Transaction& transaction)
                                            -> absl::Status {
    ASSIGN_OR_RETURN(member,
                     transaction.sign_in().FindActiveByEmail(attempt.email));
    if (member.has_value()) {
      actor = {member->id, member->role, AccountSubject(member->id),
               attempt.transport};
      ASSIGN_OR_RETURN(password, transaction.sign_in().GetPassword(member->id));
    } else {
      actor.account = UnknownEmailSubject(attempt.email);
      actor.transport = attempt.transport;
    }
    ASSIGN_OR_RETURN(idle_timeout, SignInIdleTimeout(transaction));
    throttled = CheckSubjects(transaction, {actor.account, address},
                              attempt.now);
    return absl::OkStatus();
  });
  if (!read.ok()) {
    done(read);
    return;
  }
  if (!throttled.ok()) {
    RefuseAudited(store_, kSignInMethod, actor, throttled, attempt.now,
                  std::move(done));
    return;
  }

  bool matches;
  {
    const PasswordCheckLimit::Slot slot = checks_.TryAcquire();
    if (!slot) {
      done(PasswordCheckLimit::Refusal());
      return;
    }
    // An unknown e-mail, or a member without a password, costs the same
    // check as a wrong password, so that timing does not tell them apart.
    matches = VerifyPassword(
                  password.has_value() ? password->password_hash
                                       : DummyPasswordHash(),
                  attempt.password) &&
              password.has_value();
  }

  if (!matches) {
    store_.Write(
        [actor, address, now = attempt.now](storage::Transaction& transaction) {
          return RecordFailure(transaction, kSignInMethod, actor,
                               {actor.account, address}, now);
        },
        [done = std::move(done)](absl::Status committed) mutable {
          done(committed.ok() ? SignInFailedError() : committed);
        });
    return;
  }

  SignedIn signed_in;
  signed_in.session_token = RandomToken();
  signed_in.session = staff::SignInSession{
      .id = NewResourceId(),
      .token_hash = Sha256(signed_in.session_token),
      .staff_id = member->id,
      .create_time = attempt.now,
      .last_seen_time = attempt.now,
      .expire_time = attempt.now + kSessionLifetime,
      .client_address = ClientHost(attempt.client_address),
  };
  signed_in.member = *member;
  signed_in.must_change_password = password->must_change_password;
  signed_in.idle_timeout = idle_timeout;
  // A copy for the write: `signed_in` itself moves into the answer.
  const staff::SignInSession session = signed_in.session;
  auto outcome = std::make_shared<absl::Status>();
  store_.Write(
      [session, outcome, actor, address,
       now = attempt.now](storage::Transaction& transaction) -> absl::Status {
        // A lock imposed by attempts that failed meanwhile still holds.
        for (const std::string& subject : {actor.account, address}) {
          ASSIGN_OR_RETURN(const std::optional<staff::SignInFailures> failures,
                           transaction.sign_in().GetFailures(subject));
          if (failures.has_value() && IsLocked(*failures, now)) {
            *outcome = CheckMayAttempt(failures, now);
            return AppendAudit(transaction, kSignInMethod, actor, actor.account,
                               outcome->code(), now);
          }
        }
        RETURN_IF_ERROR(transaction.sign_in().ClearFailures(actor.account));
        RETURN_IF_ERROR(transaction.sign_in().InsertSession(session));
        return AppendAudit(transaction, kSignInMethod, actor, actor.account,
                           absl::StatusCode::kOk, now);
      },
      AnswerOnCommit(outcome, std::move(signed_in), std::move(done)));
}

void SignInDesk::ChangePassword(
    PasswordChange change,
    absl::AnyInvocable<void(absl::StatusOr<staff::StaffMember>)> done) {
  FieldViolations violations;
  violations.Check(CheckPasswordSize("current_password",
                                     change.current_password));
  violations.Check(CheckNewPassword("new_password", change.new_password, ""));
  if (absl::Status checked = violations.Result(); !checked.ok()) {
    done(checked);
    return;
  }
  const Actor actor{change.staff_id, change.role,
                    AccountSubject(change.staff_id), change.transport};
  staff::StaffMember member;
  std::optional<staff::StaffPassword> password;
  absl::Status throttled;
  const absl::Status read = store_.Read([&](storage::Transaction& transaction)
                                            -> absl::Status {
    ASSIGN_OR_RETURN(member, transaction.staff().Get(change.staff_id));
    ASSIGN_OR_RETURN(password,
                     transaction.sign_in().GetPassword(change.staff_id));
    throttled = CheckSubjects(transaction, {actor.account}, change.now);
    return absl::OkStatus();
  });
  if (!read.ok()) {
    done(read);
    return;
  }
  if (!password.has_value()) {
    done(absl::FailedPreconditionError(
        "current_password: you have no password yet; ask an admin for a "
        "setup link or a temporary password (StaffService.SetStaffPassword)"));
    return;
  }
  if (absl::Status rules = CheckNewPassword("new_password",
                                            change.new_password, member.email);
      !rules.ok()) {
    done(rules);
    return;
  }
  if (!throttled.ok()) {
    RefuseAudited(store_, kChangePasswordMethod, actor, throttled, change.now,
                  std::move(done));
    return;
  }

  bool matches;
  absl::StatusOr<std::string> new_hash;
  {
    const PasswordCheckLimit::Slot slot = checks_.TryAcquire();
    if (!slot) {
      done(PasswordCheckLimit::Refusal());
      return;
    }
    matches = VerifyPassword(password->password_hash, change.current_password);
    if (matches) new_hash = HashPassword(change.new_password);
  }
  if (!matches) {
    store_.Write(
        [actor, now = change.now](storage::Transaction& transaction) {
          return RecordFailure(transaction, kChangePasswordMethod, actor,
                               {actor.account}, now);
        },
        [done = std::move(done)](absl::Status committed) mutable {
          done(committed.ok()
                   ? WithReason(absl::UnauthenticatedError(
                                    "current_password: is wrong"),
                                reasons::kSignInFailed)
                   : committed);
        });
    return;
  }
  if (!new_hash.ok()) {
    done(new_hash.status());
    return;
  }
  auto outcome = std::make_shared<absl::Status>();
  store_.Write(
      [outcome, actor, change = std::move(change), hash = *new_hash,
       read_set_time = password->set_time](
          storage::Transaction& transaction) -> absl::Status {
        ASSIGN_OR_RETURN(const std::optional<staff::StaffPassword> current,
                         transaction.sign_in().GetPassword(change.staff_id));
        if (!current.has_value() || current->set_time != read_set_time) {
          *outcome = absl::AbortedError(
              "the password was set by someone else meanwhile; try again");
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(transaction.sign_in().PutPassword(
            {.staff_id = change.staff_id,
             .password_hash = hash,
             .must_change_password = false,
             .set_time = change.now}));
        RETURN_IF_ERROR(transaction.sign_in()
                            .EndSessionsOf(change.staff_id, change.now,
                                           staff::SessionEndReason::
                                               kPasswordChanged,
                                           change.session_id)
                            .status());
        RETURN_IF_ERROR(
            transaction.sign_in().EndSetupLinksOf(change.staff_id, change.now));
        RETURN_IF_ERROR(transaction.sign_in().ClearFailures(actor.account));
        return AppendAudit(transaction, kChangePasswordMethod, actor,
                           actor.account, absl::StatusCode::kOk, change.now);
      },
      AnswerOnCommit(outcome, member, std::move(done)));
}

void SignInDesk::CompletePasswordSetup(
    PasswordSetup setup,
    absl::AnyInvocable<void(absl::StatusOr<staff::StaffMember>)> done) {
  FieldViolations violations;
  violations.Check(CheckText("token", setup.token,
                             {.required = true, .max_length = 100}));
  violations.Check(CheckNewPassword("new_password", setup.new_password, ""));
  if (absl::Status checked = violations.Result(); !checked.ok()) {
    done(checked);
    return;
  }
  const std::string token_hash = Sha256(setup.token);
  const absl::Status unknown_token = absl::NotFoundError(
      "token: unknown, or already used; ask an admin for a new setup link");
  std::optional<staff::PasswordSetupLink> link;
  staff::StaffMember member;
  const absl::Status read = store_.Read([&](storage::Transaction& transaction)
                                            -> absl::Status {
    ASSIGN_OR_RETURN(link, transaction.sign_in().FindSetupLink(token_hash));
    if (!link.has_value() || link->end_time.has_value()) return unknown_token;
    ASSIGN_OR_RETURN(member, transaction.staff().Get(link->staff_id));
    return absl::OkStatus();
  });
  if (!read.ok()) {
    done(read);
    return;
  }
  if (setup.now >= link->expire_time) {
    done(absl::FailedPreconditionError(
        "token: the setup link has expired (it works for 72 hours); ask an "
        "admin for a new one"));
    return;
  }
  if (!member.active) {
    done(absl::FailedPreconditionError(absl::StrCat(
        ResourceName("staff", member.id), " is deactivated")));
    return;
  }
  if (absl::Status rules = CheckNewPassword("new_password", setup.new_password,
                                            member.email);
      !rules.ok()) {
    done(rules);
    return;
  }
  absl::StatusOr<std::string> hash;
  {
    const PasswordCheckLimit::Slot slot = checks_.TryAcquire();
    if (!slot) {
      done(PasswordCheckLimit::Refusal());
      return;
    }
    hash = HashPassword(setup.new_password);
  }
  if (!hash.ok()) {
    done(hash.status());
    return;
  }
  const Actor actor{member.id, member.role, AccountSubject(member.id),
                    setup.transport};
  auto outcome = std::make_shared<absl::Status>();
  store_.Write(
      [outcome, actor, token_hash, unknown_token, hash = *hash,
       now = setup.now](storage::Transaction& transaction) -> absl::Status {
        // Used by a call that committed meanwhile.
        ASSIGN_OR_RETURN(const std::optional<staff::PasswordSetupLink> current,
                         transaction.sign_in().FindSetupLink(token_hash));
        if (!current.has_value() || current->end_time.has_value()) {
          *outcome = unknown_token;
          return absl::OkStatus();
        }
        RETURN_IF_ERROR(transaction.sign_in().PutPassword(
            {.staff_id = actor.staff_id,
             .password_hash = hash,
             .must_change_password = false,
             .set_time = now}));
        RETURN_IF_ERROR(transaction.sign_in().EndSetupLinksOf(actor.staff_id, now));
        RETURN_IF_ERROR(transaction.sign_in()
                            .EndSessionsOf(actor.staff_id, now,
                                           staff::SessionEndReason::kPasswordSet)
                            .status());
        RETURN_IF_ERROR(transaction.sign_in().ClearFailures(actor.account));
        return AppendAudit(transaction, kCompletePasswordSetupMethod, actor,
                           actor.account, absl::StatusCode::kOk, now);
      },
      AnswerOnCommit(outcome, member, std::move(done)));
}

}  // namespace mesoclinic::auth

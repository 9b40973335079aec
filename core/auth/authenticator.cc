#include "core/auth/authenticator.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/auth/api_key_secret.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"

namespace mesoclinic::auth {
namespace {

absl::StatusOr<Principal> AuthenticateSession(absl::string_view token,
                                              storage::Transaction& transaction,
                                              absl::Time now) {
  ASSIGN_OR_RETURN(const std::optional<staff::SignInSession> session,
                   transaction.sign_in().FindSession(Sha256(token)));
  if (!session.has_value()) {
    return absl::UnauthenticatedError(
        "session: unknown; sign in again");
  }
  if (session->end_time.has_value()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "session: ended (", session->end_reason, "); sign in again"));
  }
  if (now >= session->expire_time) {
    return absl::UnauthenticatedError(absl::StrCat(
        "session: ended after ", absl::FormatDuration(kSessionLifetime),
        ", however busy; sign in again"));
  }
  ASSIGN_OR_RETURN(const absl::Duration idle_timeout, SignInIdleTimeout(transaction));
  if (now - session->last_seen_time > idle_timeout) {
    return absl::UnauthenticatedError(absl::StrCat(
        "session: ended after ", absl::FormatDuration(idle_timeout),
        " unused; sign in again"));
  }
  ASSIGN_OR_RETURN(const staff::StaffMember member,
                   transaction.staff().Get(session->staff_id));
  if (!member.active) {
    return absl::UnauthenticatedError(
        "session: the staff member is deactivated");
  }
  ASSIGN_OR_RETURN(const std::optional<staff::StaffPassword> password,
                   transaction.sign_in().GetPassword(member.id));
  return Principal{
      .staff_id = member.id,
      .role = member.role,
      .session_id = session->id,
      .must_change_password =
          password.has_value() && password->must_change_password,
      .session_needs_touch =
          now - session->last_seen_time >= kSessionTouchInterval,
  };
}

}  // namespace

absl::StatusOr<Principal> Authenticate(const Credentials& credentials,
                                       staff::StaffRepository& staff) {
  if (!credentials.authorization.has_value()) {
    return absl::UnauthenticatedError(
        "authorization: missing; send \"authorization: Bearer <api key>\" "
        "metadata");
  }
  const absl::string_view authorization = *credentials.authorization;
  constexpr absl::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(authorization, kScheme)) {
    return absl::UnauthenticatedError(
        "authorization: must be \"Bearer <api key>\"");
  }
  const absl::string_view key =
      absl::StripAsciiWhitespace(authorization.substr(kScheme.size()));
  ASSIGN_OR_RETURN(const std::string key_id, ApiKeyId(key));
  const absl::StatusOr<staff::ApiKey> stored = staff.GetApiKey(key_id);
  if (absl::IsNotFound(stored.status()) ||
      (stored.ok() && !HashesEqual(stored->secret_hash, HashApiKey(key)))) {
    return absl::UnauthenticatedError("authorization: unknown API key");
  }
  if (!stored.ok()) return stored.status();
  if (stored->revoke_time.has_value()) {
    return absl::UnauthenticatedError(
        "authorization: this API key has been revoked");
  }
  ASSIGN_OR_RETURN(const staff::StaffMember member,
                   staff.Get(stored->staff_id));
  if (!member.active) {
    return absl::UnauthenticatedError(
        "authorization: the staff member of this API key is deactivated");
  }
  return Principal{.staff_id = member.id, .role = member.role, .key_id = key_id};
}

absl::StatusOr<Principal> Authenticate(const Credentials& credentials,
                                       storage::Transaction& transaction,
                                       absl::Time now) {
  if (!credentials.authorization.has_value() &&
      credentials.session_token.has_value()) {
    return AuthenticateSession(*credentials.session_token, transaction, now);
  }
  return Authenticate(credentials, transaction.staff());
}

absl::StatusOr<absl::Duration> SignInIdleTimeout(
    storage::Transaction& transaction) {
  absl::StatusOr<scheduling::ClinicSettings> settings =
      transaction.scheduling().GetSettings();
  if (absl::IsNotFound(settings.status())) {
    return scheduling::kDefaultSignInIdleTimeout;
  }
  if (!settings.ok()) return settings.status();
  return settings->sign_in_idle_timeout;
}

bool MayCallBeforePasswordChange(absl::string_view method) {
  return method == "/clinic.v1.SignInService/ChangePassword" ||
         method == "/clinic.v1.SignInService/SignOut" ||
         method == "/clinic.v1.StaffService/GetCaller";
}

}  // namespace mesoclinic::auth

#ifndef MESOCLINIC_CORE_STAFF_SIGN_IN_REPOSITORY_H_
#define MESOCLINIC_CORE_STAFF_SIGN_IN_REPOSITORY_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/staff/sign_in_records.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::staff {

// Passwords, setup links, sessions and failed attempts.
class SignInRepository {
 public:
  virtual ~SignInRepository() = default;

  // The active staff member whose e-mail is `email` (compared without
  // regard to ASCII case), the oldest when several share it.
  virtual absl::StatusOr<std::optional<StaffMember>> FindActiveByEmail(
      absl::string_view email) = 0;

  virtual absl::StatusOr<std::optional<StaffPassword>> GetPassword(
      absl::string_view staff_id) = 0;
  // Inserts or replaces the member's password.
  virtual absl::Status PutPassword(const StaffPassword& password) = 0;

  virtual absl::Status InsertSetupLink(const PasswordSetupLink& link) = 0;
  virtual absl::StatusOr<std::optional<PasswordSetupLink>> FindSetupLink(
      absl::string_view token_hash) = 0;
  // Ends every link of `staff_id` not ended yet.
  virtual absl::Status EndSetupLinksOf(absl::string_view staff_id,
                                       absl::Time end_time) = 0;

  virtual absl::Status InsertSession(const SignInSession& session) = 0;
  virtual absl::StatusOr<std::optional<SignInSession>> FindSession(
      absl::string_view token_hash) = 0;
  virtual absl::StatusOr<std::optional<SignInSession>> GetSession(
      absl::string_view id) = 0;
  // Moves the session's last_seen_time forward to `time` (never back).
  virtual absl::Status TouchSession(absl::string_view id, absl::Time time) = 0;
  // Ends the session if it is still open; whether it was.
  virtual absl::StatusOr<bool> EndSession(absl::string_view id,
                                          absl::Time end_time,
                                          SessionEndReason reason) = 0;
  // Ends every open session of `staff_id` but `keep_session_id` (empty:
  // none kept); how many it ended.
  virtual absl::StatusOr<int> EndSessionsOf(absl::string_view staff_id,
                                            absl::Time end_time,
                                            SessionEndReason reason,
                                            absl::string_view keep_session_id =
                                                "") = 0;

  virtual absl::StatusOr<std::optional<SignInFailures>> GetFailures(
      absl::string_view subject) = 0;
  virtual absl::Status PutFailures(const SignInFailures& failures) = 0;
  virtual absl::Status ClearFailures(absl::string_view subject) = 0;
};

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_SIGN_IN_REPOSITORY_H_

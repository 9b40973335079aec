#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_SIGN_IN_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_SIGN_IN_REPOSITORY_H_

#include "core/staff/sign_in_repository.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// SignInRepository on the staff_passwords, password_setup_links,
// sign_in_sessions and sign_in_failures tables.
class SqliteSignInRepository : public staff::SignInRepository {
 public:
  explicit SqliteSignInRepository(Connection& connection)
      : connection_(connection) {}

  absl::StatusOr<std::optional<staff::StaffMember>> FindActiveByEmail(
      absl::string_view email) override;

  absl::StatusOr<std::optional<staff::StaffPassword>> GetPassword(
      absl::string_view staff_id) override;
  absl::Status PutPassword(const staff::StaffPassword& password) override;

  absl::Status InsertSetupLink(const staff::PasswordSetupLink& link) override;
  absl::StatusOr<std::optional<staff::PasswordSetupLink>> FindSetupLink(
      absl::string_view token_hash) override;
  absl::Status EndSetupLinksOf(absl::string_view staff_id,
                               absl::Time end_time) override;

  absl::Status InsertSession(const staff::SignInSession& session) override;
  absl::StatusOr<std::optional<staff::SignInSession>> FindSession(
      absl::string_view token_hash) override;
  absl::StatusOr<std::optional<staff::SignInSession>> GetSession(
      absl::string_view id) override;
  absl::Status TouchSession(absl::string_view id, absl::Time time) override;
  absl::StatusOr<bool> EndSession(absl::string_view id, absl::Time end_time,
                                  staff::SessionEndReason reason) override;
  absl::StatusOr<int> EndSessionsOf(absl::string_view staff_id,
                                    absl::Time end_time,
                                    staff::SessionEndReason reason,
                                    absl::string_view keep_session_id) override;

  absl::StatusOr<std::optional<staff::SignInFailures>> GetFailures(
      absl::string_view subject) override;
  absl::Status PutFailures(const staff::SignInFailures& failures) override;
  absl::Status ClearFailures(absl::string_view subject) override;

 private:
  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_SIGN_IN_REPOSITORY_H_

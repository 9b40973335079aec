#include "core/auth/first_admin.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/audit/audit_event.h"
#include "core/auth/api_key_secret.h"
#include "core/base/resource_name.h"
#include "core/base/secret_file.h"
#include "core/base/status_macros.h"

namespace mesoclinic::auth {
namespace {

absl::StatusOr<int64_t> CountStaff(storage::Store& store) {
  int64_t count = 0;
  RETURN_IF_ERROR(store.Read([&](storage::Transaction& transaction) {
    absl::StatusOr<int64_t> staff = transaction.staff().Count();
    if (!staff.ok()) return staff.status();
    count = *staff;
    return absl::OkStatus();
  }));
  return count;
}

}  // namespace

absl::StatusOr<std::optional<std::string>> BootstrapFirstAdmin(
    storage::Store& store, const std::string& key_file) {
  ASSIGN_OR_RETURN(const int64_t staff_count, CountStaff(store));
  if (staff_count > 0) return std::nullopt;

  ASSIGN_OR_RETURN(const NewApiKey key, GenerateApiKey());
  // The key reaches its file before the admin is committed, and the file
  // takes its final name only after: a crash leaves either no admin, or an
  // admin and its key.
  const std::string staging = key_file + ".new";
  RETURN_IF_ERROR(WriteSecretFile(staging, key.key + "\n"));

  const absl::Time now = absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()));
  bool created = false;
  const absl::Status committed =
      store.WriteAndWait([&](storage::Transaction& transaction) -> absl::Status {
        ASSIGN_OR_RETURN(const int64_t count, transaction.staff().Count());
        if (count > 0) return absl::OkStatus();  // Another process was first.
        const staff::StaffMember admin{
            .id = NewResourceId(),
            .display_name = "Administrator",
            .role = staff::Role::kAdmin,
            .active = true,
            .create_time = now,
        };
        RETURN_IF_ERROR(transaction.staff().Insert(admin));
        RETURN_IF_ERROR(transaction.staff().InsertApiKey({
            .id = key.key_id,
            .staff_id = admin.id,
            .secret_hash = key.secret_hash,
            .description = "first admin key, created at first start",
            .create_time = now,
        }));
        audit::AuditEvent event;
        event.time = now;
        event.staff_id = admin.id;
        event.role = staff::Role::kAdmin;
        event.method = "clinicd/BootstrapFirstAdmin";
        event.resource = ResourceName("staff", admin.id);
        RETURN_IF_ERROR(audit::AppendAuditEvent(transaction.audit(), event));
        created = true;
        return absl::OkStatus();
      });
  if (!committed.ok() || !created) {
    unlink(staging.c_str());
    if (!committed.ok()) return committed;
    return std::nullopt;
  }
  if (std::rename(staging.c_str(), key_file.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat(
        "the first admin was created but its key could not be moved from ",
        staging, " to ", key_file, ": ", std::strerror(errno)));
  }
  return key_file;
}

}  // namespace mesoclinic::auth

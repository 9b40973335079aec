#include "core/server/audit_trail_start.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/base/secret_file.h"
#include "core/base/status_macros.h"

namespace mesoclinic {
namespace {

constexpr std::size_t kChainKeyBytes = 32;

absl::Time Now() { return absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())); }

}  // namespace

std::string AuditChainKeyFileBeside(const std::string& database_path) {
  return (std::filesystem::path(database_path).parent_path() /
          "audit-chain.key")
      .string();
}

absl::StatusOr<audit::AuditChainKey> ReadAuditChainKey(const std::string& path) {
  absl::StatusOr<std::string> secret = ReadKeyFile(path, kChainKeyBytes);
  if (!secret.ok()) {
    return absl::Status(secret.status().code(),
                        absl::StrCat("the audit chain's key: ",
                                     secret.status().message()));
  }
  return audit::ChainKeyFromSecret(*std::move(secret));
}

absl::StatusOr<AuditChainKeyFile> ReadOrCreateAuditChainKey(
    const std::string& path) {
  AuditChainKeyFile file{.path = path};
  absl::StatusOr<audit::AuditChainKey> key = ReadAuditChainKey(path);
  if (absl::IsNotFound(key.status())) {
    absl::StatusOr<std::string> secret = CreateKeyFile(path, kChainKeyBytes);
    if (!secret.ok()) {
      return absl::Status(secret.status().code(),
                          absl::StrCat("the audit chain's key: ",
                                       secret.status().message()));
    }
    file.created = true;
    key = audit::ChainKeyFromSecret(*std::move(secret));
  }
  if (!key.ok()) return key.status();
  file.key = *std::move(key);
  return file;
}

absl::Status PrepareAuditTrail(storage::Store& store,
                               const AuditChainKeyFile& key_file,
                               bool replace_key) {
  const absl::Status keyed =
      store.WriteAndWait([&](storage::Transaction& transaction) {
        return audit::StartKeyedChain(transaction.audit(), key_file.key, Now(),
                                      replace_key);
      });
  if (absl::IsFailedPrecondition(keyed)) {
    if (key_file.created) unlink(key_file.path.c_str());
    return absl::FailedPreconditionError(absl::StrCat(
        keyed.message(), " (", key_file.path,
        key_file.created ? ", just created: there was no key file" : "",
        "). Start clinicd with the key file the chain was linked under "
        "(--audit_chain_key_file). Only if that key is lost for good, start "
        "once with --audit_chain_new_key to go on under a new one: the "
        "records before it will then be proven by their links only."));
  }
  RETURN_IF_ERROR(keyed);
  const absl::Time start = absl::Now();
  int64_t recorded = 0;
  RETURN_IF_ERROR(store.WriteAndWait([&](storage::Transaction& transaction)
                                         -> absl::Status {
    ASSIGN_OR_RETURN(recorded, audit::RecordResourceDigestBaseline(
                                   transaction.audit(), Now()));
    return absl::OkStatus();
  }));
  if (recorded > 0) {
    spdlog::info("audit trail: recorded the digests of {} stored resources "
                 "in {}",
                 recorded, absl::FormatDuration(absl::Now() - start));
  }
  spdlog::info("audit trail: linked under key {} ({})",
               absl::BytesToHexString(key_file.key.id), key_file.path);
  return absl::OkStatus();
}

}  // namespace mesoclinic

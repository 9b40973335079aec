#include "core/storage/sqlite_status.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"

namespace mesoclinic::storage {

absl::Status SqliteErrorToStatus(const SQLite::Exception& error) {
  const int code = error.getErrorCode();
  const int extended = error.getExtendedErrorCode();
  const std::string detail = absl::StrCat("storage: ", error.what());
  switch (code) {
    case SQLITE_FULL:
      return WithReason(absl::ResourceExhaustedError(absl::StrCat(
                            "storage: the database disk is full; free space "
                            "and retry (", error.what(), ")")),
                        reasons::kStorageFull);
    case SQLITE_IOERR:
      if (extended == SQLITE_IOERR_FSYNC) {
        // The commit's pages were handed to the kernel but not confirmed on
        // disk, and SQLite's recovery after a crash may still find them.
        return WithReason(
            absl::UnavailableError(absl::StrCat(
                "storage: the disk did not confirm the write (", error.what(),
                "); it may or may not have been kept: a change retried with "
                "the same request_id learns which")),
            reasons::kOutcomeUnknown);
      }
      [[fallthrough]];
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
      return WithReason(absl::UnavailableError(detail),
                        reasons::kStorageUnavailable);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL:
      return absl::UnavailableError(detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::DataLossError(detail);
    case SQLITE_CONSTRAINT:
      if (extended == SQLITE_CONSTRAINT_PRIMARYKEY ||
          extended == SQLITE_CONSTRAINT_UNIQUE) {
        return absl::AlreadyExistsError(detail);
      }
      return absl::FailedPreconditionError(detail);
    case SQLITE_INTERRUPT:
      return absl::CancelledError(detail);
    default:
      return absl::InternalError(detail);
  }
}

}  // namespace mesoclinic::storage

#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_STATUS_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_STATUS_H_

// SQLiteCpp reports errors with exceptions; the rest of the server speaks
// absl::Status. The conversion happens here, at the storage boundary.

#include <exception>
#include <type_traits>

#include <SQLiteCpp/Exception.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mesoclinic::storage {

// Maps an SQLite error to the canonical code a caller can act on: a full disk
// is RESOURCE_EXHAUSTED, a read-only or unreachable file or a lock held too
// long is UNAVAILABLE, a unique-key clash is ALREADY_EXISTS, corruption is
// DATA_LOSS. The message carries SQLite's text, which names tables and
// constraints but never the values involved.
absl::Status SqliteErrorToStatus(const SQLite::Exception& error);

// Runs `fn` (returning absl::Status or absl::StatusOr<T>) and turns any
// exception it throws into a status.
template <typename Fn>
auto CatchSqlite(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const SQLite::Exception& error) {
    return SqliteErrorToStatus(error);
  } catch (const std::exception& error) {
    return absl::InternalError(error.what());
  }
}

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_STATUS_H_

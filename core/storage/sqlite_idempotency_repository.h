#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_IDEMPOTENCY_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_IDEMPOTENCY_REPOSITORY_H_

#include "core/storage/connection.h"
#include "core/storage/store.h"

namespace mesoclinic::storage {

// IdempotencyRepository on the idempotency_records table.
class SqliteIdempotencyRepository : public IdempotencyRepository {
 public:
  explicit SqliteIdempotencyRepository(Connection& connection)
      : connection_(connection) {}

  absl::StatusOr<std::optional<IdempotencyRecord>> Find(
      absl::string_view caller, absl::string_view method,
      absl::string_view request_id) override;
  absl::Status Insert(const IdempotencyRecord& record) override;
  absl::StatusOr<int> DeleteCreatedBefore(absl::Time cutoff,
                                          int limit) override;

 private:
  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_IDEMPOTENCY_REPOSITORY_H_

#include "core/storage/idempotency_purger.h"

#include <spdlog/spdlog.h>

#include "absl/time/clock.h"

namespace mesoclinic::storage {

absl::StatusOr<int64_t> PurgeIdempotencyRecords(Store& store,
                                                absl::Time cutoff,
                                                int batch) {
  int64_t total = 0;
  while (true) {
    int deleted = 0;
    const absl::Status status =
        store.WriteAndWait([&](Transaction& transaction) -> absl::Status {
          absl::StatusOr<int> result =
              transaction.idempotency().DeleteCreatedBefore(cutoff, batch);
          if (!result.ok()) return result.status();
          deleted = *result;
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    total += deleted;
    if (deleted < batch) return total;
  }
}

IdempotencyPurger::IdempotencyPurger(Store& store, absl::Duration retention,
                                     absl::Duration interval)
    : store_(store),
      retention_(retention),
      interval_(interval),
      thread_([this] { Loop(); }) {}

IdempotencyPurger::~IdempotencyPurger() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

int64_t IdempotencyPurger::purged() const {
  absl::MutexLock lock(&mutex_);
  return purged_;
}

int IdempotencyPurger::passes() const {
  absl::MutexLock lock(&mutex_);
  return passes_;
}

void IdempotencyPurger::Loop() {
  while (true) {
    const absl::StatusOr<int64_t> purged =
        PurgeIdempotencyRecords(store_, absl::Now() - retention_);
    if (!purged.ok()) {
      // The records stay until the next pass; retries still work meanwhile.
      spdlog::warn("storage: purging idempotency records failed: {}",
                   purged.status().ToString());
    }
    absl::MutexLock lock(&mutex_);
    if (purged.ok()) purged_ += *purged;
    ++passes_;
    const auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
      return stopping_;
    };
    if (mutex_.AwaitWithTimeout(absl::Condition(&stopping), interval_)) {
      return;
    }
  }
}

}  // namespace mesoclinic::storage

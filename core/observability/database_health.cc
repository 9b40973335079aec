#include "core/observability/database_health.h"

#include <utility>

#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace mesoclinic::observability {

DatabaseHealth::DatabaseHealth(DatabaseHealthOptions options)
    : options_(options), last_success_(absl::Now()) {}

bool DatabaseHealth::serving() const {
  absl::MutexLock lock(&mutex_);
  return serving_;
}

std::string DatabaseHealth::reason() const {
  absl::MutexLock lock(&mutex_);
  if (serving_) return "";
  return absl::StrCat(
      "database not writable: ", absl::StatusCodeToString(failure_code_),
      " since ",
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", unhealthy_since_,
                       absl::UTCTimeZone()));
}

void DatabaseHealth::Watch(std::function<void(bool serving)> listener) {
  absl::MutexLock lock(&mutex_);
  listener_ = std::move(listener);
  if (listener_) listener_(serving_);
}

void DatabaseHealth::OnBatchCommitted(int, absl::Duration) {
  Record(absl::OkStatus());
}

void DatabaseHealth::OnCommitFailed(const absl::Status& status) {
  Record(status);
}

void DatabaseHealth::Record(const absl::Status& status) {
  absl::MutexLock lock(&mutex_);
  if (status.ok()) last_success_ = absl::Now();
  if (status.ok() == serving_) return;
  serving_ = status.ok();
  if (serving_) {
    spdlog::info("the database can be written again: serving");
  } else {
    failure_code_ = status.code();
    unhealthy_since_ = absl::Now();
    // Code and message only: the status's payloads are binary details.
    spdlog::error(
        "the database cannot be written ({}: {}): health is NOT_SERVING "
        "until a write succeeds",
        absl::StatusCodeToString(status.code()),
        std::string(status.message()));
  }
  // Under the mutex, so that the listener hears the changes in order.
  if (listener_) listener_(serving_);
}

std::unique_ptr<PeriodicTask> DatabaseHealth::StartProbing(Probe probe) {
  return std::make_unique<PeriodicTask>(
      options_.unhealthy_probe_interval,
      [this, probe = std::move(probe)] { ProbeIfDue(probe); });
}

void DatabaseHealth::ProbeIfDue(const Probe& probe) {
  {
    absl::MutexLock lock(&mutex_);
    const bool due =
        !serving_ ||
        absl::Now() - last_success_ >= options_.healthy_probe_interval;
    if (!due || probe_in_flight_) return;
    probe_in_flight_ = true;
  }
  // The probe's commit reaches Record through the writer's observers; its
  // own outcome only ends this probe.
  probe([this](absl::Status) {
    absl::MutexLock lock(&mutex_);
    probe_in_flight_ = false;
  });
}

}  // namespace mesoclinic::observability

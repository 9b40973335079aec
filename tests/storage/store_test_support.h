#ifndef MESOCLINIC_TESTS_STORAGE_STORE_TEST_SUPPORT_H_
#define MESOCLINIC_TESTS_STORAGE_STORE_TEST_SUPPORT_H_

// What the Store tests share: a patient to write, asynchronous outcomes, and
// a write that holds the writer thread.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "core/storage/store.h"

namespace mesoclinic::storage {

// Services hold a Store&; SqliteStore::Write's override does not carry the
// base class's default deadline, so the tests call through the interface.
inline Store& AsStore(Store& store) { return store; }

inline patients::Patient NewPatient(const std::string& id) {
  patients::Patient patient;
  patient.id = id;
  patient.given_name = "Given " + id;
  patient.family_name = "Family";
  patient.date_of_birth = absl::CivilDay(1985, 4, 12);
  patient.sex = patients::Sex::kFemale;
  patient.create_time = absl::FromUnixMicros(1'790'000'000'000'000);
  patient.update_time = patient.create_time;
  return patient;
}

inline Store::WriteFn InsertPatient(const std::string& id) {
  return [id](Transaction& transaction) {
    return transaction.patients().Insert(NewPatient(id));
  };
}

// Collects the outcomes of asynchronous writes; Wait() returns once `count`
// of them have reported.
class Outcomes {
 public:
  explicit Outcomes(int count) : statuses_(count), done_(count) {}

  Store::DoneFn Slot(int index) {
    return [this, index](absl::Status status) {
      statuses_[index] = std::move(status);
      done_.DecrementCount();
    };
  }
  // Blocks until every slot has reported, then returns the statuses.
  const std::vector<absl::Status>& Wait() {
    done_.Wait();
    return statuses_;
  }

 private:
  std::vector<absl::Status> statuses_;
  absl::BlockingCounter done_;
};

// A write that holds the writer thread until released.
class Blocker {
 public:
  Store::WriteFn Fn() {
    return [this](Transaction&) {
      entered_.Notify();
      release_.WaitForNotification();
      return absl::OkStatus();
    };
  }
  void WaitUntilEntered() { entered_.WaitForNotification(); }
  void Release() { release_.Notify(); }

 private:
  absl::Notification entered_;
  absl::Notification release_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_TESTS_STORAGE_STORE_TEST_SUPPORT_H_

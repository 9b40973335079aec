#include "core/storage/sqlite_scheduling_repository.h"

#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/time.h"
#include "core/storage/sqlite_patient_repository.h"
#include "core/storage/sqlite_staff_repository.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/migrated_database.h"
#include "tests/storage/store_test_support.h"

namespace mesoclinic::storage {
namespace {

using scheduling::BusyTime;
using scheduling::Interval;
using scheduling::SessionState;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// Reads of the calendar the slot search relies on, on a real file.
class SqliteSchedulingRepositoryTest : public MigratedDatabaseTest {
 protected:
  void SetUp() override {
    MigratedDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    repository_ = std::make_unique<SqliteSchedulingRepository>(*connection_);

    // Sessions refer to a patient, practitioners and rooms.
    SqlitePatientRepository patients(*connection_);
    ASSERT_TRUE(patients.Insert(NewPatient("patient1")).ok());
    SqliteStaffRepository staff(*connection_);
    for (const std::string id : {"practitioner1", "practitioner2"}) {
      ASSERT_TRUE(staff.Insert({.id = id,
                                .display_name = id,
                                .email = id + "@clinic.test",
                                .role = staff::Role::kPractitioner,
                                .create_time = kDay})
                      .ok());
    }
    for (const std::string id : {"room1", "room2"}) {
      ASSERT_TRUE(repository_
                      ->InsertRoom({.id = id,
                                    .display_name = id,
                                    .create_time = kDay})
                      .ok());
    }
  }

  void Insert(const std::string& id, const std::string& practitioner,
              const std::string& room, absl::Time start, SessionState state) {
    scheduling::Session session;
    session.id = id;
    session.patient_id = "patient1";
    session.treatment_type = "cellulite";
    session.practitioner_id = practitioner;
    session.room_id = room;
    session.time = {start, start + absl::Minutes(15)};
    session.state = state;
    session.create_time = kDay;
    session.update_time = kDay;
    ASSERT_TRUE(repository_->InsertSession(session).ok());
  }

  // What VisitBusyTime gives for sessions starting in `starting`, copied
  // out of the visitor.
  std::vector<std::tuple<std::string, std::string, absl::Time>> Busy(
      const Interval& starting) {
    std::vector<std::tuple<std::string, std::string, absl::Time>> seen;
    const absl::Status status =
        repository_->VisitBusyTime(starting, [&](const BusyTime& busy) {
          seen.emplace_back(std::string(busy.practitioner_id),
                            std::string(busy.room_id), busy.time.start);
          EXPECT_EQ(busy.time.end - busy.time.start, absl::Minutes(15));
        });
    EXPECT_TRUE(status.ok()) << status;
    return seen;
  }

  static absl::Time At(int hour) { return kDay + absl::Hours(hour); }

  // 2026-12-01 00:00 UTC.
  static constexpr absl::Time kDay = absl::FromUnixSeconds(1'796'083'200);

  std::unique_ptr<SqliteSchedulingRepository> repository_;
};

TEST_F(SqliteSchedulingRepositoryTest,
       BusyTimeIsEverySessionHoldingItsSlotThatStartsInTheRange) {
  Insert("booked", "practitioner1", "room1", At(9), SessionState::kBooked);
  Insert("checked_in", "practitioner2", "room2", At(10),
         SessionState::kCheckedIn);
  Insert("completed", "practitioner1", "room2", At(11),
         SessionState::kCompleted);
  Insert("cancelled", "practitioner2", "room1", At(12),
         SessionState::kCancelled);
  Insert("no_show", "practitioner1", "room1", At(13), SessionState::kNoShow);
  // Starts exactly when the range ends: not in it.
  Insert("later", "practitioner2", "room1", At(14), SessionState::kBooked);

  EXPECT_THAT(Busy({At(9), At(14)}),
              UnorderedElementsAre(
                  std::tuple("practitioner1", "room1", At(9)),
                  std::tuple("practitioner2", "room2", At(10)),
                  std::tuple("practitioner1", "room2", At(11))));
  // The range is of start times: a session that began before it is left
  // out even while it still runs.
  EXPECT_THAT(Busy({At(9) + absl::Minutes(5), At(11)}),
              ElementsAre(std::tuple("practitioner2", "room2", At(10))));
  EXPECT_THAT(Busy({At(14), At(15)}),
              ElementsAre(std::tuple("practitioner2", "room1", At(14))));
  EXPECT_THAT(Busy({At(20), At(24)}), IsEmpty());
}

TEST_F(SqliteSchedulingRepositoryTest,
       WorkingHoursAreListedByStaffWithoutTheClinicsOwn) {
  scheduling::WeeklyHours clinic;
  clinic.Add(1, {9 * 60, 18 * 60});
  scheduling::ClinicSettings settings;
  settings.opening_hours = clinic;
  ASSERT_TRUE(repository_->PutSettings(settings).ok());
  scheduling::WeeklyHours mornings;
  mornings.Add(2, {8 * 60, 12 * 60});
  mornings.Add(1, {8 * 60, 12 * 60});
  ASSERT_TRUE(repository_->PutWorkingHours("practitioner1", mornings).ok());

  const auto hours = repository_->ListWorkingHours();
  ASSERT_TRUE(hours.ok()) << hours.status();
  ASSERT_THAT(*hours, ElementsAre(Pair("practitioner1", ::testing::_)));
  const scheduling::WeeklyHours& listed = hours->at("practitioner1");
  for (const int weekday : {1, 2}) {
    ASSERT_EQ(listed.On(weekday).size(), 1u);
    EXPECT_EQ(listed.On(weekday)[0].start, 8 * 60);
    EXPECT_EQ(listed.On(weekday)[0].end, 12 * 60);
  }
  EXPECT_THAT(listed.On(3), IsEmpty());
}

}  // namespace
}  // namespace mesoclinic::storage

// Screening before booking (issue 17): a booking or course for a patient
// whose facts the protocol needs are unknown or too old is refused,
// naming every missing fact and who may record it.

#include <string>
#include <vector>

#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using patients::FactGroup;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

constexpr auto kFailedPrecondition = absl::StatusCode::kFailedPrecondition;

class ScreeningTest : public SchedulerTest {
 protected:
  // A consented patient whose facts `adjust` changes after screening.
  Cast CastWith(const std::function<void(patients::Patient&)>& adjust) {
    const std::string patient = AddPatient(adjust);
    AddConsent(patient);
    return {patient, cast_.practitioner, cast_.room};
  }

  static std::vector<std::string> Fields(const absl::Status& status) {
    std::vector<std::string> fields;
    for (const FieldViolation& violation : FieldViolationsOf(status)) {
      fields.push_back(violation.field);
    }
    return fields;
  }
};

TEST_F(ScreeningTest, ABookingIsRefusedWhileANeededFactIsUnknown) {
  const Cast who = CastWith([](patients::Patient& patient) {
    // Never asked: no medications recorded, and no one confirmed "none".
    patient.clinical_facts.confirmations.erase(FactGroup::kMedications);
    patient.clinical_facts.confirmations.erase(FactGroup::kBodyMeasurements);
  });
  const absl::Status status =
      Refusal([&] { return Book(Booking(At(Monday(), 10), who)); });
  EXPECT_THAT(status,
              IsRefusal(kFailedPrecondition, reasons::kScreeningIncomplete));
  EXPECT_THAT(Fields(status),
              UnorderedElementsAre(
                  "patient.clinical_facts.medications",
                  "patient.clinical_facts.height_cm/weight_kg"));
  EXPECT_THAT(ErrorMetadata(status),
              Contains(Pair("recorded_by", "practitioner,admin")));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("A practitioner (or an admin) asks the patient"));
}

TEST_F(ScreeningTest, ABookingIsRefusedWhenAFactIsOlderThanTheProtocolAllows) {
  const absl::Time long_ago = now_ - absl::Hours(24 * 31);
  const Cast who = CastWith([&](patients::Patient& patient) {
    patient.clinical_facts.confirmations[FactGroup::kMedications] = {
        long_ago, staff_id_};
  });
  const absl::Status status =
      Refusal([&] { return Book(Booking(At(Monday(), 10), who)); });
  EXPECT_THAT(status,
              IsRefusal(kFailedPrecondition, reasons::kScreeningIncomplete));
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("more than the 30 days the protocol allows"));
}

TEST_F(ScreeningTest, PregnancyAskedOnTheDayDoesNotBlockBookingAFutureSession) {
  const Cast who = CastWith([](patients::Patient& patient) {
    patient.clinical_facts.confirmations.erase(FactGroup::kPregnancyStatus);
  });
  const absl::StatusOr<Session> booked =
      Book(Booking(At(Monday(), 10), who));
  EXPECT_TRUE(booked.ok()) << booked.status();
}

TEST_F(ScreeningTest, ACourseIsRefusedWhileANeededFactIsUnknown) {
  const Cast who = CastWith([](patients::Patient& patient) {
    patient.clinical_facts.confirmations.erase(FactGroup::kAllergies);
  });
  CourseOrder order = Order(At(Monday(), 10), 6);
  order.patient_id = who.patient;
  const absl::Status status = Refusal([&] { return BookCourse(order); });
  EXPECT_THAT(status,
              IsRefusal(kFailedPrecondition, reasons::kScreeningIncomplete));
  EXPECT_THAT(Fields(status),
              UnorderedElementsAre("patient.clinical_facts.allergies"));
}

}  // namespace
}  // namespace mesoclinic::scheduling

#ifndef MESOCLINIC_TESTS_SUPPORT_CLINIC_EXAMPLES_H_
#define MESOCLINIC_TESTS_SUPPORT_CLINIC_EXAMPLES_H_

// Requests and records several suites build alike.

#include <string>

#include "clinic/v1/clinic.pb.h"
#include "clinic/v1/scheduling.pb.h"

namespace mesoclinic::testing {

// The request that opens the clinic round the clock, every day of the week,
// keeping the rest of `current` (its etag included): for suites that book
// at whatever hour they run.
clinic::v1::UpdateClinicSettingsRequest OpenRoundTheClock(
    const clinic::v1::ClinicSettings& current, const std::string& request_id);

// A cellulite treatment record: `volume_ml` of caffeine 20 mg/ml from `lot`
// on the thighs (within the protocol up to its limit), the left thigh's
// circumference, `thigh_cm`, and the day-of checklist answered with nothing
// that stops the session (AnswerDayOfChecklist). No notes.
clinic::v1::TreatmentRecord CaffeineOnThighs(const std::string& lot,
                                             double volume_ml,
                                             double thigh_cm);

// Answers "no" to every question of the day-of checklist the built-in
// protocols share (plugins/common: AddCommonEligibility), none of which a
// "no" stops.
void AnswerDayOfChecklist(clinic::v1::TreatmentRecord& record);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_CLINIC_EXAMPLES_H_

#ifndef MESOCLINIC_CORE_SCHEDULING_TREATMENT_RECORD_CHECKS_H_
#define MESOCLINIC_CORE_SCHEDULING_TREATMENT_RECORD_CHECKS_H_

// What a treatment record must be before a session completes with it. Both
// checks report every violation at once, as INVALID_ARGUMENT with the reason
// TREATMENT_RECORD_INVALID and a BadRequest naming each field
// ("treatment_record.products[0].volume_ml").

#include <vector>

#include "absl/status/status.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

// What the API itself asks, before the treatment's plugin judges the record
// against the protocol: bounded lists and text (a plugin's refusal may quote
// it), areas and products named, and amounts that are numbers, not negative
// (NaN passes every comparison a plugin makes).
absl::Status CheckRecordShape(const TreatmentRecord& record);

// The plugin's verdict as a status: OK without violations.
absl::Status RecordViolations(
    const clinic::plugin::v1::TreatmentRecordValidation& validation);

// The day-of checklist (clinic.plugin.v1.DayOfQuestion) in the record.
// INVALID_ARGUMENT (CHECKLIST_INCOMPLETE) naming every question of
// `checklist` that `answers` leaves unanswered, and every answer that names
// no question or one already answered: the record is incomplete.
absl::Status CheckChecklistComplete(
    const google::protobuf::RepeatedPtrField<
        clinic::plugin::v1::DayOfQuestion>& checklist,
    const std::vector<ChecklistAnswer>& answers);

// FAILED_PRECONDITION (CHECKLIST_BLOCKS_TREATMENT) naming every answer equal
// to its question's blocking_answer: the patient must not be treated today.
absl::Status CheckChecklistAnswers(
    const google::protobuf::RepeatedPtrField<
        clinic::plugin::v1::DayOfQuestion>& checklist,
    const std::vector<ChecklistAnswer>& answers);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_TREATMENT_RECORD_CHECKS_H_

#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_H_

// Adverse-event reports and the safety rules that follow from them, as
// plain data and functions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace mesoclinic::adverse_events {

// Values match the clinic.v1 enums of the same names.
enum class Seriousness { kDeath = 1, kLifeThreatening = 2, kHospitalisation = 3,
                         kDisability = 4, kCongenitalAnomaly = 5,
                         kOtherMedicallyImportant = 6 };
enum class Outcome { kUnspecified = 0, kRecovering = 1, kRecovered = 2,
                     kRecoveredWithSequelae = 3, kNotRecovered = 4, kFatal = 5,
                     kUnknown = 6 };

struct SuspectedProduct {
  std::string product;
  std::string lot_number;
  int relatedness = 0;  // clinic.v1.Relatedness.
};

struct FollowUp {
  absl::Time time;
  Outcome outcome = Outcome::kUnspecified;
  int severity_grade = 0;  // 0: unchanged.
  std::string notes;
  std::string recorded_by;
};

struct AdverseEvent {
  std::string id;
  std::string patient_id;
  std::string session_id;  // Empty when not tied to a session.
  std::string treatment_type;
  std::string term;
  std::string description;
  std::string body_site;
  absl::Time onset_time;
  absl::Time awareness_time;
  int severity_grade = 0;
  uint32_t seriousness = 0;  // Bit (1 << Seriousness).
  int relatedness = 0;
  std::string causality_assessed_by;
  std::vector<SuspectedProduct> suspected_products;
  int action_taken = 0;
  std::string action_details;
  Outcome outcome = Outcome::kUnspecified;
  std::string reporter_id;
  bool expected = false;
  std::string recommended_action;
  std::string assessment_rationale;
  std::optional<absl::Time> expedited_due_time;
  std::optional<absl::Time> expedited_submit_time;
  std::vector<FollowUp> follow_ups;
  absl::Time create_time;

  bool Has(Seriousness criterion) const {
    return (seriousness >> static_cast<int>(criterion)) & 1u;
  }
  bool serious() const { return seriousness != 0; }
  // The outcome and grade after the follow-ups.
  Outcome CurrentOutcome() const;
  int CurrentGrade() const;
};

// Checks a new report: term ("other" needs a description), grade 1 to 5,
// onset before awareness and neither in the future (5 minutes of clock
// skew allowed), an outcome, and consistency between death, grade 5 and a
// fatal outcome. INVALID_ARGUMENT naming the field under "adverse_event".
absl::Status ValidateReport(const AdverseEvent& event, absl::Time now);

// Whether the event puts the patient's course on hold: serious, or of grade
// 3 or more.
bool NeedsSafetyHold(const AdverseEvent& event);

// ICH E2A: a serious unexpected event must be reported to the authority
// within 7 days of awareness when fatal or life-threatening, 15 otherwise.
// nullopt when no expedited report is due.
std::optional<absl::Time> ExpeditedReportDue(const AdverseEvent& event);

// Checks a follow-up: not before the event's onset, not in the future,
// grade 0 to 5, an outcome, notes at most 5,000 characters.
absl::Status ValidateFollowUp(const AdverseEvent& event, const FollowUp& follow_up,
                              absl::Time now);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_H_

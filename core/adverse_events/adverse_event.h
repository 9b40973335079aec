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

// WHO-UMC causality; values match clinic.v1.Relatedness.
enum Relatedness {
  kRelatednessUnspecified = 0,
  // Not WHO-UMC: only on reports stored before, as legacy_relatedness.
  kRelatednessUnrelated = 1,
  kRelatednessUnlikely = 2,
  kRelatednessPossible = 3,
  kRelatednessProbable = 4,
  kRelatednessCertain = 5,
  kRelatednessConditional = 6,
  kRelatednessUnassessable = 7,
};

// Whether a causality leaves ICH E2A's "reasonable possibility" that the
// treatment caused the event: certain, probable and possible do; so do
// conditional (more data awaited) and unassessable, which rule nothing out
// and must not stop the expedited clock. Unlikely and unspecified do not.
bool IsRelated(int relatedness);

// Values match clinic.v1.ReporterKind.
enum class ReporterKind { kUnspecified = 0, kPractitioner = 1,
                          kOtherStaff = 2, kPatient = 3 };

struct SuspectedProduct {
  std::string product;
  std::string lot_number;
  int relatedness = 0;  // clinic.v1.Relatedness.
  int legacy_relatedness = 0;  // Before migration 0008; output only.
};

struct FollowUp {
  absl::Time time;
  Outcome outcome = Outcome::kUnspecified;
  int severity_grade = 0;  // 0: unchanged.
  std::string notes;
  std::string recorded_by;
  uint32_t seriousness = 0;  // 0: unchanged; else bit (1 << Seriousness).
  int relatedness = 0;       // 0: unchanged.
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
  int legacy_relatedness = 0;  // Before migration 0008; output only.
  std::string causality_assessed_by;
  std::vector<SuspectedProduct> suspected_products;
  int action_taken = 0;
  std::string action_details;
  Outcome outcome = Outcome::kUnspecified;
  std::string reporter_id;
  ReporterKind reporter_kind = ReporterKind::kUnspecified;
  std::string reporter_narrative;
  bool expected = false;
  std::string recommended_action;
  std::string assessment_rationale;
  // Non-empty while the plugin's assessment is pending: why it failed.
  std::string assessment_pending_reason;
  std::optional<absl::Time> expedited_due_time;
  std::optional<absl::Time> expedited_submit_time;
  std::string expedited_authority;
  std::string expedited_reference;
  std::optional<absl::Time> follow_up_report_due_time;
  std::optional<absl::Time> follow_up_report_submit_time;
  std::string follow_up_report_reference;
  // Set at the report for a systemic event (NeedsPatientHold).
  bool patient_hold = false;
  std::optional<absl::Time> patient_hold_review_time;
  std::vector<FollowUp> follow_ups;
  absl::Time create_time;

  bool Has(Seriousness criterion) const {
    return (seriousness >> static_cast<int>(criterion)) & 1u;
  }
  bool serious() const { return seriousness != 0; }
  bool assessment_pending() const { return !assessment_pending_reason.empty(); }
  // The event as it stands after the follow-ups: each follow-up may change
  // the outcome, the grade, the seriousness and the causality.
  Outcome CurrentOutcome() const;
  int CurrentGrade() const;
  uint32_t CurrentSeriousness() const;
  int CurrentRelatedness() const;
  bool CurrentlySerious() const { return CurrentSeriousness() != 0; }
  bool CurrentlyHas(Seriousness criterion) const {
    return (CurrentSeriousness() >> static_cast<int>(criterion)) & 1u;
  }
};

// Checks a new report: term ("other" needs a description), grade 1 to 5,
// onset before awareness and neither in the future (5 minutes of clock
// skew allowed), an outcome, and consistency between death, grade 5 and a
// fatal outcome; causality on the WHO-UMC scale (never "unrelated"), and
// required when the event is serious; the patient's own words when the
// patient reported it. INVALID_ARGUMENT naming the field under
// "adverse_event".
absl::Status ValidateReport(const AdverseEvent& event, absl::Time now);

// Whether the event, as it stands now, puts the patient's course on hold:
// serious, of grade 3 or more, a term that ends a course whatever its grade
// (infection, lasting tissue damage, necrosis, systemic reactions), or the
// plugin recommending to stop, refer or send to urgent care.
bool NeedsSafetyHold(const AdverseEvent& event);

// Whether the event holds every treatment of the patient, not only the
// suspected one: a systemic reaction (anaphylaxis and the like).
bool NeedsPatientHold(const AdverseEvent& event);

// ICH E2A: a serious, related (IsRelated) and unexpected event must be
// reported to the authority within 7 days when fatal or life-threatening,
// 15 otherwise. The clock starts when the clinic learned of the first state
// of the event (the report, then each follow-up) that needed the report;
// the earliest deadline of these states wins. nullopt when the event as it
// stands needs no expedited report and none was submitted.
std::optional<absl::Time> ExpeditedReportDue(const AdverseEvent& event);

// The follow-up report an expedited report requires (ICH E2A/E2D), once the
// expedited report is submitted: for a fatal or life-threatening event the
// complete report, 8 days after the initial one; otherwise follow-up
// information within 15 days of the clinic receiving it (the first
// follow-up recorded after the submission). nullopt when none is due yet.
std::optional<absl::Time> FollowUpReportDue(const AdverseEvent& event);

// Checks a follow-up: not before the event's onset, not in the future,
// grade 0 to 5, an outcome, notes at most 5,000 characters, causality on
// the WHO-UMC scale.
absl::Status ValidateFollowUp(const AdverseEvent& event, const FollowUp& follow_up,
                              absl::Time now);

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_H_

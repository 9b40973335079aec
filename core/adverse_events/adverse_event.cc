#include "core/adverse_events/adverse_event.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/status_macros.h"
#include "mesoclinic/adverse_event_terms.h"

namespace mesoclinic::adverse_events {
namespace {

constexpr absl::Duration kClockSkew = absl::Minutes(5);
constexpr absl::Duration kDay = absl::Hours(24);

// A causality a report or follow-up may carry: defined, and WHO-UMC.
absl::Status CheckRelatedness(absl::string_view field, int relatedness) {
  if (relatedness == kRelatednessUnrelated) {
    return FieldError(field,
                      "RELATEDNESS_UNRELATED is not a WHO-UMC category: use "
                      "RELATEDNESS_UNLIKELY (or UNASSESSABLE when it cannot "
                      "be judged)");
  }
  return absl::OkStatus();
}

const plugin::AdverseEventTerm* FindTerm(const std::string& code) {
  return plugin::FindAdverseEventTerm(std::string_view(code));
}

// One state of the event in its history: the report, then each follow-up.
struct EventState {
  absl::Time known_since;
  uint32_t seriousness;
  int relatedness;
};

bool NeedsExpeditedReport(const EventState& state, bool expected) {
  return state.seriousness != 0 && !expected && IsRelated(state.relatedness);
}

bool Urgent(uint32_t seriousness) {
  return (seriousness >> static_cast<int>(Seriousness::kDeath)) & 1u ||
         (seriousness >> static_cast<int>(Seriousness::kLifeThreatening)) & 1u;
}

std::vector<EventState> History(const AdverseEvent& event) {
  std::vector<EventState> states = {
      {event.awareness_time, event.seriousness, event.relatedness}};
  for (const FollowUp& follow_up : event.follow_ups) {
    EventState next = states.back();
    next.known_since = follow_up.time;
    if (follow_up.seriousness != 0) next.seriousness = follow_up.seriousness;
    if (follow_up.outcome == Outcome::kFatal) {
      next.seriousness |= 1u << static_cast<int>(Seriousness::kDeath);
    }
    if (follow_up.relatedness != 0) next.relatedness = follow_up.relatedness;
    states.push_back(next);
  }
  return states;
}

}  // namespace

bool IsRelated(int relatedness) {
  switch (relatedness) {
    case kRelatednessPossible:
    case kRelatednessProbable:
    case kRelatednessCertain:
    case kRelatednessConditional:
    case kRelatednessUnassessable:
      return true;
    default:
      return false;
  }
}

Outcome AdverseEvent::CurrentOutcome() const {
  return follow_ups.empty() ? outcome : follow_ups.back().outcome;
}

int AdverseEvent::CurrentGrade() const {
  int grade = severity_grade;
  for (const FollowUp& follow_up : follow_ups) {
    if (follow_up.severity_grade > 0) grade = follow_up.severity_grade;
  }
  return grade;
}

uint32_t AdverseEvent::CurrentSeriousness() const {
  return History(*this).back().seriousness;
}

int AdverseEvent::CurrentRelatedness() const {
  return History(*this).back().relatedness;
}

absl::Status ValidateReport(const AdverseEvent& event, absl::Time now) {
  if (event.term == "other") {
    RETURN_IF_ERROR(CheckText("adverse_event.description", event.description,
                              {.required = true, .max_length = 5000,
                               .multiline = true}));
  } else {
    RETURN_IF_ERROR(CheckText("adverse_event.description", event.description,
                              {.max_length = 5000, .multiline = true}));
  }
  RETURN_IF_ERROR(CheckText("adverse_event.body_site", event.body_site,
                            {.max_length = 100}));
  RETURN_IF_ERROR(CheckText("adverse_event.action_details",
                            event.action_details,
                            {.max_length = 2000, .multiline = true}));
  if (event.severity_grade < 1 || event.severity_grade > 5) {
    return FieldError("adverse_event.severity_grade",
                      "must be a CTCAE grade from 1 to 5");
  }
  if (event.onset_time > now + kClockSkew) {
    return FieldError("adverse_event.onset_time", "must not be in the future");
  }
  if (event.awareness_time > now + kClockSkew) {
    return FieldError("adverse_event.awareness_time",
                      "must not be in the future");
  }
  if (event.awareness_time < event.onset_time) {
    return FieldError("adverse_event.awareness_time",
                      "must not be before onset_time");
  }
  if (event.outcome == Outcome::kUnspecified) {
    return FieldError("adverse_event.outcome", "is required");
  }
  const bool fatal = event.outcome == Outcome::kFatal;
  if (fatal != (event.severity_grade == 5) ||
      fatal != event.Has(Seriousness::kDeath)) {
    return FieldError("adverse_event.outcome",
                      "a fatal outcome, grade 5 and the death seriousness "
                      "criterion go together");
  }
  RETURN_IF_ERROR(CheckRelatedness("adverse_event.relatedness",
                                   event.relatedness));
  if (event.serious() && event.relatedness == kRelatednessUnspecified) {
    return FieldError("adverse_event.relatedness",
                      "a serious event needs a causality assessment (WHO-UMC: "
                      "certain, probable, possible, unlikely, conditional or "
                      "unassessable)");
  }
  for (size_t i = 0; i < event.suspected_products.size(); ++i) {
    RETURN_IF_ERROR(CheckRelatedness(
        absl::StrCat("adverse_event.suspected_products[", i, "].relatedness"),
        event.suspected_products[i].relatedness));
  }
  RETURN_IF_ERROR(CheckText("adverse_event.reporter_narrative",
                            event.reporter_narrative,
                            {.required = event.reporter_kind ==
                                         ReporterKind::kPatient,
                             .max_length = 5000,
                             .multiline = true}));
  return absl::OkStatus();
}

bool NeedsSafetyHold(const AdverseEvent& event) {
  const plugin::AdverseEventTerm* term = FindTerm(event.term);
  return event.CurrentlySerious() || event.CurrentGrade() >= 3 ||
         (term != nullptr && plugin::EndsCourse(*term)) ||
         event.recommended_action == "RECOMMENDED_ACTION_STOP_TREATMENT" ||
         event.recommended_action == "RECOMMENDED_ACTION_REFER" ||
         event.recommended_action == "RECOMMENDED_ACTION_URGENT_CARE";
}

bool NeedsPatientHold(const AdverseEvent& event) {
  const plugin::AdverseEventTerm* term = FindTerm(event.term);
  return term != nullptr && plugin::IsSystemic(*term);
}

std::optional<absl::Time> ExpeditedReportDue(const AdverseEvent& event) {
  const std::vector<EventState> states = History(event);
  const bool needed_now = NeedsExpeditedReport(states.back(), event.expected);
  if (!needed_now && !event.expedited_submit_time.has_value()) {
    return std::nullopt;
  }
  std::optional<absl::Time> due;
  for (const EventState& state : states) {
    if (!NeedsExpeditedReport(state, event.expected)) continue;
    const absl::Time deadline =
        state.known_since + kDay * (Urgent(state.seriousness) ? 7 : 15);
    if (!due.has_value() || deadline < *due) due = deadline;
  }
  return due;
}

std::optional<absl::Time> FollowUpReportDue(const AdverseEvent& event) {
  if (!event.expedited_submit_time.has_value()) return std::nullopt;
  const absl::Time submitted = *event.expedited_submit_time;
  if (Urgent(event.CurrentSeriousness())) return submitted + kDay * 8;
  for (const FollowUp& follow_up : event.follow_ups) {
    if (follow_up.time >= submitted) return follow_up.time + kDay * 15;
  }
  return std::nullopt;
}

absl::Status ValidateFollowUp(const AdverseEvent& event,
                              const FollowUp& follow_up, absl::Time now) {
  if (follow_up.time > now + kClockSkew) {
    return FieldError("follow_up.time", "must not be in the future");
  }
  if (follow_up.time < event.onset_time) {
    return FieldError("follow_up.time", "must not be before the event's onset");
  }
  if (follow_up.severity_grade < 0 || follow_up.severity_grade > 5) {
    return FieldError("follow_up.severity_grade",
                      "must be 0 (unchanged) or a grade from 1 to 5");
  }
  if (follow_up.outcome == Outcome::kUnspecified) {
    return FieldError("follow_up.outcome", "is required");
  }
  if ((follow_up.outcome == Outcome::kFatal) != (follow_up.severity_grade == 5)) {
    return FieldError("follow_up.outcome",
                      "a fatal outcome and grade 5 go together");
  }
  if (follow_up.seriousness != 0 &&
      (follow_up.outcome == Outcome::kFatal) !=
          ((follow_up.seriousness >> static_cast<int>(Seriousness::kDeath)) &
           1u)) {
    return FieldError("follow_up.seriousness",
                      "a fatal outcome and the death criterion go together");
  }
  RETURN_IF_ERROR(CheckRelatedness("follow_up.relatedness",
                                   follow_up.relatedness));
  return CheckText("follow_up.notes", follow_up.notes,
                   {.max_length = 5000, .multiline = true});
}

}  // namespace mesoclinic::adverse_events

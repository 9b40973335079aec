#include "core/adverse_events/adverse_event.h"

#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/status_macros.h"

namespace mesoclinic::adverse_events {
namespace {

constexpr absl::Duration kClockSkew = absl::Minutes(5);

}  // namespace

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
  return absl::OkStatus();
}

bool NeedsSafetyHold(const AdverseEvent& event) {
  return event.serious() || event.severity_grade >= 3;
}

std::optional<absl::Time> ExpeditedReportDue(const AdverseEvent& event) {
  if (!event.serious() || event.expected) return std::nullopt;
  const bool urgent = event.Has(Seriousness::kDeath) ||
                      event.Has(Seriousness::kLifeThreatening);
  return event.awareness_time + absl::Hours(24 * (urgent ? 7 : 15));
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
  return CheckText("follow_up.notes", follow_up.notes,
                   {.max_length = 5000, .multiline = true});
}

}  // namespace mesoclinic::adverse_events

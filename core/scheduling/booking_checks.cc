#include "core/scheduling/booking_checks.h"

#include <algorithm>
#include <functional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/consent/consent_requirement.h"
#include "core/consent/jurisdiction.h"
#include "core/treatments/course_planner.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::scheduling {

namespace plugin = ::clinic::plugin::v1;

absl::Status CheckActivePractitioner(storage::Transaction& transaction,
                                     absl::string_view field,
                                     absl::string_view id) {
  ASSIGN_OR_RETURN(const staff::StaffMember member,
                   transaction.staff().Get(id));
  if (member.active && member.role == staff::Role::kPractitioner) {
    return absl::OkStatus();
  }
  const std::string name = ResourceName("staff", id);
  return WithReason(absl::FailedPreconditionError(absl::StrCat(
                        field, ": ", name, " is not an active practitioner")),
                    reasons::kPractitionerUnavailable, {{"staff", name}});
}

absl::Status CheckRoomInService(storage::Transaction& transaction,
                                absl::string_view field, absl::string_view id) {
  ASSIGN_OR_RETURN(const Room room, transaction.scheduling().GetRoom(id));
  if (room.active) return absl::OkStatus();
  const std::string name = ResourceName("rooms", id);
  return WithReason(absl::FailedPreconditionError(
                        absl::StrCat(field, ": ", name, " is out of service")),
                    reasons::kRoomOutOfService, {{"room", name}});
}

absl::StatusOr<Participants> ResolveParticipants(
    storage::Transaction& transaction, absl::string_view patient_id,
    absl::string_view practitioner_id, absl::string_view room_id) {
  Participants who;
  ASSIGN_OR_RETURN(who.patient, transaction.patients().Get(patient_id));
  if (who.patient.archived) {
    const std::string name = ResourceName("patients", patient_id);
    return WithReason(absl::FailedPreconditionError(
                          absl::StrCat("patient: ", name, " is archived")),
                      reasons::kPatientArchived, {{"patient", name}});
  }
  RETURN_IF_ERROR(
      CheckActivePractitioner(transaction, "practitioner", practitioner_id));
  RETURN_IF_ERROR(CheckRoomInService(transaction, "room", room_id));
  who.practitioner_id = std::string(practitioner_id);
  who.room_id = std::string(room_id);
  return who;
}

absl::Status CheckNoPatientSafetyHold(storage::Transaction& transaction,
                                      const patients::Patient& patient,
                                      absl::string_view label) {
  // A systemic adverse event holds every treatment of the patient until a
  // practitioner has reviewed it.
  ASSIGN_OR_RETURN(
      const std::vector<std::string> patient_holds,
      transaction.adverse_events().UnreviewedPatientHolds(patient.id));
  if (patient_holds.empty()) return absl::OkStatus();
  const std::string event = ResourceName("adverseEvents", patient_holds[0]);
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          label, ": patients/", patient.id, " is under a safety hold for "
          "every treatment after a systemic adverse event (", event,
          "): a practitioner must review it (ReviewSafetyHold with "
          "patient) before new bookings")),
      reasons::kPatientSafetyHold, {{"adverse_event", event}});
}

absl::Status CheckNoSuspendedCourse(storage::Transaction& transaction,
                                    const plugin_host::LoadedPlugin& type,
                                    const patients::Patient& patient,
                                    absl::string_view label) {
  // A safety hold after an adverse event stops every new booking of the
  // treatment until a practitioner has reviewed it.
  ASSIGN_OR_RETURN(const std::vector<Course> courses,
                   transaction.scheduling().PatientCourses(patient.id,
                                                           type.id()));
  for (const Course& course : courses) {
    if (course.state != CourseState::kSuspended) continue;
    const std::string name = ResourceName("courses", course.id);
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            label, ": ", name, " of patients/", patient.id,
            " is suspended after an adverse event: a practitioner must "
            "review it (ReviewSafetyHold) before new bookings")),
        reasons::kCourseSuspended, {{"course", name}});
  }
  return absl::OkStatus();
}

absl::Status CheckEligible(const DecisionContext& context,
                           const plugin_host::LoadedPlugin& type,
                           const patients::Patient& patient,
                           const ClinicSettings& settings, absl::Time start,
                           absl::string_view label) {
  plugin::EligibilityRequest request;
  const absl::CivilDay today =
      absl::ToCivilDay(context.now, settings.time_zone);
  *request.mutable_facts() = treatments::PatientFactsFor(
      patient, today, absl::ToCivilDay(start, settings.time_zone));
  ASSIGN_OR_RETURN(const plugin::EligibilityResult result,
                   type.CheckEligibility(request));
  if (result.eligible()) return absl::OkStatus();
  std::string why = "a practitioner can see why with CheckEligibility";
  if (context.role == staff::Role::kPractitioner) {
    std::vector<std::string> reasons;
    for (const plugin::EligibilityReason& reason : result.reasons()) {
      if (reason.blocking()) reasons.push_back(reason.message());
    }
    why = absl::StrJoin(reasons, "; ");
  }
  return WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          label, ": patients/", patient.id,
          " is not eligible for treatmentTypes/", type.id(), ": ", why)),
      reasons::kPatientNotEligible,
      {{"treatment_type", ResourceName("treatmentTypes", type.id())}});
}

absl::Status CheckPatientMayBeTreated(const DecisionContext& context,
                                      const plugin_host::LoadedPlugin& type,
                                      const patients::Patient& patient,
                                      const ClinicSettings& settings,
                                      absl::Time start,
                                      absl::string_view label) {
  const std::vector<absl::Status> refusals = PatientMayBeTreatedRefusals(
      context, type, patient, settings, start, label, Refusals::kFirst);
  return refusals.empty() ? absl::OkStatus() : refusals.front();
}

std::vector<absl::Status> PatientMayBeTreatedRefusals(
    const DecisionContext& context, const plugin_host::LoadedPlugin& type,
    const patients::Patient& patient, const ClinicSettings& settings,
    absl::Time start, absl::string_view label, Refusals which) {
  // In the order a refusal is most useful to hear; the plugin's eligibility
  // check, the costliest, last.
  const std::function<absl::Status()> checks[] = {
      [&] {
        return consent::CheckOfferedIn(type.description(),
                                       settings.jurisdiction, label);
      },
      [&] { return CheckNoPatientSafetyHold(context.transaction, patient, label); },
      [&] {
        return CheckNoSuspendedCourse(context.transaction, type, patient,
                                      label);
      },
      [&] {
        return consent::RequireActiveConsent(
            context.transaction.consent(), patient.id, type.id(),
            type.description().consent().version(), start);
      },
      [&] { return CheckEligible(context, type, patient, settings, start, label); },
  };
  std::vector<absl::Status> refusals;
  for (const std::function<absl::Status()>& check : checks) {
    absl::Status status = check();
    if (status.ok()) continue;
    refusals.push_back(std::move(status));
    if (which == Refusals::kFirst) break;
  }
  return refusals;
}

absl::Status CheckScreening(const plugin_host::LoadedPlugin& type,
                            const patients::Patient& patient,
                            const ClinicSettings& settings, absl::Time now,
                            treatments::ScreeningMoment moment,
                            absl::string_view label) {
  const std::vector<treatments::MissingFact> missing = treatments::MissingFacts(
      patient.clinical_facts, type.description().eligibility_criteria(),
      settings.time_zone, absl::ToCivilDay(now, settings.time_zone), moment);
  if (missing.empty()) return absl::OkStatus();
  std::vector<std::string> lines;
  std::vector<std::string> groups;
  for (const treatments::MissingFact& fact : missing) {
    lines.push_back(absl::StrCat(fact.field, " (", fact.problem, ")"));
    const std::string group(patients::FactGroupField(fact.group));
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
      groups.push_back(group);
    }
  }
  // Who may write clinical facts: every role but the front desk
  // (PatientService refuses it clinical writes).
  absl::Status status = WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          label, ": treatmentTypes/", type.id(), " needs facts about patients/",
          patient.id, " that are not confirmed recently enough: ",
          absl::StrJoin(lines, "; "),
          ". A practitioner (or an admin) asks the patient and records them "
          "with UpdatePatient (clinical_facts, confirm_facts)")),
      reasons::kScreeningIncomplete,
      {{"patient", ResourceName("patients", patient.id)},
       {"treatment_type", ResourceName("treatmentTypes", type.id())},
       {"missing_facts", absl::StrJoin(groups, ",")},
       {"recorded_by", "practitioner,admin"}});
  for (const treatments::MissingFact& fact : missing) {
    status = WithFieldViolation(std::move(status), {fact.field, fact.problem});
  }
  return status;
}

int SmallestInterval(const plugin_host::LoadedPlugin& type) {
  int smallest = 0;
  for (const plugin::CoursePhase& phase :
       type.description().course().phases()) {
    if (smallest == 0 || phase.min_interval_days() < smallest) {
      smallest = phase.min_interval_days();
    }
  }
  return smallest;
}

absl::Status CheckStandaloneInterval(storage::Transaction& transaction,
                                     const plugin_host::LoadedPlugin& type,
                                     const ClinicSettings& settings,
                                     absl::string_view patient_id,
                                     absl::Time start,
                                     absl::string_view except_session_id,
                                     absl::string_view label) {
  const int min_days = SmallestInterval(type);
  if (min_days <= 0) return absl::OkStatus();
  const absl::TimeZone zone = settings.time_zone;
  SessionQuery query;
  query.patient_id = std::string(patient_id);
  // A day more each side: the rule counts local days, not hours.
  const absl::Duration reach = absl::Hours(24 * (min_days + 1));
  query.starting_within = Interval{start - reach, start + reach};
  query.limit = 1000;
  ASSIGN_OR_RETURN(const std::vector<Session> nearby,
                   transaction.scheduling().ListSessions(query));
  const absl::CivilDay day = absl::ToCivilDay(start, zone);
  for (const Session& other : nearby) {
    if (other.id == except_session_id || other.treatment_type != type.id() ||
        !HoldsSlot(other.state)) {
      continue;
    }
    const absl::CivilDay other_day = absl::ToCivilDay(other.time.start, zone);
    const int gap = static_cast<int>(day - other_day);
    if (gap >= min_days || -gap >= min_days) continue;
    const std::string name = ResourceName("sessions", other.id);
    const std::string limit =
        other_day <= day
            ? absl::StrCat("the earliest day allowed is ",
                           FormatIsoDate(other_day + min_days))
            : absl::StrCat("the latest day allowed before it is ",
                           FormatIsoDate(other_day - min_days));
    return WithReason(
        absl::FailedPreconditionError(absl::StrCat(
            label, ": ", name, " of treatmentTypes/", type.id(), " on ",
            FormatIsoDate(other_day), " is fewer than ", min_days,
            " days away, the least the protocol allows between two "
            "sessions: ",
            limit)),
        reasons::kIntervalOutsideProtocol, {{"session", name}});
  }
  return absl::OkStatus();
}

Session NewConsultation(const Participants& who, absl::Time start,
                        absl::Duration length, absl::Time now) {
  Session session;
  session.id = NewResourceId();
  session.patient_id = who.patient.id;
  session.kind = SessionKind::kConsultation;
  session.practitioner_id = who.practitioner_id;
  session.room_id = who.room_id;
  session.time = {start, start + length};
  session.create_time = now;
  session.update_time = now;
  return session;
}

Session NewSession(const Participants& who,
                   const plugin_host::LoadedPlugin& type, absl::Time start,
                   absl::Time now) {
  Session session = NewConsultation(who, start,
                                    treatments::SessionLength(type), now);
  session.kind = SessionKind::kTreatment;
  session.treatment_type = type.id();
  return session;
}

std::string Label(absl::string_view what, const BookingRules& rules,
                  absl::Time start) {
  return absl::StrCat(what, " (", rules.Describe(start), ")");
}

}  // namespace mesoclinic::scheduling

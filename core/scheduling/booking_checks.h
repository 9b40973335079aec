#ifndef MESOCLINIC_CORE_SCHEDULING_BOOKING_CHECKS_H_
#define MESOCLINIC_CORE_SCHEDULING_BOOKING_CHECKS_H_

// Who may take part in a session, and whether a patient may be treated: the
// checks every booking and move makes besides the calendar's (BookingRules).

#include <string>

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::scheduling {

// Who takes part in a booking, checked once per request.
struct Participants {
  patients::Patient patient;
  std::string practitioner_id;
  std::string room_id;
};

// FAILED_PRECONDITION (PRACTITIONER_UNAVAILABLE) naming `field` unless
// staff `id` is an active practitioner; NOT_FOUND when unknown.
absl::Status CheckActivePractitioner(storage::Transaction& transaction,
                                     absl::string_view field,
                                     absl::string_view id);

// FAILED_PRECONDITION (ROOM_OUT_OF_SERVICE) naming `field` unless room `id`
// is in service; NOT_FOUND when unknown.
absl::Status CheckRoomInService(storage::Transaction& transaction,
                                absl::string_view field, absl::string_view id);

// The participants of a booking by id, each checked: a patient who is not
// archived (PATIENT_ARCHIVED), an active practitioner, a room in service.
absl::StatusOr<Participants> ResolveParticipants(
    storage::Transaction& transaction, absl::string_view patient_id,
    absl::string_view practitioner_id, absl::string_view room_id);

// OK when `patient` may have a session of `type` at `start`: the clinic's
// jurisdiction does not forbid the type (TREATMENT_FORBIDDEN_IN_JURISDICTION),
// no systemic adverse event holds every treatment of the patient unreviewed
// (PATIENT_SAFETY_HOLD), no course of
// the treatment is suspended after an adverse event (COURSE_SUSPENDED), a
// current consent covers it (CONSENT_MISSING), and the protocol finds the
// patient eligible with their facts as they are now (PATIENT_NOT_ELIGIBLE;
// only a practitioner learns why: the reasons are clinical). Refusals start
// with `label`.
absl::Status CheckPatientMayBeTreated(const DecisionContext& context,
                                      const plugin_host::LoadedPlugin& type,
                                      const patients::Patient& patient,
                                      const ClinicSettings& settings,
                                      absl::Time start,
                                      absl::string_view label);

// Whether a caller wants the first refusal (booking) or every one (the
// treatment day, which tells the practitioner everything at once).
enum class Refusals { kFirst, kEvery };

// The refusals of CheckPatientMayBeTreated, in its order: at most one with
// kFirst (the checks after it are not run), every one with kEvery. Empty
// when the patient may be treated.
std::vector<absl::Status> PatientMayBeTreatedRefusals(
    const DecisionContext& context, const plugin_host::LoadedPlugin& type,
    const patients::Patient& patient, const ClinicSettings& settings,
    absl::Time start, absl::string_view label, Refusals which);

// The parts of CheckPatientMayBeTreated.
// FAILED_PRECONDITION (PATIENT_SAFETY_HOLD) while a systemic adverse event
// of `patient` waits for a practitioner's review.
absl::Status CheckNoPatientSafetyHold(storage::Transaction& transaction,
                                      const patients::Patient& patient,
                                      absl::string_view label);

// FAILED_PRECONDITION (COURSE_SUSPENDED) when a course of `type` for
// `patient` is suspended after an adverse event.
absl::Status CheckNoSuspendedCourse(storage::Transaction& transaction,
                                    const plugin_host::LoadedPlugin& type,
                                    const patients::Patient& patient,
                                    absl::string_view label);
// FAILED_PRECONDITION (PATIENT_NOT_ELIGIBLE) unless the protocol finds the
// patient eligible for a session at `start` with their facts as they are
// now.
absl::Status CheckEligible(const DecisionContext& context,
                           const plugin_host::LoadedPlugin& type,
                           const patients::Patient& patient,
                           const ClinicSettings& settings, absl::Time start,
                           absl::string_view label);

// OK when the facts `type`'s protocol needs are known and confirmed recently
// enough at `now` (treatments::MissingFacts at `moment`). Otherwise
// FAILED_PRECONDITION (SCREENING_INCOMPLETE), starting with `label`, naming
// each missing fact and who may record it, with one field violation per
// fact. Not clinical: the front desk learns which facts a practitioner must
// ask, not what they say.
absl::Status CheckScreening(const plugin_host::LoadedPlugin& type,
                            const patients::Patient& patient,
                            const ClinicSettings& settings, absl::Time now,
                            treatments::ScreeningMoment moment,
                            absl::string_view label);

// The fewest days the protocol of `type` ever allows between two sessions:
// the smallest min_interval_days of its phases.
int SmallestInterval(const plugin_host::LoadedPlugin& type);

// FAILED_PRECONDITION (INTERVAL_OUTSIDE_PROTOCOL), starting with `label`,
// when a session outside any course at `start` would lie fewer than
// SmallestInterval days from another session of the patient's of the same
// treatment type that holds its slot (booked, checked in or completed; not
// `except_session_id`), naming the earliest (or latest) day allowed.
absl::Status CheckStandaloneInterval(storage::Transaction& transaction,
                                     const plugin_host::LoadedPlugin& type,
                                     const ClinicSettings& settings,
                                     absl::string_view patient_id,
                                     absl::Time start,
                                     absl::string_view except_session_id,
                                     absl::string_view label);

// A new booked session of `type` for `who`, from `start` for the protocol's
// session length, outside any course: the one place a session is made.
Session NewSession(const Participants& who,
                   const plugin_host::LoadedPlugin& type, absl::Time start,
                   absl::Time now);

// A new booked consultation (consultation.h) for `who` from `start`
// lasting `length`: no treatment type, no course.
Session NewConsultation(const Participants& who, absl::Time start,
                        absl::Duration length, absl::Time now);

// "start_time (2027-03-15 10:30 Europe/Paris)": how a refusal names the
// time it is about.
std::string Label(absl::string_view what, const BookingRules& rules,
                  absl::Time start);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_BOOKING_CHECKS_H_

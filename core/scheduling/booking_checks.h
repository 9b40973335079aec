#ifndef MESOCLINIC_CORE_SCHEDULING_BOOKING_CHECKS_H_
#define MESOCLINIC_CORE_SCHEDULING_BOOKING_CHECKS_H_

// Who may take part in a session, and whether a patient may be treated: the
// checks every booking and move makes besides the calendar's (BookingRules).

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/patients/patient.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/decision_context.h"
#include "core/scheduling/session.h"

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
// no course of
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

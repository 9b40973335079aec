#ifndef MESOCLINIC_CORE_CONSENT_CONSENT_REQUIREMENT_H_
#define MESOCLINIC_CORE_CONSENT_CONSENT_REQUIREMENT_H_

// The consent rule the booking transaction enforces: no session of a
// treatment type without the patient's active, current consent to it.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/consent/consent_repository.h"

namespace mesoclinic::consent {

// OK when the patient has a consent to the treatment type (a plugin id, such
// as "cellulite") that was never withdrawn, is of `current_version` (the
// plugin's current consent document version) and is ACTIVE at
// `session_start` (StateAt: not expired by then).
//
// Otherwise FAILED_PRECONDITION naming "patients/{patient_id}" and
// "treatmentTypes/{id}" and saying why, from the most recently signed
// consent: none was recorded, it was withdrawn, it expires before the
// session, or it was signed for another document version than the current
// one (the patient must consent again). Storage errors are returned as
// they are.
absl::Status RequireActiveConsent(ConsentRepository& consents,
                                  absl::string_view patient_id,
                                  absl::string_view treatment_type_id,
                                  int current_version,
                                  absl::Time session_start);

}  // namespace mesoclinic::consent

#endif  // MESOCLINIC_CORE_CONSENT_CONSENT_REQUIREMENT_H_

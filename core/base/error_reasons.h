#ifndef MESOCLINIC_CORE_BASE_ERROR_REASONS_H_
#define MESOCLINIC_CORE_BASE_ERROR_REASONS_H_

// Every reason code clinicd puts in a refusal's google.rpc.ErrorInfo (domain
// "mesoclinic.clinic.v1"): stable names a client can switch on, to show a
// refusal beside the field it concerns or to decide whether to retry. Codes
// are only ever added, never renamed or reused for another rule.
// docs/api-guide.md lists each one (tests/api/error_reasons_test.cc checks).
//
// A refusal with no code of its own carries its canonical code's name
// ("NOT_FOUND", "PERMISSION_DENIED", ...).

namespace mesoclinic::reasons {

// --- The request itself -----------------------------------------------------
// A field broke a rule: google.rpc.BadRequest names every such field.
inline constexpr char kInvalidField[] = "INVALID_FIELD";
// A request_id already used for a different request.
inline constexpr char kRequestIdReused[] = "REQUEST_ID_REUSED";
// An update's etag is not the resource's current one: read it again.
inline constexpr char kEtagMismatch[] = "ETAG_MISMATCH";

// --- Calls and the server ---------------------------------------------------
// Too many calls at once: retry after RetryInfo's delay.
inline constexpr char kOverloaded[] = "OVERLOADED";
// A change whose commit failed in a way that leaves its outcome unknown:
// retry with the same request_id to learn it.
inline constexpr char kOutcomeUnknown[] = "OUTCOME_UNKNOWN";
// The database cannot be read or written now (read-only file system, I/O
// error): an operator must act; retrying later may succeed.
inline constexpr char kStorageUnavailable[] = "STORAGE_UNAVAILABLE";
// The database's disk is full: an operator must free space.
inline constexpr char kStorageFull[] = "STORAGE_FULL";
// A treatment plugin is suspended after repeated failures or time-outs.
inline constexpr char kPluginSuspended[] = "PLUGIN_SUSPENDED";
// A treatment plugin's hook did not answer in time.
inline constexpr char kPluginTimeout[] = "PLUGIN_TIMEOUT";
// A treatment plugin answered something the host cannot use.
inline constexpr char kPluginFailed[] = "PLUGIN_FAILED";

// --- Patients and consent ---------------------------------------------------
inline constexpr char kPatientArchived[] = "PATIENT_ARCHIVED";
// The treatment's protocol finds the patient not eligible.
inline constexpr char kPatientNotEligible[] = "PATIENT_NOT_ELIGIBLE";
// The clinic's jurisdiction forbids the treatment type
// (PluginDescription.forbidden_jurisdictions); metadata names both.
// One line, however long: api/error_reasons_test reads each code from its
// line.
inline constexpr char kTreatmentForbiddenInJurisdiction[] = "TREATMENT_FORBIDDEN_IN_JURISDICTION";  // NOLINT
// No current consent to the treatment type's disclosure.
inline constexpr char kConsentMissing[] = "CONSENT_MISSING";
// A fact the treatment's protocol needs is unknown or was not confirmed
// recently enough for the session: google.rpc.BadRequest names each; a
// practitioner records them (UpdatePatient, confirm_facts).
inline constexpr char kScreeningIncomplete[] = "SCREENING_INCOMPLETE";

// --- Scheduling -------------------------------------------------------------
// The practitioner, the room or the patient already has a session then.
inline constexpr char kSlotTaken[] = "SLOT_TAKEN";
// Outside the clinic's opening hours or the practitioner's working hours.
inline constexpr char kOutsideHours[] = "OUTSIDE_HOURS";
// Inside a closure of the clinic, the room or the practitioner.
inline constexpr char kClosed[] = "CLOSED";
// A start in the past, or beyond the booking horizon.
inline constexpr char kStartOutOfRange[] = "START_OUT_OF_RANGE";
// A start that is not on the clinic's slot grid.
inline constexpr char kOffSlotGrid[] = "OFF_SLOT_GRID";
// The days since the course's previous session are outside the protocol's
// window, or a move would pass the course's next session.
inline constexpr char kIntervalOutsideProtocol[] = "INTERVAL_OUTSIDE_PROTOCOL";
// The course already has as many sessions as its protocol allows.
inline constexpr char kCourseFull[] = "COURSE_FULL";
// The course is suspended after an adverse event: a practitioner must
// review the safety hold first.
inline constexpr char kCourseSuspended[] = "COURSE_SUSPENDED";
// A systemic adverse event holds every treatment of the patient until a
// practitioner reviews it (ReviewSafetyHold with patient).
inline constexpr char kPatientSafetyHold[] = "PATIENT_SAFETY_HOLD";
// The course was stopped after a safety review: book a new one.
inline constexpr char kCourseStopped[] = "COURSE_STOPPED";
// Some sessions of a course could not be booked; nothing was booked.
// google.rpc.BadRequest names each session that failed.
inline constexpr char kCourseConflicts[] = "COURSE_CONFLICTS";
// Moving a session would push a later session of its course out of every
// day the protocol and the calendar allow.
inline constexpr char kReflowImpossible[] = "REFLOW_IMPOSSIBLE";
// The session's state does not allow this step (a completed session cannot
// be cancelled, ...).
inline constexpr char kSessionStateConflict[] = "SESSION_STATE_CONFLICT";
// Check-in on another day than the session's.
inline constexpr char kNotSessionDay[] = "NOT_SESSION_DAY";
// A no-show before the session's time has come.
inline constexpr char kSessionNotStarted[] = "SESSION_NOT_STARTED";
// The room is out of service.
inline constexpr char kRoomOutOfService[] = "ROOM_OUT_OF_SERVICE";
// The staff member named as practitioner is not an active practitioner.
inline constexpr char kPractitionerUnavailable[] = "PRACTITIONER_UNAVAILABLE";
// The treatment record breaks the protocol (doses, depths, products):
// google.rpc.BadRequest names each field.
inline constexpr char kTreatmentRecordInvalid[] = "TREATMENT_RECORD_INVALID";
// Several checks of the treatment day (check-in, completion) refused at
// once: the metadata "reasons" lists each one's reason, BadRequest every
// field they named.
inline constexpr char kDayChecksFailed[] = "TREATMENT_DAY_CHECKS_FAILED";
// The session was flagged by a safety hold: a practitioner reviews the hold
// before the patient is treated.
inline constexpr char kSessionFlagged[] = "SESSION_FLAGGED";
// A question of the protocol's day-of checklist has no answer, or an answer
// names no question: BadRequest names each.
inline constexpr char kChecklistIncomplete[] = "CHECKLIST_INCOMPLETE";
// An answer of the day-of checklist stops the session.
inline constexpr char kChecklistBlocks[] = "CHECKLIST_BLOCKS_TREATMENT";

// --- Adverse events ---------------------------------------------------------
// A safety hold was already reviewed.
inline constexpr char kHoldAlreadyReviewed[] = "HOLD_ALREADY_REVIEWED";

// --- Staff sign-in -----------------------------------------------------------
// The e-mail or the password is wrong (which one is not said).
inline constexpr char kSignInFailed[] = "SIGN_IN_FAILED";
// Too many failed sign-ins for the account or the client address: wait the
// RetryInfo's delay; the password was not checked.
inline constexpr char kSignInThrottled[] = "SIGN_IN_THROTTLED";
// Ten failed sign-ins locked the account or the client address for 15
// minutes (RetryInfo: the time left); an admin's SetStaffPassword lifts it.
inline constexpr char kAccountLocked[] = "ACCOUNT_LOCKED";
// The session's member must change a temporary password
// (SignInService.ChangePassword) before any other call.
inline constexpr char kPasswordChangeRequired[] = "PASSWORD_CHANGE_REQUIRED";

}  // namespace mesoclinic::reasons

#endif  // MESOCLINIC_CORE_BASE_ERROR_REASONS_H_

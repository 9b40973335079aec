#ifndef MESOCLINIC_CORE_SCHEDULING_CONSULTATION_H_
#define MESOCLINIC_CORE_SCHEDULING_CONSULTATION_H_

// A consultation: the first visit, where a practitioner screens the patient
// and takes their consent. It is a session like any other in the calendar
// (booked, checked in, completed, never overlapping the practitioner's, the
// room's or the patient's other sessions) but nothing is injected: it names
// no treatment type, needs no consent and no eligibility, joins no course,
// and ends with the practitioner's notes instead of a treatment record.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace mesoclinic::scheduling {

// How long a consultation lasts when the booking does not say: long enough
// to take a history and explain a consent document.
inline constexpr absl::Duration kDefaultConsultationLength = absl::Minutes(30);
// The lengths a booking may ask for.
inline constexpr absl::Duration kShortestConsultation = absl::Minutes(10);
inline constexpr absl::Duration kLongestConsultation = absl::Minutes(120);
// The longest consultation notes, in characters.
inline constexpr std::size_t kMaxConsultationNotesLength = 10000;

// The length of a consultation booked for `requested`: the default for a
// zero duration, `requested` when it lies within kShortestConsultation and
// kLongestConsultation in whole minutes, INVALID_ARGUMENT naming `field`
// otherwise.
absl::StatusOr<absl::Duration> ConsultationLength(absl::string_view field,
                                                  absl::Duration requested);

// INVALID_ARGUMENT naming `field` unless `notes` are 1 to
// kMaxConsultationNotesLength characters of text (line breaks allowed): a
// consultation is completed with what the practitioner found.
absl::Status CheckConsultationNotes(absl::string_view field,
                                    absl::string_view notes);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_CONSULTATION_H_

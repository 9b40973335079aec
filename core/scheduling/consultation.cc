#include "core/scheduling/consultation.h"

#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"

namespace mesoclinic::scheduling {

absl::StatusOr<absl::Duration> ConsultationLength(absl::string_view field,
                                                  absl::Duration requested) {
  if (requested == absl::ZeroDuration()) return kDefaultConsultationLength;
  if (requested < kShortestConsultation || requested > kLongestConsultation ||
      requested != absl::Trunc(requested, absl::Minutes(1))) {
    return FieldError(
        field, absl::StrCat("must be whole minutes from ",
                            absl::ToInt64Minutes(kShortestConsultation),
                            " to ", absl::ToInt64Minutes(kLongestConsultation),
                            ", or unset for ",
                            absl::ToInt64Minutes(kDefaultConsultationLength)));
  }
  return requested;
}

absl::Status CheckConsultationNotes(absl::string_view field,
                                    absl::string_view notes) {
  return CheckText(field, notes,
                   {.required = true,
                    .max_length = kMaxConsultationNotesLength,
                    .multiline = true});
}

}  // namespace mesoclinic::scheduling

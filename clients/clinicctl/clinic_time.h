#ifndef MESOCLINIC_CLIENTS_CLINICCTL_CLINIC_TIME_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_CLINIC_TIME_H_

// Dates and times as people type and read them. A local time such as
// "2027-03-01 10:30" is read in the clinic's time zone; RFC 3339 times
// ("2027-03-01T09:30:00Z", "...+01:00") are taken as they are.

#include <string>
#include "absl/strings/string_view.h"

#include <google/protobuf/duration.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"
#include "clinic/v1/common.pb.h"

namespace mesoclinic::clinicctl {

// "YYYY-MM-DD", or "today" / "tomorrow" in `zone`. `what` names the
// argument in errors. The server decides whether the date is real.
clinic::v1::Date ParseDate(absl::string_view text, absl::string_view what,
                           const absl::TimeZone& zone, absl::Time now);

// "YYYY-MM-DD HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS]" in `zone`, RFC 3339 with
// "Z" or an offset, "now", or a date as ParseDate reads it: the start of
// that day in `zone`.
absl::Time ParseTime(absl::string_view text, absl::string_view what,
                     const absl::TimeZone& zone, absl::Time now);

// True for text that names an instant by itself ("now", RFC 3339): no time
// zone is needed to read it.
bool IsAbsoluteTime(absl::string_view text);

google::protobuf::Timestamp ToProto(absl::Time time);
absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

// "2027-03-01 10:30" in `zone`; "" for an unset timestamp.
std::string FormatTime(const google::protobuf::Timestamp& timestamp,
                       const absl::TimeZone& zone);
// "1985-04-12"; "" for an unset (all zero) date.
std::string FormatDate(const clinic::v1::Date& date);
// "45m", "1h30m".
std::string FormatDuration(const google::protobuf::Duration& duration);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_CLINIC_TIME_H_

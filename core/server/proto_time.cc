#include "core/server/proto_time.h"

#include "core/base/field_rules.h"
#include "core/base/status_macros.h"

namespace mesoclinic {

absl::StatusOr<absl::CivilDay> DateFromProto(absl::string_view field,
                                             const clinic::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return FieldError(field, "is required");
  }
  RETURN_IF_ERROR(
      CheckCalendarDate(field, date.year(), date.month(), date.day()));
  return absl::CivilDay(date.year(), date.month(), date.day());
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDateFromProto(
    absl::string_view field, const clinic::v1::Date& date) {
  if (date.year() == 0 && date.month() == 0 && date.day() == 0) {
    return std::nullopt;
  }
  return DateFromProto(field, date);
}

clinic::v1::Date DateToProto(absl::CivilDay day) {
  clinic::v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

google::protobuf::Timestamp TimestampToProto(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const absl::Duration since_epoch = time - absl::UnixEpoch();
  const int64_t seconds = absl::ToInt64Seconds(since_epoch);
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(seconds))));
  return timestamp;
}

}  // namespace mesoclinic

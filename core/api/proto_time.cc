#include "core/api/proto_time.h"

#include <ctime>

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
  // Seconds rounded down and nanos 0 to 999999999, as Timestamp requires:
  // truncating toward zero gave an instant before 1970 with a fraction of a
  // second negative nanos, which no client and not TimeFromProto accepts.
  const timespec since_epoch = absl::ToTimespec(time);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(since_epoch.tv_sec);
  timestamp.set_nanos(static_cast<int32_t>(since_epoch.tv_nsec));
  return timestamp;
}

absl::StatusOr<absl::Time> TimeFromProto(
    absl::string_view field, const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) {
    return FieldError(field, "is required");
  }
  if (timestamp.nanos() < 0 || timestamp.nanos() > 999999999) {
    return FieldError(field, "nanos must be between 0 and 999999999");
  }
  // Years 1 to 9999, as google.protobuf.Timestamp allows.
  if (timestamp.seconds() < -62135596800 || timestamp.seconds() > 253402300799) {
    return FieldError(field, "must lie between years 1 and 9999");
  }
  // Microseconds: the precision storage keeps, so that what a call answers
  // is what a later read returns.
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Microseconds(timestamp.nanos() / 1000);
}

absl::StatusOr<std::optional<absl::Time>> OptionalTimeFromProto(
    absl::string_view field, const google::protobuf::Timestamp& timestamp,
    bool present) {
  if (!present) return std::nullopt;
  return TimeFromProto(field, timestamp);
}

google::protobuf::Duration DurationToProto(absl::Duration duration) {
  google::protobuf::Duration proto;
  const int64_t nanos = absl::ToInt64Nanoseconds(duration);
  proto.set_seconds(nanos / 1000000000);
  proto.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return proto;
}

absl::StatusOr<absl::Duration> WholeSecondsFromProto(
    absl::string_view field, const google::protobuf::Duration& duration) {
  if (duration.nanos() != 0) {
    return FieldError(field, "must be a whole number of seconds");
  }
  if (duration.seconds() < 0) return FieldError(field, "must not be negative");
  return absl::Seconds(duration.seconds());
}

}  // namespace mesoclinic

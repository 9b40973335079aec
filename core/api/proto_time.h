#ifndef MESOCLINIC_CORE_API_PROTO_TIME_H_
#define MESOCLINIC_CORE_API_PROTO_TIME_H_

// Conversions between the API's time messages and Abseil's time types.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clinic/v1/common.pb.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace mesoclinic {

// A required date: INVALID_ARGUMENT naming `field` when unset or not a real
// calendar date.
absl::StatusOr<absl::CivilDay> DateFromProto(absl::string_view field,
                                             const clinic::v1::Date& date);

// An optional date: nullopt when all three fields are zero.
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDateFromProto(
    absl::string_view field, const clinic::v1::Date& date);

clinic::v1::Date DateToProto(absl::CivilDay day);

google::protobuf::Timestamp TimestampToProto(absl::Time time);

// A required timestamp: INVALID_ARGUMENT naming `field` when unset (zero)
// or its nanos are out of range.
absl::StatusOr<absl::Time> TimeFromProto(
    absl::string_view field, const google::protobuf::Timestamp& timestamp);

// An optional timestamp: nullopt when `present` is false.
absl::StatusOr<std::optional<absl::Time>> OptionalTimeFromProto(
    absl::string_view field, const google::protobuf::Timestamp& timestamp,
    bool present);

google::protobuf::Duration DurationToProto(absl::Duration duration);

// A duration of whole seconds: INVALID_ARGUMENT naming `field` when it has
// nanos or is negative.
absl::StatusOr<absl::Duration> WholeSecondsFromProto(
    absl::string_view field, const google::protobuf::Duration& duration);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_PROTO_TIME_H_

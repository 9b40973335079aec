#ifndef MESOCLINIC_CORE_SCHEDULING_SCHEDULING_PROTO_H_
#define MESOCLINIC_CORE_SCHEDULING_SCHEDULING_PROTO_H_

// Conversions between clinic.v1 clinic and scheduling messages and the
// domain types.

#include "absl/status/statusor.h"
#include "clinic/v1/clinic.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "core/scheduling/calendar.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

// INVALID_ARGUMENT naming `field` for undefined days or times out of range;
// overlaps are left to WeeklyHours::Validate.
absl::StatusOr<WeeklyHours> WeeklyHoursFromProto(
    absl::string_view field, const clinic::v1::WeeklyHours& proto);
clinic::v1::WeeklyHours WeeklyHoursToProto(const WeeklyHours& hours);

clinic::v1::ClinicSettings SettingsToProto(const ClinicSettings& settings);
clinic::v1::Room RoomToProto(const Room& room);
clinic::v1::Closure ClosureToProto(const Closure& closure);

// `with_record`: whether the caller may see the treatment record.
clinic::v1::Session SessionToProto(const Session& session, bool with_record);
clinic::v1::Course CourseToProto(const Course& course);

// The client-set part of a treatment record.
TreatmentRecord TreatmentRecordFromProto(
    const clinic::v1::TreatmentRecord& proto);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SCHEDULING_PROTO_H_

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

// The kind a booking asks for: TREATMENT when unset; INVALID_ARGUMENT
// naming "kind" for a value the API does not define.
absl::StatusOr<SessionKind> SessionKindFromProto(clinic::v1::SessionKind kind);

// The length of the consultation `request` books (ConsultationLength of its
// consultation_minutes). INVALID_ARGUMENT naming treatment_type or course
// when it names one: a consultation has neither.
absl::StatusOr<absl::Duration> ConsultationLengthFromProto(
    const clinic::v1::BookSessionRequest& request);

// The client-set part of a treatment record.
TreatmentRecord TreatmentRecordFromProto(
    const clinic::v1::TreatmentRecord& proto);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SCHEDULING_PROTO_H_

#include "core/scheduling/scheduling_proto.h"

#include "absl/strings/str_cat.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/consultation.h"

namespace mesoclinic::scheduling {
namespace {

namespace v1 = ::clinic::v1;

// Far more than any week's opening or working hours need.
constexpr int kMaxWeeklyRanges = 100;

absl::StatusOr<int> MinuteFromProto(const std::string& field,
                                    const v1::TimeOfDay& time) {
  if (time.hours() < 0 || time.hours() > 24 || time.minutes() < 0 ||
      time.minutes() > 59 || (time.hours() == 24 && time.minutes() != 0)) {
    return FieldError(field, "must be a time of day from 00:00 to 24:00");
  }
  return time.hours() * 60 + time.minutes();
}

v1::TimeOfDay MinuteToProto(int minute) {
  v1::TimeOfDay time;
  time.set_hours(minute / 60);
  time.set_minutes(minute % 60);
  return time;
}

}  // namespace

absl::StatusOr<WeeklyHours> WeeklyHoursFromProto(absl::string_view field,
                                                 const v1::WeeklyHours& proto) {
  // WeeklyHours keeps each day sorted as ranges are added: bounded first.
  RETURN_IF_ERROR(CheckEntryCount(FieldPath(field, "ranges"),
                                  proto.ranges_size(), kMaxWeeklyRanges));
  WeeklyHours hours;
  for (int i = 0; i < proto.ranges_size(); ++i) {
    const v1::WeeklyTimeRange& range = proto.ranges(i);
    const std::string path = absl::StrCat(field, ".ranges[", i, "]");
    if (range.day() < v1::MONDAY || range.day() > v1::SUNDAY) {
      return FieldError(FieldPath(path, "day"), "must be MONDAY to SUNDAY");
    }
    absl::StatusOr<int> start = MinuteFromProto(FieldPath(path, "start"),
                                                range.start());
    if (!start.ok()) return start.status();
    absl::StatusOr<int> end = MinuteFromProto(FieldPath(path, "end"),
                                              range.end());
    if (!end.ok()) return end.status();
    if (*start >= *end) {
      return FieldError(FieldPath(path, "end"), "must be after start");
    }
    hours.Add(range.day(), {*start, *end});
  }
  return hours;
}

v1::WeeklyHours WeeklyHoursToProto(const WeeklyHours& hours) {
  v1::WeeklyHours proto;
  for (int weekday = 1; weekday <= 7; ++weekday) {
    for (const MinuteRange& range : hours.On(weekday)) {
      v1::WeeklyTimeRange& r = *proto.add_ranges();
      r.set_day(static_cast<v1::DayOfWeek>(weekday));
      *r.mutable_start() = MinuteToProto(range.start);
      *r.mutable_end() = MinuteToProto(range.end);
    }
  }
  return proto;
}

v1::ClinicSettings SettingsToProto(const ClinicSettings& settings) {
  v1::ClinicSettings proto;
  proto.set_time_zone(settings.time_zone_name);
  *proto.mutable_opening_hours() = WeeklyHoursToProto(settings.opening_hours);
  proto.set_slot_granularity_minutes(settings.slot_granularity_minutes);
  proto.set_etag(settings.Etag());
  proto.set_jurisdiction(settings.jurisdiction);
  *proto.mutable_sign_in_idle_timeout() =
      DurationToProto(settings.sign_in_idle_timeout);
  return proto;
}

v1::Room RoomToProto(const Room& room) {
  v1::Room proto;
  proto.set_name(ResourceName("rooms", room.id));
  proto.set_display_name(room.display_name);
  proto.set_active(room.active);
  return proto;
}

v1::Closure ClosureToProto(const Closure& closure) {
  v1::Closure proto;
  proto.set_name(ResourceName("closures", closure.id));
  switch (closure.scope) {
    case ClosureScope::kClinic:
      break;
    case ClosureScope::kPractitioner:
      proto.set_resource(ResourceName("staff", closure.scope_id));
      break;
    case ClosureScope::kRoom:
      proto.set_resource(ResourceName("rooms", closure.scope_id));
      break;
  }
  *proto.mutable_start_time() = TimestampToProto(closure.period.start);
  *proto.mutable_end_time() = TimestampToProto(closure.period.end);
  proto.set_reason(closure.reason);
  return proto;
}

absl::StatusOr<SessionKind> SessionKindFromProto(v1::SessionKind kind) {
  switch (kind) {
    case v1::SESSION_KIND_UNSPECIFIED:
    case v1::SESSION_KIND_TREATMENT:
      return SessionKind::kTreatment;
    case v1::SESSION_KIND_CONSULTATION:
      return SessionKind::kConsultation;
    default:
      return FieldError("kind", "must be TREATMENT or CONSULTATION");
  }
}

absl::StatusOr<absl::Duration> ConsultationLengthFromProto(
    const v1::BookSessionRequest& request) {
  if (!request.treatment_type().empty()) {
    return FieldError("treatment_type",
                      "must be empty for a consultation: it screens the "
                      "patient for any treatment");
  }
  if (!request.course().empty()) {
    return FieldError("course", "must be empty for a consultation: a "
                                "consultation is never part of a course");
  }
  return ConsultationLength("consultation_minutes",
                            absl::Minutes(request.consultation_minutes()));
}

v1::Session SessionToProto(const Session& session, bool with_record) {
  v1::Session proto;
  proto.set_name(ResourceName("sessions", session.id));
  proto.set_patient(ResourceName("patients", session.patient_id));
  proto.set_kind(static_cast<v1::SessionKind>(session.kind));
  if (session.kind == SessionKind::kTreatment) {
    proto.set_treatment_type(
        ResourceName("treatmentTypes", session.treatment_type));
  }
  proto.set_practitioner(ResourceName("staff", session.practitioner_id));
  proto.set_room(ResourceName("rooms", session.room_id));
  *proto.mutable_start_time() = TimestampToProto(session.time.start);
  *proto.mutable_end_time() = TimestampToProto(session.time.end);
  proto.set_state(static_cast<v1::SessionState>(session.state));
  if (!session.course_id.empty()) {
    proto.set_course(ResourceName("courses", session.course_id));
    proto.set_course_index(session.course_index);
  }
  proto.set_min_days_after_previous(session.min_gap_days);
  proto.set_max_days_after_previous(session.max_gap_days);
  proto.set_flagged(session.flagged);
  proto.set_cancel_reason(session.cancel_reason);
  if (!session.cancelled_by.empty()) {
    proto.set_cancelled_by(ResourceName("staff", session.cancelled_by));
  }
  if (session.check_in_time.has_value()) {
    *proto.mutable_check_in_time() = TimestampToProto(*session.check_in_time);
  }
  if (with_record) proto.set_consultation_notes(session.consultation_notes);
  if (with_record && session.treatment_record.has_value()) {
    const TreatmentRecord& record = *session.treatment_record;
    v1::TreatmentRecord& out = *proto.mutable_treatment_record();
    for (const std::string& area : record.areas) out.add_areas(area);
    for (const ProductUse& use : record.products) {
      v1::ProductUse& p = *out.add_products();
      p.set_product(use.product);
      p.set_lot_number(use.lot_number);
      p.set_concentration(use.concentration);
      p.set_volume_ml(use.volume_ml);
      p.set_depth_mm(use.depth_mm);
      p.set_area(use.area);
      p.set_injection_points(use.injection_points);
    }
    for (const OutcomeMeasurement& outcome : record.outcomes) {
      v1::OutcomeMeasurement& o = *out.add_outcomes();
      o.set_code(outcome.code);
      o.set_site(outcome.site);
      o.set_value(outcome.value);
    }
    out.set_notes(record.notes);
    for (const ChecklistAnswer& answer : record.day_of_answers) {
      v1::ChecklistAnswer& a = *out.add_day_of_answers();
      a.set_question(answer.question);
      a.set_yes(answer.yes);
    }
    out.set_recorded_by(ResourceName("staff", record.recorded_by));
    *out.mutable_record_time() = TimestampToProto(record.record_time);
  }
  *proto.mutable_create_time() = TimestampToProto(session.create_time);
  *proto.mutable_update_time() = TimestampToProto(session.update_time);
  return proto;
}

v1::Course CourseToProto(const Course& course) {
  v1::Course proto;
  proto.set_name(ResourceName("courses", course.id));
  proto.set_patient(ResourceName("patients", course.patient_id));
  proto.set_treatment_type(ResourceName("treatmentTypes", course.treatment_type));
  proto.set_state(static_cast<v1::CourseState>(course.state));
  *proto.mutable_create_time() = TimestampToProto(course.create_time);
  return proto;
}

TreatmentRecord TreatmentRecordFromProto(const v1::TreatmentRecord& proto) {
  TreatmentRecord record;
  record.areas.assign(proto.areas().begin(), proto.areas().end());
  for (const v1::ProductUse& use : proto.products()) {
    record.products.push_back({use.product(), use.lot_number(),
                               use.concentration(), use.volume_ml(),
                               use.depth_mm(), use.area(),
                               use.injection_points()});
  }
  for (const v1::OutcomeMeasurement& outcome : proto.outcomes()) {
    record.outcomes.push_back({outcome.code(), outcome.site(), outcome.value()});
  }
  record.notes = proto.notes();
  for (const v1::ChecklistAnswer& answer : proto.day_of_answers()) {
    record.day_of_answers.push_back({answer.question(), answer.yes()});
  }
  return record;
}

}  // namespace mesoclinic::scheduling

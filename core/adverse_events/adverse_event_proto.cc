#include "core/adverse_events/adverse_event_proto.h"

#include "absl/strings/str_cat.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::adverse_events {
namespace {

namespace v1 = ::clinic::v1;

// What one session could have injected, with room to spare.
constexpr int kMaxSuspectedProducts = 100;

absl::Status CheckEnum(absl::string_view field, int value,
                       bool (*is_valid)(int)) {
  if (!is_valid(value)) {
    return FieldError(field, absl::StrCat(value, " is not a defined value"));
  }
  return absl::OkStatus();
}

// Seriousness criteria as bits (1 << criterion), each listed once.
absl::StatusOr<uint32_t> SeriousnessFromProto(
    absl::string_view field,
    const google::protobuf::RepeatedField<int>& criteria) {
  uint32_t bits = 0;
  for (int i = 0; i < criteria.size(); ++i) {
    const int criterion = criteria.Get(i);
    const std::string path = absl::StrCat(field, "[", i, "]");
    if (criterion == v1::SERIOUSNESS_CRITERION_UNSPECIFIED ||
        !v1::SeriousnessCriterion_IsValid(criterion)) {
      return FieldError(path, "is not a seriousness criterion");
    }
    if ((bits >> criterion) & 1u) {
      return FieldError(path, "is listed twice");
    }
    bits |= 1u << criterion;
  }
  return bits;
}

// Sets a Timestamp field (`field` is its mutable_ accessor) to `time`, or
// leaves it unset.
template <typename Message>
void SetOptionalTime(const std::optional<absl::Time>& time, Message& message,
                     google::protobuf::Timestamp* (Message::*field)()) {
  if (time.has_value()) *(message.*field)() = TimestampToProto(*time);
}

void AddSeriousness(uint32_t bits,
                    google::protobuf::RepeatedField<int>& criteria) {
  for (int criterion = 1; criterion <= 6; ++criterion) {
    if ((bits >> criterion) & 1u) criteria.Add(criterion);
  }
}

}  // namespace

absl::StatusOr<AdverseEvent> ReportFromProto(const v1::AdverseEvent& proto) {
  AdverseEvent event;
  event.term = proto.term();
  event.description = proto.description();
  event.body_site = proto.body_site();
  ASSIGN_OR_RETURN(event.onset_time,
                   TimeFromProto("adverse_event.onset_time", proto.onset_time()));
  ASSIGN_OR_RETURN(event.awareness_time,
                   TimeFromProto("adverse_event.awareness_time",
                                 proto.awareness_time()));
  event.severity_grade = proto.severity_grade();
  ASSIGN_OR_RETURN(event.seriousness,
                   SeriousnessFromProto("adverse_event.seriousness",
                                        proto.seriousness()));
  RETURN_IF_ERROR(CheckEnum("adverse_event.relatedness", proto.relatedness(),
                            v1::Relatedness_IsValid));
  event.relatedness = proto.relatedness();
  RETURN_IF_ERROR(CheckEntryCount("adverse_event.suspected_products",
                                  proto.suspected_products_size(),
                                  kMaxSuspectedProducts));
  for (int i = 0; i < proto.suspected_products_size(); ++i) {
    const v1::SuspectedProduct& product = proto.suspected_products(i);
    const std::string path =
        absl::StrCat("adverse_event.suspected_products[", i, "]");
    RETURN_IF_ERROR(CheckText(FieldPath(path, "product"), product.product(),
                              {.required = true, .max_length = 200}));
    RETURN_IF_ERROR(CheckText(FieldPath(path, "lot_number"),
                              product.lot_number(), {.max_length = 64}));
    RETURN_IF_ERROR(CheckEnum(FieldPath(path, "relatedness"),
                              product.relatedness(), v1::Relatedness_IsValid));
    event.suspected_products.push_back(
        {product.product(), product.lot_number(), product.relatedness(), 0});
  }
  RETURN_IF_ERROR(CheckEnum("adverse_event.action_taken", proto.action_taken(),
                            v1::ActionTaken_IsValid));
  event.action_taken = proto.action_taken();
  event.action_details = proto.action_details();
  RETURN_IF_ERROR(CheckEnum("adverse_event.outcome", proto.outcome(),
                            v1::EventOutcome_IsValid));
  event.outcome = static_cast<Outcome>(proto.outcome());
  RETURN_IF_ERROR(CheckEnum("adverse_event.reporter_kind",
                            proto.reporter_kind(), v1::ReporterKind_IsValid));
  event.reporter_kind = static_cast<ReporterKind>(proto.reporter_kind());
  event.reporter_narrative = proto.reporter_narrative();
  return event;
}

v1::AdverseEvent AdverseEventToProto(const AdverseEvent& event) {
  v1::AdverseEvent proto;
  proto.set_name(ResourceName("adverseEvents", event.id));
  proto.set_patient(ResourceName("patients", event.patient_id));
  if (!event.session_id.empty()) {
    proto.set_session(ResourceName("sessions", event.session_id));
  }
  proto.set_treatment_type(ResourceName("treatmentTypes", event.treatment_type));
  proto.set_term(event.term);
  proto.set_description(event.description);
  proto.set_body_site(event.body_site);
  *proto.mutable_onset_time() = TimestampToProto(event.onset_time);
  *proto.mutable_awareness_time() = TimestampToProto(event.awareness_time);
  proto.set_severity_grade(event.severity_grade);
  AddSeriousness(event.seriousness, *proto.mutable_seriousness());
  proto.set_relatedness(static_cast<v1::Relatedness>(event.relatedness));
  proto.set_legacy_relatedness(
      static_cast<v1::Relatedness>(event.legacy_relatedness));
  if (!event.causality_assessed_by.empty()) {
    proto.set_causality_assessed_by(
        ResourceName("staff", event.causality_assessed_by));
  }
  for (const SuspectedProduct& suspect : event.suspected_products) {
    v1::SuspectedProduct& p = *proto.add_suspected_products();
    p.set_product(suspect.product);
    p.set_lot_number(suspect.lot_number);
    p.set_relatedness(static_cast<v1::Relatedness>(suspect.relatedness));
    p.set_legacy_relatedness(
        static_cast<v1::Relatedness>(suspect.legacy_relatedness));
  }
  proto.set_action_taken(static_cast<v1::ActionTaken>(event.action_taken));
  proto.set_action_details(event.action_details);
  proto.set_outcome(static_cast<v1::EventOutcome>(event.outcome));
  proto.set_serious(event.serious());
  proto.set_reporter(ResourceName("staff", event.reporter_id));
  proto.set_reporter_kind(static_cast<v1::ReporterKind>(event.reporter_kind));
  proto.set_reporter_narrative(event.reporter_narrative);
  proto.set_assessment_pending(event.assessment_pending());
  proto.set_assessment_pending_reason(event.assessment_pending_reason);
  proto.set_expected(event.expected);
  proto.set_recommended_action(event.recommended_action);
  proto.set_assessment_rationale(event.assessment_rationale);
  SetOptionalTime(event.expedited_due_time, proto,
                  &v1::AdverseEvent::mutable_expedited_report_due_time);
  SetOptionalTime(event.expedited_submit_time, proto,
                  &v1::AdverseEvent::mutable_expedited_report_submit_time);
  proto.set_expedited_report_authority(event.expedited_authority);
  proto.set_expedited_report_reference(event.expedited_reference);
  SetOptionalTime(event.follow_up_report_due_time, proto,
                  &v1::AdverseEvent::mutable_follow_up_report_due_time);
  SetOptionalTime(event.follow_up_report_submit_time, proto,
                  &v1::AdverseEvent::mutable_follow_up_report_submit_time);
  proto.set_follow_up_report_reference(event.follow_up_report_reference);
  proto.set_patient_hold(event.patient_hold);
  SetOptionalTime(event.patient_hold_review_time, proto,
                  &v1::AdverseEvent::mutable_patient_hold_review_time);
  for (const FollowUp& follow_up : event.follow_ups) {
    v1::FollowUp& f = *proto.add_follow_ups();
    *f.mutable_time() = TimestampToProto(follow_up.time);
    f.set_outcome(static_cast<v1::EventOutcome>(follow_up.outcome));
    f.set_severity_grade(follow_up.severity_grade);
    f.set_notes(follow_up.notes);
    f.set_recorded_by(ResourceName("staff", follow_up.recorded_by));
    AddSeriousness(follow_up.seriousness, *f.mutable_seriousness());
    f.set_relatedness(static_cast<v1::Relatedness>(follow_up.relatedness));
  }
  AddSeriousness(event.CurrentSeriousness(),
                 *proto.mutable_current_seriousness());
  proto.set_current_relatedness(
      static_cast<v1::Relatedness>(event.CurrentRelatedness()));
  proto.set_current_outcome(static_cast<v1::EventOutcome>(event.CurrentOutcome()));
  proto.set_current_severity_grade(event.CurrentGrade());
  *proto.mutable_create_time() = TimestampToProto(event.create_time);
  return proto;
}

absl::StatusOr<FollowUp> FollowUpFromProto(const v1::FollowUp& proto) {
  FollowUp follow_up;
  ASSIGN_OR_RETURN(follow_up.time, TimeFromProto("follow_up.time", proto.time()));
  RETURN_IF_ERROR(CheckEnum("follow_up.outcome", proto.outcome(),
                            v1::EventOutcome_IsValid));
  follow_up.outcome = static_cast<Outcome>(proto.outcome());
  follow_up.severity_grade = proto.severity_grade();
  follow_up.notes = proto.notes();
  ASSIGN_OR_RETURN(follow_up.seriousness,
                   SeriousnessFromProto("follow_up.seriousness",
                                        proto.seriousness()));
  RETURN_IF_ERROR(CheckEnum("follow_up.relatedness", proto.relatedness(),
                            v1::Relatedness_IsValid));
  follow_up.relatedness = proto.relatedness();
  return follow_up;
}

v1::FollowUpTask TaskToProto(const FollowUpTask& task) {
  v1::FollowUpTask proto;
  proto.set_name(ResourceName("followUpTasks", task.id));
  proto.set_session(ResourceName("sessions", task.session_id));
  proto.set_patient(ResourceName("patients", task.patient_id));
  proto.set_practitioner(ResourceName("staff", task.practitioner_id));
  proto.set_code(task.code);
  proto.set_title(task.title);
  proto.set_look_for(task.look_for);
  *proto.mutable_due_time() = TimestampToProto(task.due_time);
  SetOptionalTime(task.done_time, proto, &v1::FollowUpTask::mutable_done_time);
  proto.set_note(task.note);
  return proto;
}

}  // namespace mesoclinic::adverse_events

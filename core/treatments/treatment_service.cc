#include "core/treatments/treatment_service.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/server/proto_time.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::treatments {
namespace {

namespace v1 = ::clinic::v1;
namespace plugin = ::clinic::plugin::v1;

constexpr absl::string_view kCollection = "treatmentTypes";

v1::TreatmentType TreatmentTypeToProto(const plugin_host::LoadedPlugin& type) {
  const plugin::PluginDescription& description = type.description();
  v1::TreatmentType proto;
  proto.set_name(ResourceName(kCollection, description.id()));
  proto.set_display_name(description.display_name());
  proto.set_version(description.version());
  proto.mutable_indications()->CopyFrom(description.indications());
  proto.mutable_body_areas()->CopyFrom(description.body_areas());
  *proto.mutable_session_length() = description.session_length();
  proto.set_consent_version(description.consent().version());
  return proto;
}

plugin::LocalDateTime ToLocal(absl::CivilMinute minute) {
  plugin::LocalDateTime local;
  local.set_year(static_cast<int32_t>(minute.year()));
  local.set_month(minute.month());
  local.set_day(minute.day());
  local.set_hour(minute.hour());
  local.set_minute(minute.minute());
  return local;
}

absl::StatusOr<absl::CivilMinute> FromLocal(const plugin::LocalDateTime& local,
                                            absl::string_view plugin_id) {
  const absl::CivilMinute minute(local.year(), local.month(), local.day(),
                                 local.hour(), local.minute());
  if (minute.year() != local.year() || minute.month() != local.month() ||
      minute.day() != local.day() || minute.hour() != local.hour() ||
      minute.minute() != local.minute()) {
    return absl::InternalError(absl::StrCat(
        plugin_id, ": PlanCourse returned a session time that is not a real "
                   "date and time"));
  }
  return minute;
}

absl::StatusOr<absl::Time> TimeFromProto(absl::string_view field,
                                         const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return FieldError(field, "is required");
  if (t.nanos() < 0 || t.nanos() > 999999999) {
    return FieldError(field, "nanos must be between 0 and 999999999");
  }
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

}  // namespace

absl::StatusOr<const plugin_host::LoadedPlugin*> FindTreatmentType(
    const plugin_host::PluginRegistry& plugins, absl::string_view field,
    absl::string_view name) {
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName(field, name, kCollection));
  const plugin_host::LoadedPlugin* type = plugins.Find(id);
  if (type == nullptr) {
    return absl::NotFoundError(absl::StrCat(
        name, " is not a treatment type of this clinic: no plugin provides "
              "it (see ListTreatmentTypes)"));
  }
  return type;
}

TreatmentService::TreatmentService(CallRunner& calls,
                                   const plugin_host::PluginRegistry& plugins,
                                   absl::TimeZone clinic_time_zone)
    : BoundService(calls), plugins_(plugins),
      clinic_time_zone_(clinic_time_zone) {
  BindRead("ListTreatmentTypes", &TreatmentService::ListTreatmentTypes);
  BindRead("GetTreatmentProtocol", &TreatmentService::GetTreatmentProtocol);
  BindRead("CheckEligibility", &TreatmentService::CheckEligibility);
  BindRead("PlanCourse", &TreatmentService::PlanCourse);
}

absl::Status TreatmentService::ListTreatmentTypes(
    const v1::ListTreatmentTypesRequest&,
    v1::ListTreatmentTypesResponse& response, storage::Transaction&,
    const CallContext&) const {
  for (const plugin_host::LoadedPlugin* type : plugins_.plugins()) {
    *response.add_treatment_types() = TreatmentTypeToProto(*type);
  }
  return absl::OkStatus();
}

absl::Status TreatmentService::GetTreatmentProtocol(
    const v1::GetTreatmentProtocolRequest& request,
    v1::GetTreatmentProtocolResponse& response, storage::Transaction&,
    const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   FindTreatmentType(plugins_, "name", request.name()));
  *response.mutable_treatment_type() = TreatmentTypeToProto(*type);
  *response.mutable_protocol() = type->description();
  return absl::OkStatus();
}

absl::Status TreatmentService::CheckEligibility(
    const v1::CheckEligibilityRequest& request,
    v1::CheckEligibilityResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.treatment_type());
  ASSIGN_OR_RETURN(const std::string patient_id,
                   ParseResourceName("patient", request.patient(), "patients"));
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   FindTreatmentType(plugins_, "treatment_type",
                                     request.treatment_type()));
  const absl::CivilDay today = absl::ToCivilDay(call.now, clinic_time_zone_);
  ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> session_date,
                   OptionalDateFromProto("session_date",
                                         request.session_date()));
  const absl::CivilDay session_day = session_date.value_or(today);
  if (session_day < today) {
    return FieldError("session_date", "must not be in the past");
  }
  for (int i = 0; i < request.body_areas_size(); ++i) {
    RETURN_IF_ERROR(CheckText(absl::StrCat("body_areas[", i, "]"),
                              request.body_areas(i),
                              {.required = true, .max_length = 100}));
  }
  call.notes->AddPatient(patient_id);
  ASSIGN_OR_RETURN(const patients::Patient patient,
                   transaction.patients().Get(patient_id));
  if (patient.archived) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.patient(), " is archived"));
  }
  plugin::EligibilityRequest eligibility;
  *eligibility.mutable_facts() = PatientFactsFor(patient, today, session_day);
  eligibility.mutable_body_areas()->CopyFrom(request.body_areas());
  ASSIGN_OR_RETURN(*response.mutable_result(),
                   type->CheckEligibility(eligibility));
  return absl::OkStatus();
}

absl::Status TreatmentService::PlanCourse(const v1::PlanCourseRequest& request,
                                          v1::PlanCourseResponse& response,
                                          storage::Transaction&,
                                          const CallContext& call) const {
  call.notes->SetResource(request.treatment_type());
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   FindTreatmentType(plugins_, "treatment_type",
                                     request.treatment_type()));
  ASSIGN_OR_RETURN(const absl::Time first,
                   TimeFromProto("first_session_time",
                                 request.first_session_time()));
  if (first < call.now) {
    return FieldError("first_session_time", "must not be in the past");
  }
  if (request.session_count() < 0) {
    return FieldError("session_count", "must not be negative");
  }
  if (request.preferred_interval_days() < 0) {
    return FieldError("preferred_interval_days", "must not be negative");
  }
  plugin::PlanCourseRequest plan_request;
  *plan_request.mutable_first_session() =
      ToLocal(absl::ToCivilMinute(first, clinic_time_zone_));
  plan_request.set_session_count(request.session_count());
  plan_request.set_preferred_interval_days(request.preferred_interval_days());
  plan_request.set_include_maintenance(request.include_maintenance());
  ASSIGN_OR_RETURN(const plugin::CoursePlan plan,
                   type->PlanCourse(plan_request));
  const absl::Duration length =
      absl::Seconds(type->description().session_length().seconds());
  for (const plugin::PlannedSession& planned : plan.sessions()) {
    ASSIGN_OR_RETURN(const absl::CivilMinute local,
                     FromLocal(planned.start(), type->id()));
    // absl::FromCivil keeps order: a wall-clock time skipped by a
    // daylight-saving change (02:30 on the spring-forward night) becomes the
    // instant of the change (03:00), a repeated one its first occurrence.
    const absl::Time start = absl::FromCivil(local, clinic_time_zone_);
    v1::PlannedSession& session = *response.add_sessions();
    session.set_index(planned.index());
    session.set_phase(planned.phase());
    *session.mutable_start_time() = TimestampToProto(start);
    *session.mutable_end_time() = TimestampToProto(start + length);
    session.set_min_days_after_previous(planned.min_days_after_previous());
    session.set_max_days_after_previous(planned.max_days_after_previous());
  }
  response.set_time_zone(clinic_time_zone_.name());
  return absl::OkStatus();
}

}  // namespace mesoclinic::treatments

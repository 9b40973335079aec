#include "core/treatments/treatment_service.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/api/pager.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"
#include "core/consent/jurisdiction.h"
#include "core/scheduling/booking_rules.h"
#include "core/treatments/course_planner.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::treatments {
namespace {

namespace v1 = ::clinic::v1;
namespace plugin = ::clinic::plugin::v1;

constexpr absl::string_view kCollection = "treatmentTypes";
// A treatment type has a handful of body areas.
constexpr std::size_t kMaxBodyAreas = 100;

// `type` as a clinic in `jurisdiction` sees it: the consent text its
// patients sign carries that jurisdiction's off-label statement.
v1::TreatmentType TreatmentTypeToProto(const plugin_host::LoadedPlugin& type,
                                       absl::string_view jurisdiction) {
  const plugin::PluginDescription& description = type.description();
  v1::TreatmentType proto;
  proto.set_name(ResourceName(kCollection, description.id()));
  proto.set_display_name(description.display_name());
  proto.set_version(description.version());
  proto.mutable_indications()->CopyFrom(description.indications());
  proto.mutable_body_areas()->CopyFrom(description.body_areas());
  *proto.mutable_session_length() = description.session_length();
  proto.set_consent_version(description.consent().version());
  proto.set_consent_text_sha256(Sha256Hex(
      consent::ConsentTextFor(description.consent(), jurisdiction)));
  return proto;
}


}  // namespace

TreatmentService::TreatmentService(CallRunner& calls,
                                   const plugin_host::PluginRegistry& plugins)
    : BoundService(calls), plugins_(plugins) {
  BindRead("ListTreatmentTypes", &TreatmentService::ListTreatmentTypes);
  BindRead("GetTreatmentProtocol", &TreatmentService::GetTreatmentProtocol);
  BindRead("CheckEligibility", &TreatmentService::CheckEligibility);
  BindRead("PlanCourse", &TreatmentService::PlanCourse);
}

absl::Status TreatmentService::ListTreatmentTypes(
    const v1::ListTreatmentTypesRequest& request,
    v1::ListTreatmentTypesResponse& response, storage::Transaction& transaction,
    const CallContext&) const {
  ASSIGN_OR_RETURN(const scheduling::ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  std::string after_id;
  ASSIGN_OR_RETURN(const PagePosition* after, pager.After(1));
  if (after != nullptr) {
    ASSIGN_OR_RETURN(after_id, after->StringAt(0));
    // The registry is fixed at start: the last type of a page is loaded.
    if (plugins_.Find(after_id) == nullptr) return MalformedPageToken();
  }
  // plugins() is sorted by id: the page is the ids after the last one.
  std::vector<const plugin_host::LoadedPlugin*> types;
  for (const plugin_host::LoadedPlugin* type : plugins_.plugins()) {
    if (type->id() <= after_id) continue;
    types.push_back(type);
    if (static_cast<int>(types.size()) == pager.fetch_limit()) break;
  }
  response.set_next_page_token(pager.NextPageToken<
                               const plugin_host::LoadedPlugin*>(
      types, [](const plugin_host::LoadedPlugin* const& type) {
        return PagePosition().Add(type->id());
      }));
  for (const plugin_host::LoadedPlugin* type : types) {
    *response.add_treatment_types() =
        TreatmentTypeToProto(*type, settings.jurisdiction);
  }
  return absl::OkStatus();
}

absl::Status TreatmentService::GetTreatmentProtocol(
    const v1::GetTreatmentProtocolRequest& request,
    v1::GetTreatmentProtocolResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("name", request.name()));
  ASSIGN_OR_RETURN(const scheduling::ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  *response.mutable_treatment_type() =
      TreatmentTypeToProto(*type, settings.jurisdiction);
  *response.mutable_protocol() = type->description();
  // The text the clinic's patients sign, as consent_text_sha256 hashes it.
  response.mutable_protocol()->mutable_consent()->set_full_text(
      consent::ConsentTextFor(type->description().consent(),
                              settings.jurisdiction));
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
                   plugins_.FindTreatmentType("treatment_type",
                                     request.treatment_type()));
  ASSIGN_OR_RETURN(const scheduling::ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  const absl::CivilDay today = absl::ToCivilDay(call.now, settings.time_zone);
  ASSIGN_OR_RETURN(const std::optional<absl::CivilDay> session_date,
                   OptionalDateFromProto("session_date",
                                         request.session_date()));
  const absl::CivilDay session_day = session_date.value_or(today);
  if (session_day < today) {
    return FieldError("session_date", "must not be in the past");
  }
  RETURN_IF_ERROR(
      CheckEntryCount("body_areas", request.body_areas_size(), kMaxBodyAreas));
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
                                          storage::Transaction& transaction,
                                          const CallContext& call) const {
  call.notes->SetResource(request.treatment_type());
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   plugins_.FindTreatmentType("treatment_type",
                                     request.treatment_type()));
  ASSIGN_OR_RETURN(const absl::Time first,
                   TimeFromProto("first_session_time",
                                 request.first_session_time()));
  if (first < call.now) {
    return FieldError("first_session_time", "must not be in the past");
  }
  // As far ahead as a course can be booked.
  if (first > call.now + scheduling::kBookingHorizon) {
    return FieldError("first_session_time",
                      absl::StrCat("must be at most ",
                                   scheduling::kBookingHorizonText, " ahead"));
  }
  if (request.session_count() < 0) {
    return FieldError("session_count", "must not be negative");
  }
  if (request.preferred_interval_days() < 0) {
    return FieldError("preferred_interval_days", "must not be negative");
  }
  ASSIGN_OR_RETURN(const scheduling::ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  RETURN_IF_ERROR(consent::CheckOfferedIn(type->description(),
                                          settings.jurisdiction,
                                          "treatment_type"));
  ASSIGN_OR_RETURN(
      const std::vector<PlannedSlot> plan,
      PlanCourseInZone(*type,
                       {.first_session = first,
                        .session_count = request.session_count(),
                        .preferred_interval_days =
                            request.preferred_interval_days(),
                        .include_maintenance = request.include_maintenance()},
                       settings.time_zone));
  for (const PlannedSlot& slot : plan) {
    v1::PlannedSession& session = *response.add_sessions();
    session.set_index(slot.index);
    session.set_phase(slot.phase);
    *session.mutable_start_time() = TimestampToProto(slot.start);
    *session.mutable_end_time() = TimestampToProto(slot.end);
    session.set_min_days_after_previous(slot.min_days_after_previous);
    session.set_max_days_after_previous(slot.max_days_after_previous);
  }
  response.set_time_zone(settings.time_zone_name);
  return absl::OkStatus();
}

}  // namespace mesoclinic::treatments

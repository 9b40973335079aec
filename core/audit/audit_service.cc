#include "core/audit/audit_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/api/pager.h"
#include "core/api/proto_time.h"
#include "core/audit/audit_checkpoint.h"
#include "core/audit/audit_event.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::audit {
namespace {

namespace v1 = ::clinic::v1;

v1::AuditEvent AuditEventToProto(const AuditEvent& event) {
  v1::AuditEvent proto;
  proto.set_sequence(event.sequence);
  *proto.mutable_time() = TimestampToProto(event.time);
  // Empty for the records clinicd writes itself ("clinicd/..." methods).
  if (!event.staff_id.empty()) {
    proto.set_staff_member(ResourceName("staff", event.staff_id));
  }
  proto.set_role(static_cast<v1::Role>(event.role));
  proto.set_method(event.method);
  proto.set_resource(event.resource);
  for (const std::string& patient_id : event.patient_ids) {
    proto.add_patients(ResourceName("patients", patient_id));
  }
  proto.set_outcome(absl::StatusCodeToString(event.outcome));
  proto.set_transport(event.transport);
  proto.set_validate_only(event.validate_only);
  return proto;
}


}  // namespace

AuditService::AuditService(CallRunner& calls,
                           std::string checkpoint_signing_seed)
    : BoundService(calls),
      checkpoint_signing_seed_(std::move(checkpoint_signing_seed)) {
  BindRead("ListAuditEvents", &AuditService::ListAuditEvents);
  BindRead("VerifyAuditChain", &AuditService::VerifyAuditChain);
  // It changes nothing: the checkpoint is handed out, not stored.
  BindRead("CreateAuditCheckpoint", &AuditService::CreateAuditCheckpoint);
}

absl::Status AuditService::ListAuditEvents(
    const v1::ListAuditEventsRequest& request,
    v1::ListAuditEventsResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  AuditQuery query;
  query.limit = pager.fetch_limit();
  if (!request.patient().empty()) {
    ASSIGN_OR_RETURN(query.patient_id, ParseResourceName("patient",
                                                         request.patient(),
                                                         "patients"));
    call.notes->AddPatient(*query.patient_id);
  }
  ASSIGN_OR_RETURN(query.staff_id,
                   ParseOptionalResourceName("staff_member", request.staff_member(),
                                             "staff"));
  if (!request.method().empty()) {
    RETURN_IF_ERROR(CheckText("method", request.method(), {.max_length = 200}));
    query.method = request.method();
  }
  ASSIGN_OR_RETURN(query.start_time,
                   OptionalTimeFromProto("start_time", request.start_time(),
                                request.has_start_time()));
  ASSIGN_OR_RETURN(query.end_time, OptionalTimeFromProto("end_time", request.end_time(),
                                                request.has_end_time()));
  if (query.start_time && query.end_time &&
      *query.end_time <= *query.start_time) {
    return FieldError("end_time", "must be after start_time");
  }
  ASSIGN_OR_RETURN(const PagePosition* after, pager.After(1));
  if (after != nullptr) {
    ASSIGN_OR_RETURN(query.after_sequence, after->IntAt(0));
  }
  ASSIGN_OR_RETURN(std::vector<AuditEvent> events,
                   transaction.audit().List(query));
  response.set_next_page_token(pager.NextPageToken<AuditEvent>(
      events, [](const AuditEvent& event) {
        return PagePosition().Add(event.sequence);
      }));
  for (const AuditEvent& event : events) {
    // The trail names patients: reading it is itself an access to record.
    for (const std::string& patient_id : event.patient_ids) {
      call.notes->AddPatient(patient_id);
    }
    *response.add_audit_events() = AuditEventToProto(event);
  }
  return absl::OkStatus();
}

namespace {

v1::ResourceProblem::Kind ResourceProblemKindToProto(
    audit::ResourceProblem::Kind kind) {
  switch (kind) {
    case audit::ResourceProblem::Kind::kChanged:
      return v1::ResourceProblem::CHANGED;
    case audit::ResourceProblem::Kind::kAdded:
      return v1::ResourceProblem::ADDED;
    case audit::ResourceProblem::Kind::kDeleted:
      return v1::ResourceProblem::DELETED;
  }
  return v1::ResourceProblem::KIND_UNSPECIFIED;
}

}  // namespace

absl::Status AuditService::VerifyAuditChain(
    const v1::VerifyAuditChainRequest&, v1::VerifyAuditChainResponse& response,
    storage::Transaction& transaction, const CallContext&) const {
  ASSIGN_OR_RETURN(const ChainVerification verification,
                   audit::VerifyAuditChain(transaction.audit()));
  response.set_intact(verification.intact &&
                      verification.resource_problem_count == 0);
  response.set_records_checked(verification.records_checked);
  response.set_first_broken_sequence(verification.first_broken_sequence);
  response.set_problem(verification.problem);
  if (verification.intact && verification.resource_problem_count > 0) {
    response.set_problem(absl::StrCat(verification.resource_problem_count,
                                      " stored resource(s) do not match the "
                                      "audit trail"));
  }
  response.set_resources_checked(verification.resources_checked);
  response.set_resource_problem_count(verification.resource_problem_count);
  for (const audit::ResourceProblem& problem : verification.resource_problems) {
    v1::ResourceProblem& out = *response.add_resource_problems();
    out.set_resource(problem.resource);
    out.set_kind(ResourceProblemKindToProto(problem.kind));
    out.set_expected_sequence(problem.expected_sequence);
    out.set_description(problem.Describe());
  }
  for (const std::string& unproven : verification.unproven) {
    response.add_unproven(unproven);
  }
  return absl::OkStatus();
}

absl::Status AuditService::CreateAuditCheckpoint(
    const v1::CreateAuditCheckpointRequest&,
    v1::CreateAuditCheckpointResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  // The head of the call's read snapshot: the checkpoint's own audit record
  // comes after it.
  ASSIGN_OR_RETURN(const AuditChainHead head, transaction.audit().Head());
  ASSIGN_OR_RETURN(const AuditCheckpoint checkpoint,
                   MakeCheckpoint(head, call.now, checkpoint_signing_seed_));
  // The trail says which record each checkpoint handed out holds.
  call.notes->SetResource(absl::StrCat("auditEvents/", checkpoint.sequence));
  response.set_checkpoint_file(FormatCheckpoint(checkpoint));
  response.set_sequence(checkpoint.sequence);
  response.set_hash(checkpoint.hash);
  *response.mutable_time() = TimestampToProto(checkpoint.time);
  response.set_public_key(checkpoint.public_key);
  response.set_key_fingerprint(KeyFingerprint(checkpoint.public_key));
  response.set_signature(checkpoint.signature);
  return absl::OkStatus();
}

}  // namespace mesoclinic::audit

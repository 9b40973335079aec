#include "core/staff/staff_service.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/api/pager.h"
#include "core/auth/api_key_secret.h"
#include "core/auth/password.h"
#include "core/auth/sign_in.h"
#include "core/auth/sign_in_throttle.h"
#include "core/api/proto_time.h"
#include "core/base/sha256.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/staff/staff_proto.h"

namespace mesoclinic::staff {
namespace {

namespace v1 = ::clinic::v1;

constexpr absl::string_view kCollection = "staff";

struct ApiKeyId {
  std::string staff_id;
  std::string key_id;
};

// "staff/{staff_id}/apiKeys/{key_id}".
absl::StatusOr<ApiKeyId> ParseApiKeyName(absl::string_view name) {
  constexpr absl::string_view kKeys = "/apiKeys/";
  const std::size_t keys = name.find(kKeys);
  if (keys == absl::string_view::npos) {
    return FieldError("name", "must have the form "
                              "\"staff/{staff_id}/apiKeys/{key_id}\"");
  }
  ASSIGN_OR_RETURN(std::string staff_id,
                   ParseResourceName("name", name.substr(0, keys), kCollection));
  ASSIGN_OR_RETURN(
      std::string key_id,
      ParseResourceName("name", name.substr(keys + 1), "apiKeys"));
  return ApiKeyId{std::move(staff_id), std::move(key_id)};
}

absl::StatusOr<int64_t> CountActiveAdmins(StaffRepository& staff) {
  StaffQuery query{.role = Role::kAdmin, .limit = 1000};
  ASSIGN_OR_RETURN(const StaffPage page, staff.List(query));
  return static_cast<int64_t>(page.staff.size());
}

}  // namespace

StaffService::StaffService(CallRunner& calls) : BoundService(calls) {
  BindWrite("CreateStaffMember", &StaffService::CreateStaffMember);
  BindRead("GetStaffMember", &StaffService::GetStaffMember);
  BindRead("ListStaffMembers", &StaffService::ListStaffMembers);
  BindWrite("DeactivateStaffMember", &StaffService::DeactivateStaffMember);
  BindWrite("IssueApiKey", &StaffService::IssueApiKey);
  BindWrite("RevokeApiKey", &StaffService::RevokeApiKey);
  BindRead("ListApiKeys", &StaffService::ListApiKeys);
  BindRead("GetCaller", &StaffService::GetCaller);
  BindWrite("SetStaffPassword", &StaffService::SetStaffPassword);
}

absl::Status StaffService::CreateStaffMember(
    const v1::CreateStaffMemberRequest& request,
    v1::CreateStaffMemberResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  ASSIGN_OR_RETURN(StaffMember member,
                   StaffMemberFromProto(request.staff_member()));
  RETURN_IF_ERROR(ValidateStaffMember(member));
  member.id = NewResourceId();
  member.create_time = call.now;
  call.notes->SetResource(ResourceName(kCollection, member.id));
  RETURN_IF_ERROR(transaction.staff().Insert(member));
  *response.mutable_staff_member() = StaffMemberToProto(member);
  return absl::OkStatus();
}

absl::Status StaffService::GetStaffMember(
    const v1::GetStaffMemberRequest& request,
    v1::GetStaffMemberResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), kCollection));
  ASSIGN_OR_RETURN(const StaffMember member, transaction.staff().Get(id));
  *response.mutable_staff_member() = StaffMemberToProto(member);
  return absl::OkStatus();
}

absl::Status StaffService::ListStaffMembers(
    const v1::ListStaffMembersRequest& request,
    v1::ListStaffMembersResponse& response, storage::Transaction& transaction,
    const CallContext&) const {
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  StaffQuery query;
  query.limit = pager.page_size();
  if (!v1::Role_IsValid(request.role())) {
    return FieldError("role", "is not a defined value");
  }
  if (request.role() != v1::ROLE_UNSPECIFIED) {
    query.role = static_cast<Role>(request.role());
  }
  query.include_inactive = request.include_inactive();
  ASSIGN_OR_RETURN(query.after, pager.AfterKeyAndId());
  ASSIGN_OR_RETURN(const StaffPage page, transaction.staff().List(query));
  for (const StaffMember& member : page.staff) {
    *response.add_staff_members() = StaffMemberToProto(member);
  }
  if (page.next.has_value()) {
    response.set_next_page_token(pager.Token(
        PagePosition().Add(page.next->first).Add(page.next->second)));
  }
  return absl::OkStatus();
}

absl::Status StaffService::DeactivateStaffMember(
    const v1::DeactivateStaffMemberRequest& request,
    v1::DeactivateStaffMemberResponse& response,
    storage::Transaction& transaction, const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), kCollection));
  ASSIGN_OR_RETURN(StaffMember member, transaction.staff().Get(id));
  if (!member.active) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(), " is already deactivated"));
  }
  if (member.role == Role::kAdmin) {
    ASSIGN_OR_RETURN(const int64_t admins,
                     CountActiveAdmins(transaction.staff()));
    if (admins <= 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          request.name(), " is the last active admin: create another admin "
                          "first, or nobody could manage the clinic"));
    }
  }
  member.active = false;
  member.deactivate_time = call.now;
  RETURN_IF_ERROR(transaction.staff().Update(member));
  // Their sessions end now, not at their next call: nothing of theirs stays
  // open in a browser.
  RETURN_IF_ERROR(transaction.sign_in()
                      .EndSessionsOf(id, call.now, SessionEndReason::kDeactivated)
                      .status());
  *response.mutable_staff_member() = StaffMemberToProto(member);
  return absl::OkStatus();
}

absl::Status StaffService::IssueApiKey(const v1::IssueApiKeyRequest& request,
                                       v1::IssueApiKeyResponse& response,
                                       storage::Transaction& transaction,
                                       const CallContext& call) const {
  call.notes->SetResource(request.parent());
  ASSIGN_OR_RETURN(const std::string staff_id,
                   ParseResourceName("parent", request.parent(), kCollection));
  RETURN_IF_ERROR(CheckText("description", request.description(),
                            {.max_length = 100}));
  ASSIGN_OR_RETURN(const StaffMember member, transaction.staff().Get(staff_id));
  if (!member.active) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.parent(), " is deactivated: it cannot be given keys"));
  }
  ASSIGN_OR_RETURN(const auth::NewApiKey secret, auth::GenerateApiKey());
  const ApiKey key{
      .id = secret.key_id,
      .staff_id = staff_id,
      .secret_hash = secret.secret_hash,
      .description = request.description(),
      .create_time = call.now,
  };
  call.notes->SetResource(ApiKeyName(key));
  call.notes->MarkResponseSecret();
  RETURN_IF_ERROR(transaction.staff().InsertApiKey(key));
  *response.mutable_api_key() = ApiKeyToProto(key);
  response.set_secret(secret.key);
  return absl::OkStatus();
}

absl::Status StaffService::RevokeApiKey(const v1::RevokeApiKeyRequest& request,
                                        v1::RevokeApiKeyResponse& response,
                                        storage::Transaction& transaction,
                                        const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const ApiKeyId id, ParseApiKeyName(request.name()));
  absl::StatusOr<ApiKey> key = transaction.staff().GetApiKey(id.key_id);
  if (absl::IsNotFound(key.status()) ||
      (key.ok() && key->staff_id != id.staff_id)) {
    return absl::NotFoundError(absl::StrCat(request.name(), " does not exist"));
  }
  if (!key.ok()) return key.status();
  if (key->revoke_time.has_value()) {
    return absl::FailedPreconditionError(
        absl::StrCat(request.name(), " is already revoked"));
  }
  key->revoke_time = call.now;
  RETURN_IF_ERROR(transaction.staff().UpdateApiKey(*key));
  *response.mutable_api_key() = ApiKeyToProto(*key);
  return absl::OkStatus();
}

absl::Status StaffService::ListApiKeys(const v1::ListApiKeysRequest& request,
                                       v1::ListApiKeysResponse& response,
                                       storage::Transaction& transaction,
                                       const CallContext& call) const {
  call.notes->SetResource(request.parent());
  ASSIGN_OR_RETURN(const std::string staff_id,
                   ParseResourceName("parent", request.parent(), kCollection));
  ASSIGN_OR_RETURN(const Pager pager,
                   Pager::For(request, kDefaultPageSize, kMaxPageSize));
  RETURN_IF_ERROR(transaction.staff().Get(staff_id).status());
  ApiKeyQuery query{.staff_id = staff_id, .limit = pager.fetch_limit()};
  ASSIGN_OR_RETURN(query.after, pager.AfterTimeAndId());
  ASSIGN_OR_RETURN(std::vector<ApiKey> keys,
                   transaction.staff().ListApiKeys(query));
  response.set_next_page_token(pager.NextPageToken<ApiKey>(
      keys, [](const ApiKey& key) {
        return PagePosition().Add(key.create_time).Add(key.id);
      }));
  for (const ApiKey& key : keys) *response.add_api_keys() = ApiKeyToProto(key);
  return absl::OkStatus();
}

absl::Status StaffService::GetCaller(const v1::GetCallerRequest&,
                                     v1::GetCallerResponse& response,
                                     storage::Transaction& transaction,
                                     const CallContext& call) const {
  ASSIGN_OR_RETURN(const StaffMember member,
                   transaction.staff().Get(call.staff_id));
  call.notes->SetResource(ResourceName(kCollection, member.id));
  *response.mutable_staff_member() = StaffMemberToProto(member);
  // A call in a sign-in session has no key to name.
  if (!call.api_key_id.empty()) {
    response.set_api_key(ApiKeyName({.id = call.api_key_id,
                                     .staff_id = member.id}));
  }
  return absl::OkStatus();
}

absl::Status StaffService::SetStaffPassword(
    const v1::SetStaffPasswordRequest& request,
    v1::SetStaffPasswordResponse& response, storage::Transaction& transaction,
    const CallContext& call) const {
  call.notes->SetResource(request.name());
  ASSIGN_OR_RETURN(const std::string id,
                   ParseResourceName("name", request.name(), kCollection));
  const bool temporary =
      request.mode_case() == v1::SetStaffPasswordRequest::kTemporaryPassword &&
      request.temporary_password();
  const bool setup_link =
      request.mode_case() == v1::SetStaffPasswordRequest::kSetupLink &&
      request.setup_link();
  if (!temporary && !setup_link) {
    return FieldError("mode",
                      "set one of temporary_password or setup_link to true");
  }
  ASSIGN_OR_RETURN(const StaffMember member, transaction.staff().Get(id));
  if (!member.active) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.name(), " is deactivated: it cannot be given a password"));
  }
  if (member.email.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        request.name(), " has no e-mail address, which is what a member "
                        "signs in with: set one first"));
  }
  call.notes->MarkResponseSecret();
  SignInRepository& sign_in = transaction.sign_in();
  // A new password starts afresh: the old sessions and links end, and a
  // lock from failed sign-ins is lifted.
  RETURN_IF_ERROR(
      sign_in.EndSessionsOf(id, call.now, SessionEndReason::kPasswordSet)
          .status());
  RETURN_IF_ERROR(sign_in.EndSetupLinksOf(id, call.now));
  RETURN_IF_ERROR(sign_in.ClearFailures(auth::AccountSubject(id)));
  if (temporary) {
    // Hashed here, on the storage writer: an admin's rare call, unlike
    // sign-in, whose password checks never run there.
    const std::string password = auth::RandomTemporaryPassword();
    ASSIGN_OR_RETURN(const std::string hash, auth::HashPassword(password));
    RETURN_IF_ERROR(sign_in.PutPassword({.staff_id = id,
                                         .password_hash = hash,
                                         .must_change_password = true,
                                         .set_time = call.now}));
    response.set_temporary_password(password);
  } else {
    const std::string token = auth::RandomToken();
    const PasswordSetupLink link{
        .token_hash = Sha256(token),
        .staff_id = id,
        .create_time = call.now,
        .expire_time = call.now + auth::kSetupLinkLifetime,
    };
    RETURN_IF_ERROR(sign_in.InsertSetupLink(link));
    response.set_setup_token(token);
    *response.mutable_setup_token_expire_time() =
        TimestampToProto(link.expire_time);
  }
  *response.mutable_staff_member() = StaffMemberToProto(member);
  return absl::OkStatus();
}

}  // namespace mesoclinic::staff

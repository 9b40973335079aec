#include "core/staff/sign_in_service.h"

#include <utility>

#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/staff/staff_proto.h"

namespace mesoclinic::staff {
namespace {

namespace v1 = ::clinic::v1;

// Answers `done` with the staff member the operation returned, set on
// `response`.
template <typename Response>
auto AnswerWithMember(Response& response, CallRunner::Done done) {
  return [&response, done = std::move(done)](
             absl::StatusOr<StaffMember> member) mutable {
    if (member.ok()) *response.mutable_staff_member() = StaffMemberToProto(*member);
    done(member.status());
  };
}

}  // namespace

SignInService::SignInService(CallRunner& calls, storage::Store& store)
    : BoundService(calls), desk_(store) {
  BindPublic("SignIn", &SignInService::SignIn);
  BindWrite("SignOut", &SignInService::SignOut);
  BindPublic("ChangePassword", &SignInService::ChangePassword);
  BindPublic("CompletePasswordSetup", &SignInService::CompletePasswordSetup);
}

void SignInService::SignIn(const v1::SignInRequest& request,
                           v1::SignInResponse& response,
                           const CallContext& call,
                           CallRunner::Done done) const {
  desk_.SignIn(
      {.email = request.email(),
       .password = request.password(),
       .client_address = call.client_address,
       .now = call.now,
       .transport = call.transport},
      [&response, done = std::move(done)](
          absl::StatusOr<auth::SignedIn> signed_in) mutable {
        if (signed_in.ok()) {
          response.set_session_token(signed_in->session_token);
          *response.mutable_expire_time() =
              TimestampToProto(signed_in->session.expire_time);
          *response.mutable_idle_timeout() =
              DurationToProto(signed_in->idle_timeout);
          *response.mutable_staff_member() =
              StaffMemberToProto(signed_in->member);
          response.set_must_change_password(signed_in->must_change_password);
        }
        done(signed_in.status());
      });
}

absl::Status SignInService::SignOut(const v1::SignOutRequest&,
                                    v1::SignOutResponse&,
                                    storage::Transaction& transaction,
                                    const CallContext& call) const {
  if (call.session_id.empty()) {
    return absl::FailedPreconditionError(
        "SignOut ends a sign-in session, and this call was made with an API "
        "key: revoke the key instead (StaffService.RevokeApiKey)");
  }
  call.notes->SetResource(ResourceName("staff", call.staff_id));
  ASSIGN_OR_RETURN(const bool ended,
                   transaction.sign_in().EndSession(
                       call.session_id, call.now, SessionEndReason::kSignedOut));
  if (!ended) {
    return absl::FailedPreconditionError("this session has already ended");
  }
  return absl::OkStatus();
}

void SignInService::ChangePassword(const v1::ChangePasswordRequest& request,
                                   v1::ChangePasswordResponse& response,
                                   const CallContext& call,
                                   CallRunner::Done done) const {
  if (call.staff_id.empty()) {
    done(absl::UnauthenticatedError(
        "ChangePassword: sign in first (a session or an API key)"));
    return;
  }
  if (absl::Status request_id = CheckRequestId("request_id",
                                               request.request_id());
      !request_id.ok()) {
    done(request_id);
    return;
  }
  desk_.ChangePassword({.staff_id = call.staff_id,
                        .session_id = call.session_id,
                        .role = call.role,
                        .current_password = request.current_password(),
                        .new_password = request.new_password(),
                        .now = call.now,
                        .transport = call.transport},
                       AnswerWithMember(response, std::move(done)));
}

void SignInService::CompletePasswordSetup(
    const v1::CompletePasswordSetupRequest& request,
    v1::CompletePasswordSetupResponse& response, const CallContext& call,
    CallRunner::Done done) const {
  if (absl::Status request_id = CheckRequestId("request_id",
                                               request.request_id());
      !request_id.ok()) {
    done(request_id);
    return;
  }
  desk_.CompletePasswordSetup({.token = request.token(),
                               .new_password = request.new_password(),
                               .now = call.now,
                               .transport = call.transport},
                              AnswerWithMember(response, std::move(done)));
}

}  // namespace mesoclinic::staff

#ifndef MESOCLINIC_CORE_STAFF_SIGN_IN_SERVICE_H_
#define MESOCLINIC_CORE_STAFF_SIGN_IN_SERVICE_H_

// clinic.v1.SignInService: staff sign-in with a password, for people at a
// browser. The decisions are auth::SignInDesk's; this translates.

#include "clinic/v1/sign_in.grpc.pb.h"
#include "core/api/bound_service.h"
#include "core/auth/sign_in.h"

namespace mesoclinic::staff {

class SignInService final : public BoundService<clinic::v1::SignInService> {
 public:
  SignInService(CallRunner& calls, storage::Store& store);

 private:
  void SignIn(const clinic::v1::SignInRequest& request,
              clinic::v1::SignInResponse& response, const CallContext& call,
              CallRunner::Done done) const;
  absl::Status SignOut(const clinic::v1::SignOutRequest& request,
                       clinic::v1::SignOutResponse& response,
                       storage::Transaction& transaction,
                       const CallContext& call) const;
  void ChangePassword(const clinic::v1::ChangePasswordRequest& request,
                      clinic::v1::ChangePasswordResponse& response,
                      const CallContext& call, CallRunner::Done done) const;
  void CompletePasswordSetup(
      const clinic::v1::CompletePasswordSetupRequest& request,
      clinic::v1::CompletePasswordSetupResponse& response,
      const CallContext& call, CallRunner::Done done) const;

  // Password checks are counted across calls: mutable, as handlers are
  // const.
  mutable auth::SignInDesk desk_;
};

}  // namespace mesoclinic::staff

#endif  // MESOCLINIC_CORE_STAFF_SIGN_IN_SERVICE_H_

#ifndef MESOCLINIC_CORE_CONSENT_CONSENT_SERVICE_H_
#define MESOCLINIC_CORE_CONSENT_CONSENT_SERVICE_H_

// clinic.v1.ConsentService: patients' consents to the treatment types the
// loaded plugins bring, checked against each plugin's current consent
// document.

#include "absl/time/time.h"
#include "clinic/v1/consent.grpc.pb.h"
#include "core/api/bound_service.h"
#include "core/consent/consent.h"
#include "core/plugin_host/plugin_registry.h"

namespace mesoclinic::consent {

class ConsentService final : public BoundService<clinic::v1::ConsentService> {
 public:
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 500;

  // `plugins` must outlive the service.
  ConsentService(CallRunner& calls, const plugin_host::PluginRegistry& plugins);

 private:
  absl::Status RecordConsent(const clinic::v1::RecordConsentRequest& request,
                             clinic::v1::RecordConsentResponse& response,
                             storage::Transaction& transaction,
                             const CallContext& call) const;
  absl::Status GetConsent(const clinic::v1::GetConsentRequest& request,
                          clinic::v1::GetConsentResponse& response,
                          storage::Transaction& transaction,
                          const CallContext& call) const;
  absl::Status ListConsents(const clinic::v1::ListConsentsRequest& request,
                            clinic::v1::ListConsentsResponse& response,
                            storage::Transaction& transaction,
                            const CallContext& call) const;
  absl::Status WithdrawConsent(
      const clinic::v1::WithdrawConsentRequest& request,
      clinic::v1::WithdrawConsentResponse& response,
      storage::Transaction& transaction, const CallContext& call) const;

  // The consent as the API shows it, its state computed at `at` against its
  // plugin's current consent version.
  clinic::v1::Consent ToProto(const Consent& consent, absl::Time at) const;

  const plugin_host::PluginRegistry& plugins_;
};

}  // namespace mesoclinic::consent

#endif  // MESOCLINIC_CORE_CONSENT_CONSENT_SERVICE_H_

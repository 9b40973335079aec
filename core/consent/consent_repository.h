#ifndef MESOCLINIC_CORE_CONSENT_CONSENT_REPOSITORY_H_
#define MESOCLINIC_CORE_CONSENT_CONSENT_REPOSITORY_H_

// The storage the consent rules need. Implemented in core/storage; used only
// inside a Store transaction, so every call sees one consistent snapshot.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/consent/consent.h"

namespace mesoclinic::consent {

// Where a listing stopped: the sort key of the last consent returned.
struct ConsentListPosition {
  absl::Time sign_time;
  std::string id;
};

struct ConsentQuery {
  // Required: whose consents.
  std::string patient_id;
  // Only consents to this treatment type (a plugin id).
  std::optional<std::string> treatment_type;
  // Consents after this position, in (sign_time, id) descending order.
  std::optional<ConsentListPosition> after;
  int limit = 50;
};

struct ConsentPage {
  // Most recently signed first; ties by id, descending.
  std::vector<Consent> consents;
  // Set when more consents match after the last one returned.
  std::optional<ConsentListPosition> next;
};

class ConsentRepository {
 public:
  virtual ~ConsentRepository() = default;

  // Stores a new consent. ALREADY_EXISTS when the id is taken.
  virtual absl::Status Insert(const Consent& consent) = 0;

  // NOT_FOUND naming "patients/{patient_id}/consents/{consent_id}" when the
  // patient has no consent with this id.
  virtual absl::StatusOr<Consent> Get(absl::string_view patient_id,
                                      absl::string_view consent_id) = 0;

  // Stores `consent`'s withdrawal, the only change a consent gets; its other
  // fields are not written. NOT_FOUND when there is no such consent,
  // FAILED_PRECONDITION when it is already withdrawn.
  virtual absl::Status Update(const Consent& consent) = 0;

  virtual absl::StatusOr<ConsentPage> List(const ConsentQuery& query) = 0;

  // Every consent of the patient to the treatment type (a plugin id), in
  // any state, most recently signed first.
  virtual absl::StatusOr<std::vector<Consent>> ListForPatientAndType(
      absl::string_view patient_id, absl::string_view treatment_type) = 0;
};

}  // namespace mesoclinic::consent

#endif  // MESOCLINIC_CORE_CONSENT_CONSENT_REPOSITORY_H_

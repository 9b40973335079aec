#include "core/base/etag.h"

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/sha256.h"

namespace mesoclinic {

std::string RevisionEtag(absl::string_view resource_name, int64_t revision) {
  const std::string key = absl::StrCat(resource_name, "@", revision);
  return absl::StrCat("r", revision, "-", Sha256Hex(key).substr(0, 8));
}

absl::Status CheckEtag(absl::string_view sent, absl::string_view current,
                       absl::string_view message) {
  if (sent.empty() || sent == current) return absl::OkStatus();
  return WithReason(absl::AbortedError(message), reasons::kEtagMismatch);
}

}  // namespace mesoclinic

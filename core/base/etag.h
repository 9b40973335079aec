#ifndef MESOCLINIC_CORE_BASE_ETAG_H_
#define MESOCLINIC_CORE_BASE_ETAG_H_

// Etags of updatable resources (AIP-154): opaque tokens a client reads with
// a resource and sends back with an update, so that an update of a resource
// that changed in between is refused instead of silently overwriting.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace mesoclinic {

// "r<revision>-<8 hex digits>": the digits tell apart the etags of two
// resources at the same revision. Letters, digits and '-' only: no quote
// marks, which a JSON client would have to escape and a shell to quote.
std::string RevisionEtag(absl::string_view resource_name, int64_t revision);

// OK when `sent` is empty (an unconditional update) or `current`. Otherwise
// ABORTED with reason ETAG_MISMATCH and `message`, which says what changed
// and that the client must read the resource again.
absl::Status CheckEtag(absl::string_view sent, absl::string_view current,
                       absl::string_view message);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_ETAG_H_

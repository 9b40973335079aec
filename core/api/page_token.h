#ifndef MESOCLINIC_CORE_API_PAGE_TOKEN_H_
#define MESOCLINIC_CORE_API_PAGE_TOKEN_H_

// Opaque page tokens for List methods (AIP-158). A token holds where the
// previous page stopped and a fingerprint of the request's filters, so that
// a token is refused when the filters changed between pages.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "google/protobuf/message.h"

namespace mesoclinic {

// The fingerprint of a List request: its fields other than page_size and
// page_token.
std::string ListRequestFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(absl::string_view fingerprint,
                            absl::Span<const std::string> position);

// The position stored in `token`. INVALID_ARGUMENT naming page_token when
// the token is malformed or was issued for other filters.
absl::StatusOr<std::vector<std::string>> DecodePageToken(
    absl::string_view token, absl::string_view fingerprint);

// Applies AIP-158's page_size rules: 0 means `default_size`, larger than
// `max_size` means `max_size`, negative is INVALID_ARGUMENT.
absl::StatusOr<int> EffectivePageSize(int page_size, int default_size,
                                      int max_size);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_API_PAGE_TOKEN_H_

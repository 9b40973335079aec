#ifndef MESOCLINIC_CORE_BASE_SHA256_H_
#define MESOCLINIC_CORE_BASE_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace mesoclinic {

// SHA-256 of `data`, as 32 raw bytes.
std::string Sha256(absl::string_view data);

// SHA-256 of `data`, as 64 lower-case hex digits.
std::string Sha256Hex(absl::string_view data);

// HMAC-SHA-256 of `data` under `key`, as 32 raw bytes.
std::string HmacSha256(absl::string_view key, absl::string_view data);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_SHA256_H_

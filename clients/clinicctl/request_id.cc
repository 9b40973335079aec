#include "clients/clinicctl/request_id.h"

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace mesoclinic::clinicctl {

std::string NewRequestId() {
  absl::BitGen random;
  const uint64_t high = absl::Uniform<uint64_t>(random);
  const uint64_t low = absl::Uniform<uint64_t>(random);
  // Version 4 and the RFC 4122 variant.
  const uint64_t time_high = ((high & 0xFFF) | 0x4000);
  const uint64_t clock = ((low >> 48) & 0x3FFF) | 0x8000;
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32,
                         (high >> 16) & 0xFFFF, time_high, clock,
                         low & 0xFFFFFFFFFFFF);
}

}  // namespace mesoclinic::clinicctl

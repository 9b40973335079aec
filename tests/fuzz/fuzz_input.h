#ifndef MESOCLINIC_TESTS_FUZZ_FUZZ_INPUT_H_
#define MESOCLINIC_TESTS_FUZZ_FUZZ_INPUT_H_

// How the fuzz targets cut one input into the pieces they need, and how the
// seed generator writes inputs in that layout.
//
// The layout is deliberately simple, so that byte-level mutations keep most
// of an input meaningful: single bytes, little-endian 16-bit numbers, and
// parts made of a 16-bit length and that many bytes. Reading past the end
// gives zeros and empty parts, never an error: every byte string is a valid
// input.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace mesoclinic::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  uint8_t TakeByte() {
    if (rest_.empty()) return 0;
    const uint8_t byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }

  uint16_t TakeUint16() {
    const uint16_t low = TakeByte();
    return static_cast<uint16_t>(low | (TakeByte() << 8));
  }

  // A length, then up to that many bytes (fewer when the input ends first).
  absl::string_view TakePart() {
    const size_t size = std::min<size_t>(TakeUint16(), rest_.size());
    const absl::string_view part = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return part;
  }

  // Everything not taken yet.
  absl::string_view TakeRest() {
    const absl::string_view rest = rest_;
    rest_ = absl::string_view();
    return rest;
  }

 private:
  absl::string_view rest_;
};

// Writes what FuzzInput reads, in the same order.
class FuzzInputWriter {
 public:
  FuzzInputWriter& AddByte(uint8_t byte) {
    bytes_.push_back(static_cast<char>(byte));
    return *this;
  }
  FuzzInputWriter& AddUint16(uint16_t value) {
    AddByte(static_cast<uint8_t>(value & 0xFF));
    return AddByte(static_cast<uint8_t>(value >> 8));
  }
  // Parts longer than 65535 bytes cannot be written; they are cut.
  FuzzInputWriter& AddPart(absl::string_view part) {
    const size_t size = std::min<size_t>(part.size(), 0xFFFF);
    AddUint16(static_cast<uint16_t>(size));
    bytes_.append(part.data(), size);
    return *this;
  }
  FuzzInputWriter& AddRest(absl::string_view rest) {
    bytes_.append(rest.data(), rest.size());
    return *this;
  }

  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

}  // namespace mesoclinic::fuzz

#endif  // MESOCLINIC_TESTS_FUZZ_FUZZ_INPUT_H_

#ifndef MESOCLINIC_CORE_AUTH_ROLE_MATRIX_H_
#define MESOCLINIC_CORE_AUTH_ROLE_MATRIX_H_

// Which roles may call which method: the one place that says so. Deny by
// default: a method the matrix does not name is refused to everyone, so a
// new method is unusable until someone decides who may call it (and a test
// fails until they do). docs/api-guide.md prints the same table.

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::auth {

class RoleMatrix {
 public:
  // The clinic's matrix.
  static RoleMatrix Default();

  // Whether `role` may call `method` ("/clinic.v1.PatientService/GetPatient").
  bool Allows(absl::string_view method, staff::Role role) const;

  // Whether anyone may call `method` without signing in first (SignIn
  // itself): the method checks who is calling on its own.
  bool IsPublic(absl::string_view method) const;

  // Whether the matrix names `method` at all.
  bool Names(absl::string_view method) const;

  // Every method named, sorted.
  std::vector<std::string> Methods() const;

 private:
  // Role bit set per method: bit (1 << role); kPublicBit for a method
  // callable without signing in.
  absl::flat_hash_map<std::string, unsigned> allowed_;
};

}  // namespace mesoclinic::auth

#endif  // MESOCLINIC_CORE_AUTH_ROLE_MATRIX_H_

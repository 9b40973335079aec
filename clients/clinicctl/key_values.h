#ifndef MESOCLINIC_CLIENTS_CLINICCTL_KEY_VALUES_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_KEY_VALUES_H_

// The value of a structured flag: "name=hyaluronic_acid,lot=A12,volume=2",
// as in --product, --outcome, --medication. Keys are checked against the
// ones the flag accepts; values cannot contain commas.

#include <initializer_list>
#include <map>
#include <string>
#include "absl/strings/string_view.h"

namespace mesoclinic::clinicctl {

class KeyValues {
 public:
  // `flag` names the flag in error messages ("--product").
  static KeyValues Parse(absl::string_view text, absl::string_view flag,
                         std::initializer_list<absl::string_view> allowed);

  bool Has(const std::string& key) const { return values_.contains(key); }
  // "" when absent.
  std::string Get(const std::string& key) const;
  // A UsageError when absent.
  std::string Required(const std::string& key) const;
  // 0 when absent; a UsageError when not a number.
  double GetDouble(const std::string& key) const;
  int GetInt(const std::string& key) const;
  // "true", "yes", "1" or "false", "no", "0"; false when absent.
  bool GetBool(const std::string& key) const;

 private:
  std::string flag_;
  std::map<std::string, std::string> values_;
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_KEY_VALUES_H_

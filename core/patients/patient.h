#ifndef MESOCLINIC_CORE_PATIENTS_PATIENT_H_
#define MESOCLINIC_CORE_PATIENTS_PATIENT_H_

// The patient record as the rules see it: plain data, no protobuf, no SQL.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace mesoclinic::patients {

// Values match clinic.v1.Sex.
enum class Sex { kUnspecified = 0, kFemale = 1, kMale = 2, kOther = 3,
                 kUnknown = 4 };

// Values match clinic.v1.PregnancyStatus.
enum class PregnancyStatus {
  kUnspecified = 0,
  kNotPregnant = 1,
  kPregnant = 2,
  kBreastfeeding = 3,
  kUnknown = 4,
};

// Values match clinic.v1.AllergySeverity.
enum class AllergySeverity { kUnspecified = 0, kMild = 1, kModerate = 2,
                             kSevere = 3 };

struct PostalAddress {
  std::string line1;
  std::string line2;
  std::string city;
  std::string region;
  std::string postal_code;
  std::string country_code;
};

struct ContactInfo {
  std::string phone;
  std::string email;
  PostalAddress address;
};

struct EmergencyContact {
  std::string name;
  std::string relationship;
  std::string phone;

  bool empty() const {
    return name.empty() && relationship.empty() && phone.empty();
  }
};

struct Medication {
  std::string name;
  std::string dose;
  bool is_nsaid = false;
  bool is_anticoagulant = false;
  bool ongoing = false;
  std::optional<absl::CivilDay> last_taken;

  friend bool operator==(const Medication&, const Medication&) = default;
};

struct Allergy {
  std::string substance;
  std::string reaction;
  AllergySeverity severity = AllergySeverity::kUnspecified;

  friend bool operator==(const Allergy&, const Allergy&) = default;
};

struct Condition {
  std::string code;
  std::string note;

  friend bool operator==(const Condition&, const Condition&) = default;
};

// The groups of clinical facts whose confirmation is recorded. Values match
// clinic.v1.FactGroup and clinic.plugin.v1.PatientFactGroup.
enum class FactGroup {
  kPregnancyStatus = 1,
  kMedications = 2,
  kAllergies = 3,
  kConditions = 4,
  kBodyMeasurements = 5,
};

inline constexpr FactGroup kAllFactGroups[] = {
    FactGroup::kPregnancyStatus, FactGroup::kMedications,
    FactGroup::kAllergies, FactGroup::kConditions,
    FactGroup::kBodyMeasurements};

// The request field a fact group lives in: "clinical_facts.medications".
absl::string_view FactGroupField(FactGroup group);

// When a group of facts was last confirmed with the patient, and by whom.
struct FactConfirmation {
  absl::Time confirm_time;
  // Staff id; empty for facts recorded before confirmations were kept.
  std::string confirmed_by;

  friend bool operator==(const FactConfirmation&,
                         const FactConfirmation&) = default;
};

struct ClinicalFacts {
  std::vector<Medication> medications;
  std::vector<Allergy> allergies;
  std::vector<Condition> conditions;
  PregnancyStatus pregnancy_status = PregnancyStatus::kUnspecified;
  double height_cm = 0;  // 0: unknown.
  double weight_kg = 0;  // 0: unknown.

  // A group without an entry is unknown, whatever it holds: "no
  // medications" is a fact only once someone confirmed it.
  std::map<FactGroup, FactConfirmation> confirmations;

  // Body-mass index, or 0 when height or weight is unknown.
  double Bmi() const;

  // Whether `group` holds a value that says something by itself: a
  // non-empty list, a pregnancy status, both height and weight. An empty
  // group is known only through a confirmation.
  bool HasValue(FactGroup group) const;

  // Whether `group` holds the same values here and in `other`.
  bool SameValues(FactGroup group, const ClinicalFacts& other) const;
};

struct Patient {
  std::string id;
  std::string given_name;
  std::string family_name;
  absl::CivilDay date_of_birth;
  Sex sex = Sex::kUnspecified;
  ContactInfo contact;
  EmergencyContact emergency_contact;
  ClinicalFacts clinical_facts;
  std::string notes;
  bool archived = false;
  absl::Time create_time;
  absl::Time update_time;
  std::optional<absl::Time> archive_time;
  // Starts at 1 and grows by one with every change; the etag derives from it.
  int64_t revision = 1;

  std::string Etag() const;
};

// The key patients are searched and ordered by: the name lower-cased
// (ASCII letters; other characters are kept as they are).
std::string NameSearchKey(const std::string& name);

}  // namespace mesoclinic::patients

#endif  // MESOCLINIC_CORE_PATIENTS_PATIENT_H_

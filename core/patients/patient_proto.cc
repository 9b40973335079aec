#include "core/patients/patient_proto.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/api/proto_time.h"
#include "core/base/field_rules.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::patients {
namespace {

namespace v1 = ::clinic::v1;

// Proto3 enums accept any number on the wire; only defined values pass.
template <typename DomainEnum>
absl::StatusOr<DomainEnum> EnumFromProto(absl::string_view field, int value,
                                         bool (*is_valid)(int)) {
  if (!is_valid(value)) {
    return FieldError(field, absl::StrCat(value, " is not a defined value"));
  }
  return static_cast<DomainEnum>(value);
}

absl::StatusOr<Medication> MedicationFromProto(const std::string& path,
                                               const v1::Medication& proto) {
  Medication medication{
      .name = proto.name(),
      .dose = proto.dose(),
      .is_nsaid = proto.is_nsaid(),
      .is_anticoagulant = proto.is_anticoagulant(),
      .ongoing = proto.ongoing(),
  };
  ASSIGN_OR_RETURN(medication.last_taken,
                   OptionalDateFromProto(FieldPath(path, "last_taken"),
                                         proto.last_taken()));
  return medication;
}

absl::StatusOr<ClinicalFacts> ClinicalFactsFromProto(
    const v1::ClinicalFacts& proto) {
  constexpr absl::string_view kPath = "patient.clinical_facts";
  ClinicalFacts facts;
  for (int i = 0; i < proto.medications_size(); ++i) {
    ASSIGN_OR_RETURN(
        Medication medication,
        MedicationFromProto(absl::StrCat(kPath, ".medications[", i, "]"),
                            proto.medications(i)));
    facts.medications.push_back(std::move(medication));
  }
  for (int i = 0; i < proto.allergies_size(); ++i) {
    const v1::Allergy& allergy = proto.allergies(i);
    ASSIGN_OR_RETURN(
        const AllergySeverity severity,
        EnumFromProto<AllergySeverity>(
            absl::StrCat(kPath, ".allergies[", i, "].severity"),
            allergy.severity(), v1::AllergySeverity_IsValid));
    facts.allergies.push_back(
        {allergy.substance(), allergy.reaction(), severity});
  }
  for (const v1::Condition& condition : proto.conditions()) {
    facts.conditions.push_back({condition.code(), condition.note()});
  }
  ASSIGN_OR_RETURN(facts.pregnancy_status,
                   EnumFromProto<PregnancyStatus>(
                       FieldPath(kPath, "pregnancy_status"),
                       proto.pregnancy_status(), v1::PregnancyStatus_IsValid));
  facts.height_cm = proto.height_cm();
  facts.weight_kg = proto.weight_kg();
  return facts;
}

}  // namespace

absl::StatusOr<Patient> PatientFromProto(const v1::Patient& proto) {
  Patient patient;
  patient.given_name = proto.given_name();
  patient.family_name = proto.family_name();
  ASSIGN_OR_RETURN(patient.date_of_birth,
                   DateFromProto("patient.date_of_birth",
                                 proto.date_of_birth()));
  ASSIGN_OR_RETURN(patient.sex, EnumFromProto<Sex>("patient.sex", proto.sex(),
                                                   v1::Sex_IsValid));
  const v1::ContactInfo& contact = proto.contact();
  patient.contact.phone = contact.phone();
  patient.contact.email = contact.email();
  patient.contact.address = {contact.address().line1(),
                             contact.address().line2(),
                             contact.address().city(),
                             contact.address().region(),
                             contact.address().postal_code(),
                             contact.address().country_code()};
  patient.emergency_contact = {proto.emergency_contact().name(),
                               proto.emergency_contact().relationship(),
                               proto.emergency_contact().phone()};
  ASSIGN_OR_RETURN(patient.clinical_facts,
                   ClinicalFactsFromProto(proto.clinical_facts()));
  patient.notes = proto.notes();
  return patient;
}

v1::Patient PatientToProto(const Patient& patient) {
  v1::Patient proto;
  proto.set_name(ResourceName("patients", patient.id));
  proto.set_given_name(patient.given_name);
  proto.set_family_name(patient.family_name);
  *proto.mutable_date_of_birth() = DateToProto(patient.date_of_birth);
  proto.set_sex(static_cast<v1::Sex>(patient.sex));
  v1::ContactInfo& contact = *proto.mutable_contact();
  contact.set_phone(patient.contact.phone);
  contact.set_email(patient.contact.email);
  const PostalAddress& address = patient.contact.address;
  v1::PostalAddress& address_proto = *contact.mutable_address();
  address_proto.set_line1(address.line1);
  address_proto.set_line2(address.line2);
  address_proto.set_city(address.city);
  address_proto.set_region(address.region);
  address_proto.set_postal_code(address.postal_code);
  address_proto.set_country_code(address.country_code);
  if (!patient.emergency_contact.empty()) {
    v1::EmergencyContact& emergency = *proto.mutable_emergency_contact();
    emergency.set_name(patient.emergency_contact.name);
    emergency.set_relationship(patient.emergency_contact.relationship);
    emergency.set_phone(patient.emergency_contact.phone);
  }
  const ClinicalFacts& facts = patient.clinical_facts;
  v1::ClinicalFacts& facts_proto = *proto.mutable_clinical_facts();
  for (const Medication& medication : facts.medications) {
    v1::Medication& m = *facts_proto.add_medications();
    m.set_name(medication.name);
    m.set_dose(medication.dose);
    m.set_is_nsaid(medication.is_nsaid);
    m.set_is_anticoagulant(medication.is_anticoagulant);
    m.set_ongoing(medication.ongoing);
    if (medication.last_taken.has_value()) {
      *m.mutable_last_taken() = DateToProto(*medication.last_taken);
    }
  }
  for (const Allergy& allergy : facts.allergies) {
    v1::Allergy& a = *facts_proto.add_allergies();
    a.set_substance(allergy.substance);
    a.set_reaction(allergy.reaction);
    a.set_severity(static_cast<v1::AllergySeverity>(allergy.severity));
  }
  for (const Condition& condition : facts.conditions) {
    v1::Condition& c = *facts_proto.add_conditions();
    c.set_code(condition.code);
    c.set_note(condition.note);
  }
  facts_proto.set_pregnancy_status(
      static_cast<v1::PregnancyStatus>(facts.pregnancy_status));
  facts_proto.set_height_cm(facts.height_cm);
  facts_proto.set_weight_kg(facts.weight_kg);
  facts_proto.set_bmi(facts.Bmi());
  for (const auto& [group, confirmation] : facts.confirmations) {
    v1::FactConfirmation& c = *facts_proto.add_confirmations();
    c.set_group(static_cast<v1::FactGroup>(group));
    *c.mutable_confirm_time() = TimestampToProto(confirmation.confirm_time);
    if (!confirmation.confirmed_by.empty()) {
      c.set_confirmed_by(ResourceName("staff", confirmation.confirmed_by));
    }
  }
  proto.set_notes(patient.notes);
  proto.set_archived(patient.archived);
  *proto.mutable_create_time() = TimestampToProto(patient.create_time);
  *proto.mutable_update_time() = TimestampToProto(patient.update_time);
  if (patient.archive_time.has_value()) {
    *proto.mutable_archive_time() = TimestampToProto(*patient.archive_time);
  }
  proto.set_etag(patient.Etag());
  return proto;
}

absl::StatusOr<std::vector<FactGroup>> FactGroupsFromProto(
    absl::string_view field,
    const google::protobuf::RepeatedField<int>& groups) {
  // Five groups exist; the API's bound on a list is far above it.
  constexpr std::size_t kMaxEntries = 100;
  RETURN_IF_ERROR(CheckEntryCount(field, groups.size(), kMaxEntries));
  std::vector<FactGroup> result;
  for (int i = 0; i < groups.size(); ++i) {
    const int value = groups.Get(i);
    if (value == v1::FACT_GROUP_UNSPECIFIED) {
      return FieldError(absl::StrCat(field, "[", i, "]"),
                        "a fact group is required, not UNSPECIFIED");
    }
    ASSIGN_OR_RETURN(const FactGroup group,
                     EnumFromProto<FactGroup>(absl::StrCat(field, "[", i, "]"),
                                              value, v1::FactGroup_IsValid));
    if (std::find(result.begin(), result.end(), group) == result.end()) {
      result.push_back(group);
    }
  }
  return result;
}

}  // namespace mesoclinic::patients

#ifndef MESOCLINIC_TESTS_PATIENTS_PATIENT_TEST_DATA_H_
#define MESOCLINIC_TESTS_PATIENTS_PATIENT_TEST_DATA_H_

#include <string>

#include "clinic/v1/patients.pb.h"

namespace mesoclinic::testing {

// A complete, valid patient, every field set.
inline clinic::v1::Patient CompletePatient(const std::string& given = "Amélie",
                                           const std::string& family = "Durand") {
  clinic::v1::Patient patient;
  patient.set_given_name(given);
  patient.set_family_name(family);
  patient.mutable_date_of_birth()->set_year(1985);
  patient.mutable_date_of_birth()->set_month(4);
  patient.mutable_date_of_birth()->set_day(12);
  patient.set_sex(clinic::v1::SEX_FEMALE);
  clinic::v1::ContactInfo& contact = *patient.mutable_contact();
  contact.set_phone("+33 6 12 34 56 78");
  contact.set_email("amelie.durand@example.fr");
  contact.mutable_address()->set_line1("12 rue des Lilas");
  contact.mutable_address()->set_city("Lyon");
  contact.mutable_address()->set_postal_code("69003");
  contact.mutable_address()->set_country_code("FR");
  clinic::v1::EmergencyContact& emergency = *patient.mutable_emergency_contact();
  emergency.set_name("Paul Durand");
  emergency.set_relationship("spouse");
  emergency.set_phone("+33 6 98 76 54 32");
  clinic::v1::ClinicalFacts& facts = *patient.mutable_clinical_facts();
  clinic::v1::Medication& ibuprofen = *facts.add_medications();
  ibuprofen.set_name("ibuprofen");
  ibuprofen.set_dose("400 mg as needed");
  ibuprofen.set_is_nsaid(true);
  ibuprofen.mutable_last_taken()->set_year(2026);
  ibuprofen.mutable_last_taken()->set_month(11);
  ibuprofen.mutable_last_taken()->set_day(1);
  clinic::v1::Medication& levothyroxine = *facts.add_medications();
  levothyroxine.set_name("levothyroxine");
  levothyroxine.set_ongoing(true);
  clinic::v1::Allergy& allergy = *facts.add_allergies();
  allergy.set_substance("lidocaine");
  allergy.set_reaction("hives");
  allergy.set_severity(clinic::v1::ALLERGY_SEVERITY_MODERATE);
  facts.add_conditions()->set_code("hypothyroidism");
  facts.set_pregnancy_status(clinic::v1::PREGNANCY_STATUS_NOT_PREGNANT);
  facts.set_height_cm(165);
  facts.set_weight_kg(60);
  patient.set_notes("Prefers morning appointments.\nBruises easily.");
  return patient;
}

// Every fact group, for confirm_facts: a patient whose facts a practitioner
// has just asked, "none" included.
inline void ConfirmEveryFact(
    google::protobuf::RepeatedField<int>* confirm_facts) {
  for (int group = clinic::v1::FACT_GROUP_PREGNANCY_STATUS;
       group <= clinic::v1::FACT_GROUP_BODY_MEASUREMENTS; ++group) {
    confirm_facts->Add(group);
  }
}

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_PATIENTS_PATIENT_TEST_DATA_H_

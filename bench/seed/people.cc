#include "bench/seed/people.h"

#include <array>
#include <cmath>

#include "absl/random/distributions.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"

namespace mesoclinic::bench {
namespace {

constexpr std::array kFemaleNames = {
    "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie",
    "Laura", "Marie", "Anaïs", "Pauline", "Claire", "Sophie", "Élodie",
    "Céline", "Nathalie", "Isabelle", "Sandrine", "Valérie", "Aurélie",
    "Mathilde", "Lucie", "Charlotte", "Margaux", "Océane", "Amandine",
    "Audrey", "Hélène", "Agnès", "Martine", "Brigitte", "Sylvie", "Nadia",
    "Fatima", "Yasmine", "Zoé", "Alice", "Louise", "Jeanne"};
constexpr std::array kMaleNames = {
    "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre",
    "Kevin", "Romain", "Pierre", "Mathieu", "Sébastien", "Guillaume",
    "Olivier", "Laurent", "Philippe", "Christophe", "Stéphane", "Frédéric",
    "David", "Karim", "Mehdi", "Hugo", "Lucas", "Louis", "Jean", "Marc",
    "Paul", "Éric", "Patrick", "Vincent"};
constexpr std::array kFamilyNames = {
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
    "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy",
    "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
    "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
    "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel",
    "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont",
    "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun",
    "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard",
    "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt",
    "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre",
    "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
    "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
    "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot",
    "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
    "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury",
    "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty",
    "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
    "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider",
    "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien",
    "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
    "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier",
    "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber",
    "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud",
    "Rodriguez", "Guichard", "Gillet", "Étienne", "Grondin", "Poulain",
    "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet",
    "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud",
    "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon",
    "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier", "Carlier",
    "Laporte"};

struct City {
  const char* name;
  const char* region;
  const char* postal_prefix;
};
constexpr std::array kCities = {
    City{"Paris", "Île-de-France", "750"},
    City{"Boulogne-Billancourt", "Île-de-France", "921"},
    City{"Versailles", "Île-de-France", "780"},
    City{"Saint-Denis", "Île-de-France", "932"},
    City{"Lyon", "Auvergne-Rhône-Alpes", "690"},
    City{"Marseille", "Provence-Alpes-Côte d'Azur", "130"},
    City{"Lille", "Hauts-de-France", "590"},
    City{"Nantes", "Pays de la Loire", "440"},
    City{"Bordeaux", "Nouvelle-Aquitaine", "330"},
    City{"Toulouse", "Occitanie", "310"}};
constexpr std::array kStreets = {
    "rue de la République", "avenue Victor Hugo", "rue Pasteur",
    "boulevard Voltaire", "rue des Lilas", "avenue Jean Jaurès",
    "rue du Général Leclerc", "place de la Mairie", "rue de Paris",
    "allée des Tilleuls", "rue Émile Zola", "chemin des Vignes"};
constexpr std::array kRelationships = {"spouse", "partner", "mother",
                                       "father", "sister", "brother",
                                       "friend", "daughter", "son"};

// Medications, allergies and conditions that concern none of the in-tree
// protocols' rules.
struct UnrelatedMedication {
  const char* name;
  const char* dose;
};
constexpr std::array kMedications = {
    UnrelatedMedication{"levothyroxine", "75 µg daily"},
    UnrelatedMedication{"oral contraceptive", "1 tablet daily"},
    UnrelatedMedication{"atorvastatin", "20 mg daily"},
    UnrelatedMedication{"amlodipine", "5 mg daily"},
    UnrelatedMedication{"cetirizine", "10 mg as needed"}};
constexpr std::array kAllergies = {"penicillin", "pollen", "latex",
                                   "nickel", "shellfish", "dust mites"};
constexpr std::array kConditions = {"hypothyroidism", "asthma",
                                    "hypertension", "migraine"};

template <typename Array>
auto Pick(absl::BitGenRef random, const Array& array) {
  return array[absl::Uniform<size_t>(random, 0, array.size())];
}

std::string Digits(absl::BitGenRef random, int count) {
  std::string digits;
  for (int i = 0; i < count; ++i) {
    digits.push_back(static_cast<char>('0' + absl::Uniform(random, 0, 10)));
  }
  return digits;
}

std::string FrenchMobile(absl::BitGenRef random) {
  const std::string digits = Digits(random, 8);
  return absl::StrCat("+33 6 ", digits.substr(0, 2), " ", digits.substr(2, 2),
                      " ", digits.substr(4, 2), " ", digits.substr(6, 2));
}

// "Lefèvre" -> "lefevre" for an e-mail address: ASCII only.
std::string EmailPart(absl::string_view name) {
  std::string part = absl::StrReplaceAll(
      name, {{"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"}, {"É", "e"},
             {"ï", "i"}, {"î", "i"}, {"ô", "o"}, {"à", "a"}, {"â", "a"},
             {"ç", "c"}, {"ü", "u"}, {"û", "u"}, {" ", "-"}, {"'", ""}});
  absl::AsciiStrToLower(&part);
  return part;
}

double RoundTo(double value, double step) {
  return std::round(value / step) * step;
}

}  // namespace

PersonName RandomName(absl::BitGenRef random, patients::Sex sex) {
  return {sex == patients::Sex::kMale ? Pick(random, kMaleNames)
                                      : Pick(random, kFemaleNames),
          Pick(random, kFamilyNames)};
}

patients::Patient RandomPatient(absl::BitGenRef random,
                                const PatientTraits& traits) {
  patients::Patient patient;
  patient.id = traits.id;
  const double female_share = traits.for_cellulite ? 0.92 : 0.6;
  patient.sex = absl::Bernoulli(random, female_share) ? patients::Sex::kFemale
                                                      : patients::Sex::kMale;
  const PersonName name = RandomName(random, patient.sex);
  patient.given_name = name.given;
  patient.family_name = name.family;
  // 18 to 75 at the first session.
  const int age_days = absl::Uniform(random, 18 * 366, 75 * 365);
  patient.date_of_birth = traits.first_session_day - age_days;
  patient.contact.phone = FrenchMobile(random);
  patient.contact.email =
      absl::StrCat(EmailPart(name.given), ".", EmailPart(name.family),
                   absl::Uniform(random, 1, 1000), "@example.fr");
  const City& city = Pick(random, kCities);
  patient.contact.address = {
      .line1 = absl::StrCat(absl::Uniform(random, 1, 180), " ",
                            Pick(random, kStreets)),
      .city = city.name,
      .region = city.region,
      .postal_code = absl::StrCat(city.postal_prefix, Digits(random, 2)),
      .country_code = "FR"};
  if (absl::Bernoulli(random, 0.7)) {
    const PersonName contact = RandomName(
        random, absl::Bernoulli(random, 0.5) ? patients::Sex::kFemale
                                             : patients::Sex::kMale);
    patient.emergency_contact = {
        .name = absl::StrCat(contact.given, " ", contact.family),
        .relationship = Pick(random, kRelationships),
        .phone = FrenchMobile(random)};
  }

  patients::ClinicalFacts& facts = patient.clinical_facts;
  facts.pregnancy_status = patients::PregnancyStatus::kNotPregnant;
  const bool male = patient.sex == patients::Sex::kMale;
  facts.height_cm = RoundTo(
      absl::Gaussian(random, male ? 176.0 : 164.0, 7.0), 1);
  const double bmi = std::clamp(absl::Gaussian(random, 23.5, 3.0), 18.5,
                                traits.for_cellulite ? 29.5 : 34.0);
  facts.weight_kg =
      RoundTo(bmi * (facts.height_cm / 100) * (facts.height_cm / 100), 0.5);
  if (absl::Bernoulli(random, 0.25)) {
    const UnrelatedMedication& medication = Pick(random, kMedications);
    facts.medications.push_back(
        {.name = medication.name, .dose = medication.dose, .ongoing = true});
  }
  if (absl::Bernoulli(random, 0.15)) {
    facts.allergies.push_back({.substance = Pick(random, kAllergies),
                               .reaction = "rash",
                               .severity = patients::AllergySeverity::kMild});
  }
  if (absl::Bernoulli(random, 0.10)) {
    facts.conditions.push_back({.code = Pick(random, kConditions)});
  }
  patient.create_time = traits.create_time;
  patient.update_time = traits.create_time;
  return patient;
}

std::string RandomLicenceNumber(absl::BitGenRef random) {
  return absl::StrCat("RPPS-100", Digits(random, 8));
}

}  // namespace mesoclinic::bench

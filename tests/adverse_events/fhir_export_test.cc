// The FHIR R4 AdverseEvent document, element by element: each Mesoclinic
// value and the R4 code it becomes (the codes as R4 4.0.1 spells them). That
// the documents are valid R4 is fhir_validation_test's part.

#include "core/adverse_events/fhir_export.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clinic/v1/adverse_events.pb.h"
#include "core/adverse_events/adverse_event.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace mesoclinic::adverse_events {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::Struct;
using google::protobuf::Value;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr char kHl7[] = "http://terminology.hl7.org/CodeSystem/";
const absl::Time kReported = absl::FromUnixSeconds(1767225600);  // 2026-01-01.

// What the service stores for a grade-2 bruising reported by staff-3 about
// patient pat-7, recovering and not serious.
AdverseEvent Reported() {
  return {.id = "AE42",
          .patient_id = "PAT7",
          .treatment_type = "cellulite",
          .term = "bruising",
          .onset_time = kReported - absl::Hours(30),
          .awareness_time = kReported - absl::Hours(2),
          .severity_grade = 2,
          .causality_assessed_by = "STAFF3",
          .outcome = Outcome::kRecovering,
          .reporter_id = "STAFF3",
          .create_time = kReported};
}

uint32_t Bits(std::initializer_list<Seriousness> criteria) {
  uint32_t bits = 0;
  for (const Seriousness criterion : criteria) {
    bits |= 1u << static_cast<int>(criterion);
  }
  return bits;
}

Struct Export(const AdverseEvent& event) {
  const std::string json = ToFhirAdverseEvent(event);
  Struct resource;
  const auto status =
      google::protobuf::util::JsonStringToMessage(json, &resource);
  EXPECT_TRUE(status.ok()) << status << "\n" << json;
  return resource;
}

const Value& Field(const Struct& object, const std::string& key) {
  static const Value kMissing;
  const auto it = object.fields().find(key);
  EXPECT_NE(it, object.fields().end()) << key << " is missing";
  return it == object.fields().end() ? kMissing : it->second;
}

const Value& Path(const Struct& object,
                  std::initializer_list<std::string> keys) {
  const Struct* at = &object;
  const Value* value = nullptr;
  for (const std::string& key : keys) {
    value = &Field(*at, key);
    at = &value->struct_value();
  }
  return *value;
}

// Every coding of a CodeableConcept, as (system, code).
std::vector<std::pair<std::string, std::string>> Codings(
    const Value& concept_value) {
  std::vector<std::pair<std::string, std::string>> codings;
  const auto& fields = concept_value.struct_value().fields();
  if (!fields.contains("coding")) return codings;
  for (const Value& coding : fields.at("coding").list_value().values()) {
    codings.emplace_back(Field(coding.struct_value(), "system").string_value(),
                         Field(coding.struct_value(), "code").string_value());
  }
  return codings;
}

// The codings of `element` in the document of Reported() after `change`.
template <typename Change>
std::vector<std::pair<std::string, std::string>> CodingsAfter(
    Change change, const std::string& element) {
  AdverseEvent event = Reported();
  change(event);
  return Codings(Field(Export(event), element));
}

std::pair<std::string, std::string> Hl7(const std::string& code_system,
                                        const std::string& code) {
  return {absl::StrCat(kHl7, code_system), code};
}

const Struct& Suspect(const Struct& resource, int index) {
  return Field(resource, "suspectEntity")
      .list_value()
      .values(index)
      .struct_value();
}

// The causality assessment of the index-th suspect entity.
const Value& SuspectAssessment(const Struct& resource, int index) {
  const Value& causality = Field(Suspect(resource, index), "causality");
  EXPECT_EQ(causality.list_value().values_size(), 1);
  return Field(causality.list_value().values(0).struct_value(), "assessment");
}

TEST(FhirExportTest, HoldsTheIdentityDatesAndPeopleOfTheEvent) {
  const Struct resource = Export(Reported());
  EXPECT_EQ(Field(resource, "resourceType").string_value(), "AdverseEvent");
  EXPECT_EQ(Field(resource, "id").string_value(), "AE42");
  EXPECT_EQ(Path(resource, {"identifier", "value"}).string_value(),
            "adverseEvents/AE42");
  EXPECT_EQ(Field(resource, "actuality").string_value(), "actual");
  EXPECT_EQ(Path(resource, {"subject", "reference"}).string_value(),
            "Patient/PAT7");
  EXPECT_EQ(Path(resource, {"recorder", "reference"}).string_value(),
            "Practitioner/STAFF3");
  EXPECT_EQ(Field(resource, "date").string_value(), "2025-12-30T18:00:00Z");
  EXPECT_EQ(Field(resource, "detected").string_value(), "2025-12-31T22:00:00Z");
  EXPECT_EQ(Field(resource, "recordedDate").string_value(),
            "2026-01-01T00:00:00Z");
}

TEST(FhirExportTest, ElementsComeInR4OrderResourceTypeFirst) {
  AdverseEvent event = Reported();
  event.suspected_products = {{"caffeine", "CAF-9", 0}};
  const std::string json = ToFhirAdverseEvent(event);
  EXPECT_THAT(json, ::testing::StartsWith(
                        "{\n  \"resourceType\": \"AdverseEvent\",\n  \"id\""));
  std::size_t last = 0;
  for (const char* element :
       {"\"contained\"", "\"identifier\"", "\"actuality\"", "\"event\"",
        "\"subject\"", "\"date\"", "\"detected\"", "\"recordedDate\"",
        "\"seriousness\"", "\"severity\"", "\"outcome\"", "\"recorder\"",
        "\"suspectEntity\""}) {
    const std::size_t at = json.find(absl::StrCat("\n  ", element));
    ASSERT_NE(at, std::string::npos) << element;
    EXPECT_GT(at, last) << element;
    last = at;
  }
}

TEST(FhirExportTest, EventCodeIsTheTermWithItsNameOrTheDescription) {
  const Struct resource = Export(Reported());
  EXPECT_THAT(
      Codings(Field(resource, "event")),
      ElementsAre(Pair("urn:mesoclinic:adverse-event-term", "bruising")));
  EXPECT_EQ(Path(resource, {"event", "text"}).string_value(),
            Field(Field(resource, "event")
                      .struct_value()
                      .fields()
                      .at("coding")
                      .list_value()
                      .values(0)
                      .struct_value(),
                  "display")
                .string_value());
  AdverseEvent other = Reported();
  other.term = "other";
  other.description = "Hives on both arms";
  EXPECT_EQ(Path(Export(other), {"event", "text"}).string_value(),
            "Hives on both arms");
}

TEST(FhirExportTest, SeriousnessCodesAreSpelledAsR4Does) {
  EXPECT_THAT(Codings(Field(Export(Reported()), "seriousness")),
              ElementsAre(Hl7("adverse-event-seriousness", "Non-serious")));

  AdverseEvent serious = Reported();
  serious.seriousness = Bits({Seriousness::kHospitalisation});
  EXPECT_THAT(Codings(Field(Export(serious), "seriousness")),
              ElementsAre(Hl7("adverse-event-seriousness", "Serious"),
                          Hl7("adverse-event-seriousness",
                              "SeriousResultsInHospitalization")));
}

TEST(FhirExportTest, EachSeriousnessCriterionHasItsR4CodeAndIsNamedInText) {
  const std::pair<Seriousness, std::string> criteria[] = {
      {Seriousness::kDeath, "SeriousResultsInDeath"},
      {Seriousness::kLifeThreatening, "SeriousIsLifeThreatening"},
      {Seriousness::kHospitalisation, "SeriousResultsInHospitalization"},
      {Seriousness::kDisability, "SeriousResultsInDisability"},
      {Seriousness::kCongenitalAnomaly, "SeriousIsBirthDefect"}};
  for (const auto& [criterion, code] : criteria) {
    EXPECT_THAT(CodingsAfter(
                    [&](AdverseEvent& e) { e.seriousness = Bits({criterion}); },
                    "seriousness"),
                ElementsAre(Hl7("adverse-event-seriousness", "Serious"),
                            Hl7("adverse-event-seriousness", code)))
        << code;
  }
  // R4 has no code for "other medically important": "Serious", and words.
  AdverseEvent event = Reported();
  event.seriousness = Bits(
      {Seriousness::kLifeThreatening, Seriousness::kOtherMedicallyImportant});
  const Struct resource = Export(event);
  EXPECT_THAT(Codings(Field(resource, "seriousness")),
              ElementsAre(Hl7("adverse-event-seriousness", "Serious"),
                          Hl7("adverse-event-seriousness",
                              "SeriousIsLifeThreatening")));
  EXPECT_EQ(Path(resource, {"seriousness", "text"}).string_value(),
            "Serious: Is Life-threatening; Is a medically important event");
}

TEST(FhirExportTest, SeverityFromTheCtcaeGradeKeepsTheGradeInText) {
  const std::pair<int, std::string> severities[] = {{1, "mild"},
                                                    {2, "moderate"},
                                                    {3, "severe"},
                                                    {4, "severe"},
                                                    {5, "severe"}};
  for (const auto& [grade, code] : severities) {
    AdverseEvent event = Reported();
    event.severity_grade = grade;
    const Struct resource = Export(event);
    EXPECT_THAT(Codings(Field(resource, "severity")),
                ElementsAre(Hl7("adverse-event-severity", code)))
        << grade;
    EXPECT_THAT(Path(resource, {"severity", "text"}).string_value(),
                HasSubstr(absl::StrCat("CTCAE grade ", grade, ": ")));
  }
  AdverseEvent event = Reported();
  event.severity_grade = 4;
  EXPECT_EQ(Path(Export(event), {"severity", "text"}).string_value(),
            "CTCAE grade 4: life-threatening");
}

TEST(FhirExportTest, OutcomeCodesAreR4s) {
  const std::pair<Outcome, std::string> outcomes[] = {
      {Outcome::kRecovering, "recovering"},
      {Outcome::kRecovered, "resolved"},
      {Outcome::kRecoveredWithSequelae, "resolvedWithSequelae"},
      {Outcome::kNotRecovered, "ongoing"},
      {Outcome::kFatal, "fatal"},
      {Outcome::kUnknown, "unknown"}};
  for (const auto& [outcome, code] : outcomes) {
    EXPECT_THAT(
        CodingsAfter([&](AdverseEvent& e) { e.outcome = outcome; }, "outcome"),
        ElementsAre(Hl7("adverse-event-outcome", code)))
        << code;
  }
}

TEST(FhirExportTest, SeverityAndOutcomeAreTheCurrentOnesAfterFollowUps) {
  AdverseEvent event = Reported();
  event.follow_ups.push_back(
      {kReported, Outcome::kNotRecovered, 3, "Spreading", "STAFF3"});
  event.follow_ups.push_back(
      {kReported + absl::Hours(1), Outcome::kRecovered, 0, "", "STAFF3"});
  const Struct resource = Export(event);
  EXPECT_THAT(Codings(Field(resource, "severity")),
              ElementsAre(Hl7("adverse-event-severity", "severe")));
  EXPECT_THAT(Codings(Field(resource, "outcome")),
              ElementsAre(Hl7("adverse-event-outcome", "resolved")));
}

TEST(FhirExportTest, SeriousnessAndCausalityAreTheCurrentOnesAfterFollowUps) {
  AdverseEvent event = Reported();
  event.suspected_products = {{"caffeine", "CAF-9", 0}};
  FollowUp upgrade{.time = kReported,
                   .outcome = Outcome::kNotRecovered,
                   .notes = "Admitted for intravenous antibiotics",
                   .recorded_by = "STAFF3"};
  upgrade.seriousness = 1u << static_cast<int>(Seriousness::kHospitalisation);
  upgrade.relatedness = v1::RELATEDNESS_CERTAIN;
  event.follow_ups.push_back(upgrade);
  const Struct resource = Export(event);
  EXPECT_THAT(Codings(Field(resource, "seriousness")),
              ElementsAre(Hl7("adverse-event-seriousness", "Serious"),
                          Hl7("adverse-event-seriousness",
                              "SeriousResultsInHospitalization")));
  EXPECT_THAT(Codings(SuspectAssessment(resource, 0)),
              ElementsAre(Hl7("adverse-event-causality-assess", "Certain")));
}

TEST(FhirExportTest, LotIsTheBatchOfAContainedMedicationTheSuspectReferences) {
  AdverseEvent event = Reported();
  event.suspected_products = {{"caffeine", "CAF-9", 0}, {"l_carnitine", "", 0}};
  const Struct resource = Export(event);
  const auto& contained = Field(resource, "contained").list_value();
  ASSERT_EQ(contained.values_size(), 2);
  for (int i = 0; i < 2; ++i) {
    const Struct& medication = contained.values(i).struct_value();
    EXPECT_EQ(Field(medication, "resourceType").string_value(), "Medication");
    // Each suspect points at its own contained Medication.
    EXPECT_EQ(
        Path(Suspect(resource, i), {"instance", "reference"}).string_value(),
        absl::StrCat("#", Field(medication, "id").string_value()));
  }
  const Struct& with_lot = contained.values(0).struct_value();
  EXPECT_EQ(Path(with_lot, {"code", "text"}).string_value(), "caffeine");
  EXPECT_EQ(Path(with_lot, {"batch", "lotNumber"}).string_value(), "CAF-9");
  EXPECT_EQ(Path(Suspect(resource, 0), {"instance", "display"}).string_value(),
            "caffeine (lot CAF-9)");
  const Struct& without_lot = contained.values(1).struct_value();
  EXPECT_EQ(Path(without_lot, {"code", "text"}).string_value(), "l_carnitine");
  EXPECT_FALSE(without_lot.fields().contains("batch"));
}

TEST(FhirExportTest, NoSuspectNoSuspectEntityNorContained) {
  const Struct resource = Export(Reported());
  EXPECT_FALSE(resource.fields().contains("suspectEntity"));
  EXPECT_FALSE(resource.fields().contains("contained"));
}

TEST(FhirExportTest, EachWhoUmcCategoryHasItsR4CausalityCode) {
  const std::pair<v1::Relatedness, std::string> categories[] = {
      {v1::RELATEDNESS_CERTAIN, "Certain"},
      {v1::RELATEDNESS_PROBABLE, "Probably-Likely"},
      {v1::RELATEDNESS_POSSIBLE, "Possible"},
      {v1::RELATEDNESS_UNLIKELY, "Unlikely"},
      {v1::RELATEDNESS_CONDITIONAL, "Conditional-Classified"},
      {v1::RELATEDNESS_UNASSESSABLE, "Unassessable-Unclassifiable"}};
  for (const auto& [relatedness, code] : categories) {
    AdverseEvent event = Reported();
    event.suspected_products = {{"caffeine", "", relatedness}};
    EXPECT_THAT(Codings(SuspectAssessment(Export(event), 0)),
                ElementsAre(Hl7("adverse-event-causality-assess", code)))
        << code;
  }
  // "Unrelated" is not WHO-UMC's, and R4 has no code for it: words only.
  AdverseEvent event = Reported();
  event.suspected_products = {{"caffeine", "", v1::RELATEDNESS_UNRELATED}};
  const Struct resource = Export(event);
  const Value& unrelated = SuspectAssessment(resource, 0);
  EXPECT_THAT(Codings(unrelated), ::testing::IsEmpty());
  EXPECT_EQ(Field(unrelated.struct_value(), "text").string_value(),
            "Unrelated");
}

TEST(FhirExportTest, EventCausalityAppliesToEverySuspectWithoutItsOwn) {
  // The session's products carry no relatedness of their own: the
  // practitioner's "probable" for the event is theirs too.
  AdverseEvent event = Reported();
  event.relatedness = v1::RELATEDNESS_PROBABLE;
  event.suspected_products = {
      {"caffeine", "CAF-9", 0},
      {"l_carnitine", "LC-1", v1::RELATEDNESS_POSSIBLE}};
  const Struct resource = Export(event);
  EXPECT_THAT(
      Codings(SuspectAssessment(resource, 0)),
      ElementsAre(Hl7("adverse-event-causality-assess", "Probably-Likely")));
  // A product's own assessment wins over the event's.
  EXPECT_THAT(Codings(SuspectAssessment(resource, 1)),
              ElementsAre(Hl7("adverse-event-causality-assess", "Possible")));
}

TEST(FhirExportTest, CausalityNamesItsMethodAndAuthor) {
  AdverseEvent event = Reported();
  event.relatedness = v1::RELATEDNESS_POSSIBLE;
  event.suspected_products = {{"caffeine", "", 0}};
  const Struct resource = Export(event);
  const Struct& causality = Field(Suspect(resource, 0), "causality")
                                .list_value()
                                .values(0)
                                .struct_value();
  // WHO-UMC is not among R4's causality method codes: text.
  EXPECT_THAT(Codings(Field(causality, "method")), ::testing::IsEmpty());
  EXPECT_THAT(Path(causality, {"method", "text"}).string_value(),
              HasSubstr("WHO-UMC"));
  EXPECT_EQ(Path(causality, {"author", "reference"}).string_value(),
            "Practitioner/STAFF3");
}

TEST(FhirExportTest, ASuspectNobodyAssessedHasNoCausality) {
  // Not assessed is not "unassessable": no causality rather than a wrong one.
  AdverseEvent event = Reported();
  event.suspected_products = {{"caffeine", "CAF-9", 0}};
  EXPECT_FALSE(Suspect(Export(event), 0).fields().contains("causality"));
}

}  // namespace
}  // namespace mesoclinic::adverse_events

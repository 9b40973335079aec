#include "core/adverse_events/fhir_export.h"

#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clinic/v1/adverse_events.pb.h"
#include "core/plugin_host/adverse_event_terms.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace mesoclinic::adverse_events {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::Value;

constexpr char kSeveritySystem[] =
    "http://terminology.hl7.org/CodeSystem/adverse-event-severity";
constexpr char kSeriousnessSystem[] =
    "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";
constexpr char kOutcomeSystem[] =
    "http://terminology.hl7.org/CodeSystem/adverse-event-outcome";
constexpr char kCausalitySystem[] =
    "http://terminology.hl7.org/CodeSystem/adverse-event-causality-assess";
constexpr char kTermSystem[] = "urn:mesoclinic:adverse-event-term";
// R4's adverse-event-causality-method codes (ProbabilityScale, Bayesian,
// Checklist) name no expert-judgement method, so WHO-UMC goes as text.
constexpr char kCausalityMethod[] =
    "WHO-UMC system for standardised case causality assessment";

// ---------------------------------------------------------------------------
// JSON building blocks.

Value Text(absl::string_view text) {
  Value value;
  value.set_string_value(std::string(text));
  return value;
}

Value Object(std::initializer_list<std::pair<const char*, Value>> fields) {
  Value value;
  value.mutable_struct_value();
  for (const auto& [key, field] : fields) {
    (*value.mutable_struct_value()->mutable_fields())[key] = field;
  }
  return value;
}

void Put(Value& object, const char* key, Value field) {
  (*object.mutable_struct_value()->mutable_fields())[key] = std::move(field);
}

Value Array(std::vector<Value> items) {
  Value value;
  value.mutable_list_value();
  for (Value& item : items) {
    *value.mutable_list_value()->add_values() = std::move(item);
  }
  return value;
}

// A code of a code system, with the display the code system gives it.
struct Code {
  absl::string_view code;
  absl::string_view display;
};

Value Coding(absl::string_view system, Code code) {
  return Object({{"system", Text(system)},
                 {"code", Text(code.code)},
                 {"display", Text(code.display)}});
}

// A CodeableConcept: codings of one concept, and optionally its words. FHIR
// forbids empty arrays and strings, so neither is written empty.
Value Concept(std::vector<Value> codings, absl::string_view text = "") {
  Value concept_value = Object({});
  if (!codings.empty()) Put(concept_value, "coding", Array(std::move(codings)));
  if (!text.empty()) Put(concept_value, "text", Text(text));
  return concept_value;
}

// A resource's top-level elements, in order. JSON objects are unordered,
// but a reader (or a diff) finds resourceType first and R4's order easier,
// and a Struct would print them in hash order.
using Elements = std::vector<std::pair<std::string, Value>>;

std::string PrintResource(const Elements& elements) {
  std::string json = "{";
  for (const auto& [key, value] : elements) {
    std::string printed;
    // A Value always prints, so the status carries nothing to act on.
    static_cast<void>(
        google::protobuf::util::MessageToJsonString(value, &printed));
    absl::StrAppend(&json, json.size() > 1 ? ",\n  \"" : "\n  \"", key,
                    "\": ", printed);
  }
  return absl::StrCat(json, "\n}\n");
}

Value Reference(absl::string_view type, absl::string_view id) {
  return Object({{"reference", Text(absl::StrCat(type, "/", id))}});
}

std::string DateTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// ---------------------------------------------------------------------------
// One function per vocabulary: each maps one of Mesoclinic's enums onto its
// R4 code system, and is the one place to extend when the enum grows.

// An ICH E2A criterion as the R4 code refining "Serious"; an empty code
// where R4 has none (it has no "other medically important").
Code SeriousnessCriterionCode(Seriousness criterion) {
  switch (criterion) {
    case Seriousness::kDeath:
      return {"SeriousResultsInDeath", "Results in death"};
    case Seriousness::kLifeThreatening:
      return {"SeriousIsLifeThreatening", "Is Life-threatening"};
    case Seriousness::kHospitalisation:
      return {"SeriousResultsInHospitalization",
              "Requires or prolongs inpatient hospitalization"};
    case Seriousness::kDisability:
      return {"SeriousResultsInDisability",
              "Results in persistent or significant disability/incapacity"};
    case Seriousness::kCongenitalAnomaly:
      return {"SeriousIsBirthDefect", "Is a congenital anomaly/birth defect"};
    case Seriousness::kOtherMedicallyImportant:
      break;
  }
  return {"", "Is a medically important event"};
}

// A CTCAE grade as R4's severity, and the grade's own words (R4 has three
// levels: grades 3, 4 and 5 are all "severe", the words keep which).
// nullopt for a grade outside 1 to 5, which a report never has.
std::optional<std::pair<Code, absl::string_view>> SeverityForGrade(int grade) {
  switch (grade) {
    case 1:
      return std::make_pair(Code{"mild", "Mild"}, "mild");
    case 2:
      return std::make_pair(Code{"moderate", "Moderate"}, "moderate");
    case 3:
      return std::make_pair(Code{"severe", "Severe"},
                            "severe or medically significant");
    case 4:
      return std::make_pair(Code{"severe", "Severe"}, "life-threatening");
    case 5:
      return std::make_pair(Code{"severe", "Severe"},
                            "death related to the event");
  }
  return std::nullopt;
}

Code OutcomeCode(Outcome outcome) {
  switch (outcome) {
    case Outcome::kRecovered:
      return {"resolved", "Resolved"};
    case Outcome::kRecovering:
      return {"recovering", "Recovering"};
    case Outcome::kNotRecovered:
      return {"ongoing", "Ongoing"};
    case Outcome::kRecoveredWithSequelae:
      return {"resolvedWithSequelae", "Resolved with Sequelae"};
    case Outcome::kFatal:
      return {"fatal", "Fatal"};
    case Outcome::kUnknown:
    case Outcome::kUnspecified:
      break;
  }
  return {"unknown", "Unknown"};
}

// A WHO-UMC category (clinic.v1.Relatedness) as R4's causality assessment;
// nullopt when nobody assessed it ("not assessed" is not "unassessable").
std::optional<Value> CausalityAssessment(int relatedness) {
  const auto coded = [](Code code) {
    return Concept({Coding(kCausalitySystem, code)});
  };
  switch (relatedness) {
    case v1::RELATEDNESS_CERTAIN:
      return coded({"Certain", "Certain"});
    case v1::RELATEDNESS_PROBABLE:
      return coded({"Probably-Likely", "Probably/Likely"});
    case v1::RELATEDNESS_POSSIBLE:
      return coded({"Possible", "Possible"});
    case v1::RELATEDNESS_UNLIKELY:
      return coded({"Unlikely", "Unlikely"});
    case v1::RELATEDNESS_CONDITIONAL:
      return coded({"Conditional-Classified", "Conditional/Classified"});
    case v1::RELATEDNESS_UNASSESSABLE:
      return coded(
          {"Unassessable-Unclassifiable", "Unassessable/Unclassifiable"});
    case v1::RELATEDNESS_UNRELATED:
      // Not a WHO-UMC category (migration 0008 moved such rows to unlikely,
      // and new reports cannot use it), so R4 has no code for it.
      return Concept({}, "Unrelated");
    case v1::RELATEDNESS_UNSPECIFIED:
      return std::nullopt;
  }
  // A category this mapping does not know yet: named, never miscoded.
  return Concept({}, v1::Relatedness_IsValid(relatedness)
                         ? v1::Relatedness_Name(relatedness)
                         : absl::StrCat("Relatedness ", relatedness));
}

// ---------------------------------------------------------------------------
// The resource's parts.

Value EventConcept(const AdverseEvent& event) {
  const std::string name = plugin_host::AdverseEventTermName(event.term);
  Value coding =
      Object({{"system", Text(kTermSystem)}, {"code", Text(event.term)}});
  if (!name.empty()) Put(coding, "display", Text(name));
  const std::string& text = !event.description.empty() ? event.description
                            : !name.empty()            ? name
                                                       : event.term;
  return Concept({std::move(coding)}, text);
}

Value SeriousnessConcept(const AdverseEvent& event) {
  if (!event.CurrentlySerious()) {
    return Concept({Coding(kSeriousnessSystem, {"Non-serious", "Non-serious"})},
                   "Non-serious");
  }
  static constexpr Seriousness kCriteria[] = {
      Seriousness::kDeath,
      Seriousness::kLifeThreatening,
      Seriousness::kHospitalisation,
      Seriousness::kDisability,
      Seriousness::kCongenitalAnomaly,
      Seriousness::kOtherMedicallyImportant};
  std::vector<Value> codings = {
      Coding(kSeriousnessSystem, {"Serious", "Serious"})};
  std::vector<absl::string_view> criteria;
  for (const Seriousness criterion : kCriteria) {
    if (!event.CurrentlyHas(criterion)) continue;
    const Code code = SeriousnessCriterionCode(criterion);
    if (!code.code.empty()) codings.push_back(Coding(kSeriousnessSystem, code));
    criteria.push_back(code.display);
  }
  return Concept(std::move(codings),
                 absl::StrCat("Serious: ", absl::StrJoin(criteria, "; ")));
}

std::optional<Value> SeverityConcept(int grade) {
  const auto severity = SeverityForGrade(grade);
  if (!severity.has_value()) return std::nullopt;
  return Concept({Coding(kSeveritySystem, severity->first)},
                 absl::StrCat("CTCAE grade ", grade, ": ", severity->second));
}

// The contained Medication a suspect entity points at: the product by name
// and, when known, the lot it came from.
Value SuspectMedication(const SuspectedProduct& suspect, absl::string_view id) {
  Value medication =
      Object({{"resourceType", Text("Medication")},
              {"id", Text(id)},
              {"code", Object({{"text", Text(suspect.product)}})}});
  if (!suspect.lot_number.empty()) {
    Put(medication, "batch", Object({{"lotNumber", Text(suspect.lot_number)}}));
  }
  return medication;
}

// A suspected product: the contained Medication, and the causality its own
// assessment gives or, when it has none, the event's.
Value SuspectEntity(const AdverseEvent& event, const SuspectedProduct& suspect,
                    absl::string_view medication_id) {
  const std::string display =
      suspect.lot_number.empty()
          ? suspect.product
          : absl::StrCat(suspect.product, " (lot ", suspect.lot_number, ")");
  Value entity =
      Object({{"instance",
               Object({{"reference", Text(absl::StrCat("#", medication_id))},
                       {"display", Text(display)}})}});
  const std::optional<Value> assessment = CausalityAssessment(
      suspect.relatedness != v1::RELATEDNESS_UNSPECIFIED
          ? suspect.relatedness
          : event.CurrentRelatedness());
  if (!assessment.has_value()) return entity;
  Value causality =
      Object({{"assessment", *assessment},
              {"method", Object({{"text", Text(kCausalityMethod)}})}});
  if (!event.causality_assessed_by.empty()) {
    Put(causality, "author",
        Reference("Practitioner", event.causality_assessed_by));
  }
  Put(entity, "causality", Array({std::move(causality)}));
  return entity;
}

}  // namespace

std::string ToFhirAdverseEvent(const AdverseEvent& event) {
  std::vector<Value> medications;
  std::vector<Value> suspects;
  for (const SuspectedProduct& suspect : event.suspected_products) {
    const std::string id = absl::StrCat("suspect-", suspects.size() + 1);
    medications.push_back(SuspectMedication(suspect, id));
    suspects.push_back(SuspectEntity(event, suspect, id));
  }
  // In R4's element order. FHIR forbids empty arrays and strings: an
  // element with nothing to say is left out.
  Elements resource;
  // Room for every element written; without it GCC 12 at -O3 warns of a
  // bound the first emplace_back cannot cross (-Warray-bounds).
  resource.reserve(16);
  resource.emplace_back("resourceType", Text("AdverseEvent"));
  resource.emplace_back("id", Text(event.id));
  if (!suspects.empty()) {
    resource.emplace_back("contained", Array(std::move(medications)));
  }
  resource.emplace_back(
      "identifier",
      Object({{"system", Text("urn:mesoclinic:adverse-event")},
              {"value", Text(absl::StrCat("adverseEvents/", event.id))}}));
  resource.emplace_back("actuality", Text("actual"));
  resource.emplace_back("event", EventConcept(event));
  resource.emplace_back("subject", Reference("Patient", event.patient_id));
  resource.emplace_back("date", Text(DateTime(event.onset_time)));
  resource.emplace_back("detected", Text(DateTime(event.awareness_time)));
  resource.emplace_back("recordedDate", Text(DateTime(event.create_time)));
  resource.emplace_back("seriousness", SeriousnessConcept(event));
  if (std::optional<Value> severity = SeverityConcept(event.CurrentGrade())) {
    resource.emplace_back("severity", *std::move(severity));
  }
  resource.emplace_back(
      "outcome",
      Concept({Coding(kOutcomeSystem, OutcomeCode(event.CurrentOutcome()))}));
  if (!event.reporter_id.empty()) {
    resource.emplace_back("recorder",
                          Reference("Practitioner", event.reporter_id));
  }
  if (!suspects.empty()) {
    resource.emplace_back("suspectEntity", Array(std::move(suspects)));
  }
  return PrintResource(resource);
}

}  // namespace mesoclinic::adverse_events

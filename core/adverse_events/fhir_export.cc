#include "core/adverse_events/fhir_export.h"

#include <initializer_list>
#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace mesoclinic::adverse_events {
namespace {

using google::protobuf::ListValue;
using google::protobuf::Struct;
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

Value Text(absl::string_view text) {
  Value value;
  value.set_string_value(std::string(text));
  return value;
}

Value Object(std::initializer_list<std::pair<const char*, Value>> fields) {
  Value value;
  for (const auto& [key, field] : fields) {
    (*value.mutable_struct_value()->mutable_fields())[key] = field;
  }
  return value;
}

Value Array(std::initializer_list<Value> items) {
  Value value;
  for (const Value& item : items) {
    *value.mutable_list_value()->add_values() = item;
  }
  return value;
}

Value Coding(absl::string_view system, absl::string_view code,
             absl::string_view display) {
  return Object({{"coding", Array({Object({{"system", Text(system)},
                                           {"code", Text(code)},
                                           {"display", Text(display)}})})}});
}

Value Reference(absl::string_view type, absl::string_view id) {
  return Object({{"reference", Text(absl::StrCat(type, "/", id))}});
}

std::string DateTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

Value Severity(int grade) {
  if (grade <= 1) return Coding(kSeveritySystem, "mild", "Mild");
  if (grade == 2) return Coding(kSeveritySystem, "moderate", "Moderate");
  return Coding(kSeveritySystem, "severe", "Severe");
}

Value OutcomeCode(Outcome outcome) {
  switch (outcome) {
    case Outcome::kRecovered:
      return Coding(kOutcomeSystem, "resolved", "Resolved");
    case Outcome::kRecovering:
      return Coding(kOutcomeSystem, "recovering", "Recovering");
    case Outcome::kNotRecovered:
      return Coding(kOutcomeSystem, "ongoing", "Ongoing");
    case Outcome::kRecoveredWithSequelae:
      return Coding(kOutcomeSystem, "resolvedWithSequelae",
                    "Resolved with Sequelae");
    case Outcome::kFatal:
      return Coding(kOutcomeSystem, "fatal", "Fatal");
    case Outcome::kUnknown:
    case Outcome::kUnspecified:
      break;
  }
  return Coding(kOutcomeSystem, "unknown", "Unknown");
}

// WHO-UMC relatedness as the HL7 causality assessment; "unrelated" has no
// code there and is given as text.
Value Causality(int relatedness) {
  switch (relatedness) {
    case 5:
      return Coding(kCausalitySystem, "Certain", "Certain");
    case 4:
      return Coding(kCausalitySystem, "Probably-Likely", "Probably/Likely");
    case 3:
      return Coding(kCausalitySystem, "Possible", "Possible");
    case 2:
      return Coding(kCausalitySystem, "Unlikely", "Unlikely");
    case 1:
      return Object({{"text", Text("Unrelated")}});
  }
  return Coding(kCausalitySystem, "Unassessable-Unclassifiable",
                "Unassessable/Unclassifiable");
}

}  // namespace

std::string ToFhirAdverseEvent(const AdverseEvent& event) {
  Value suspects;
  suspects.mutable_list_value();
  for (const SuspectedProduct& suspect : event.suspected_products) {
    const std::string display =
        suspect.lot_number.empty()
            ? suspect.product
            : absl::StrCat(suspect.product, " (lot ", suspect.lot_number, ")");
    Value causality = Object({{"assessment", Causality(suspect.relatedness)}});
    if (!event.causality_assessed_by.empty()) {
      (*causality.mutable_struct_value()->mutable_fields())["author"] =
          Reference("Practitioner", event.causality_assessed_by);
    }
    *suspects.mutable_list_value()->add_values() =
        Object({{"instance", Object({{"display", Text(display)}})},
                {"causality", Array({causality})}});
  }
  Value resource = Object({
      {"resourceType", Text("AdverseEvent")},
      {"id", Text(event.id)},
      {"identifier", Object({{"system", Text("urn:mesoclinic:adverse-event")},
                             {"value", Text(absl::StrCat("adverseEvents/",
                                                         event.id))}})},
      {"actuality", Text("actual")},
      {"event",
       Object({{"coding", Array({Object({{"system", Text(kTermSystem)},
                                         {"code", Text(event.term)}})})},
               {"text", Text(event.description.empty() ? event.term
                                                       : event.description)}})},
      {"subject", Reference("Patient", event.patient_id)},
      {"date", Text(DateTime(event.onset_time))},
      {"detected", Text(DateTime(event.awareness_time))},
      {"recordedDate", Text(DateTime(event.create_time))},
      {"recorder", Reference("Practitioner", event.reporter_id)},
      {"seriousness",
       event.serious() ? Coding(kSeriousnessSystem, "serious", "Serious")
                       : Coding(kSeriousnessSystem, "non-serious",
                                "Non-serious")},
      {"severity", Severity(event.CurrentGrade())},
      {"outcome", OutcomeCode(event.CurrentOutcome())},
  });
  if (!event.suspected_products.empty()) {
    (*resource.mutable_struct_value()->mutable_fields())["suspectEntity"] =
        suspects;
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  // A Struct always prints, so the status carries nothing to act on.
  static_cast<void>(google::protobuf::util::MessageToJsonString(
      resource.struct_value(), &json, options));
  return json;
}

}  // namespace mesoclinic::adverse_events

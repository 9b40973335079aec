// ExportAdverseEvent's documents checked by validators that are not ours:
// events reported through the real service, exported, written to files and
// run through tests/fhir_validator (Medplum's and FHIR.js's R4 validators,
// installed by scripts/setup.sh). A broken document must fail there too,
// or a passing run would prove nothing.

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::Struct;
using ::testing::HasSubstr;

struct ValidatorRun {
  int exit_code = -1;
  std::string output;
};

// Runs the validator harness on `files`.
ValidatorRun RunValidator(const std::vector<std::string>& files) {
  std::string command =
      absl::StrCat("'", MESOCLINIC_NODE, "' '", MESOCLINIC_FHIR_VALIDATOR, "'");
  for (const std::string& file : files)
    absl::StrAppend(&command, " '", file, "'");
  absl::StrAppend(&command, " 2>&1");
  ValidatorRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
    run.output += buffer;
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class FhirValidationTest : public AdverseEventTest {
 protected:
  void SetUp() override {
    AdverseEventTest::SetUp();
    // CI installs node and the validator (scripts/setup.sh): missing, they
    // fail the test rather than skip it, or the check would quietly vanish.
    ASSERT_TRUE(std::filesystem::exists(MESOCLINIC_NODE))
        << "node (" << MESOCLINIC_NODE << ") is needed: run scripts/setup.sh";
    ASSERT_TRUE(std::filesystem::exists(
        std::filesystem::path(MESOCLINIC_FHIR_VALIDATOR).parent_path() /
        "node_modules"))
        << "the FHIR validator is not installed: run scripts/setup.sh "
           "(npm ci in tests/fhir_validator)";
  }

  static std::string Export(const std::string& name) {
    v1::ExportAdverseEventRequest request;
    request.set_name(name);
    v1::ExportAdverseEventResponse response;
    const grpc::Status status = Events()->ExportAdverseEvent(
        ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.fhir_json();
  }

  // Writes `json` as the file `name` of the temporary folder.
  std::string Write(const std::string& name, const std::string& json) {
    const std::string path = folder_.File(name);
    std::ofstream(path) << json;
    return path;
  }

  // A report not tied to a session, with everything the grid varies.
  static v1::AdverseEvent Varied(
      const std::string& patient, const std::string& term, int grade,
      v1::EventOutcome outcome, v1::Relatedness relatedness,
      const std::vector<v1::SeriousnessCriterion>& criteria) {
    v1::AdverseEvent event = Minimal(patient);
    event.set_term(term);
    if (term == "other") event.set_description("Hives on both arms");
    event.set_severity_grade(grade);
    event.set_outcome(outcome);
    event.set_relatedness(relatedness);
    for (const v1::SeriousnessCriterion criterion : criteria) {
      event.add_seriousness(criterion);
    }
    return event;
  }

  TempDir folder_;
};

void AddSuspect(v1::AdverseEvent& event, const std::string& product,
                const std::string& lot,
                v1::Relatedness relatedness = v1::RELATEDNESS_UNSPECIFIED) {
  v1::SuspectedProduct& suspect = *event.add_suspected_products();
  suspect.set_product(product);
  suspect.set_lot_number(lot);
  suspect.set_relatedness(relatedness);
}

// A serious event after a session, its products (and lot) the session's.
v1::AdverseEvent AfterSession(const v1::Session& session) {
  v1::AdverseEvent event;
  event.set_patient(session.patient());
  event.set_session(session.name());
  event.set_term("bacterial_infection");
  event.set_severity_grade(3);
  event.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
  event.set_relatedness(v1::RELATEDNESS_PROBABLE);
  event.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  const absl::Time now = absl::Now();
  *event.mutable_onset_time() = TimestampToProto(now);
  *event.mutable_awareness_time() = TimestampToProto(now);
  return event;
}

// The exported document as JSON objects, to read or break.
Struct Parse(const std::string& json) {
  Struct resource;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &resource).ok())
      << json;
  return resource;
}

std::string Print(const Struct& resource) {
  std::string json;
  EXPECT_TRUE(
      google::protobuf::util::MessageToJsonString(resource, &json).ok());
  return json;
}

TEST_F(FhirValidationTest, SessionProductsCarryTheEventsCausality) {
  const Cast cast = NewCast();
  const std::string lot = absl::StrCat("CAF-FHIR-", NextRequestId());
  const std::vector<v1::Session> sessions = TreatNow({cast}, {Record(lot)});
  if (sessions.empty()) FAIL() << "no session fits before the clinic's midnight";
  const std::string name =
      ReportOk(AfterSession(sessions[0])).adverse_event().name();
  const std::string json = Export(name);
  // The practitioner's "probable", not "Unassessable-Unclassifiable"; the
  // session's lot on the contained Medication.
  EXPECT_THAT(json, HasSubstr("\"Probably-Likely\""));
  EXPECT_THAT(json, ::testing::Not(HasSubstr("Unassessable")));
  const Struct resource = Parse(json);
  ASSERT_TRUE(resource.fields().contains("contained")) << json;
  const Struct& medication =
      resource.fields().at("contained").list_value().values(0).struct_value();
  EXPECT_EQ(medication.fields()
                .at("batch")
                .struct_value()
                .fields()
                .at("lotNumber")
                .string_value(),
            lot);
  const ValidatorRun run = RunValidator({Write("after_session.json", json)});
  EXPECT_EQ(run.exit_code, 0) << run.output << json;
}

TEST_F(FhirValidationTest, ExportedEventsPassAnIndependentR4Validator) {
  const Cast cast = NewCast();
  // Every outcome, grade and causality, serious or not, with and without
  // suspected products and lots.
  std::vector<v1::AdverseEvent> events = {
      Varied(cast.patient, "bruising", 1, v1::EVENT_OUTCOME_RECOVERING,
             v1::RELATEDNESS_UNSPECIFIED, {}),
      Varied(cast.patient, "redness", 2, v1::EVENT_OUTCOME_RECOVERED,
             v1::RELATEDNESS_CONDITIONAL, {}),
      Varied(cast.patient, "scarring", 3,
             v1::EVENT_OUTCOME_RECOVERED_WITH_SEQUELAE,
             v1::RELATEDNESS_UNLIKELY, {v1::SERIOUSNESS_CRITERION_DISABILITY}),
      Varied(cast.patient, "necrosis", 4, v1::EVENT_OUTCOME_NOT_RECOVERED,
             v1::RELATEDNESS_POSSIBLE,
             {v1::SERIOUSNESS_CRITERION_LIFE_THREATENING,
              v1::SERIOUSNESS_CRITERION_OTHER_MEDICALLY_IMPORTANT}),
      Varied(cast.patient, "other", 2, v1::EVENT_OUTCOME_UNKNOWN,
             v1::RELATEDNESS_CERTAIN,
             {v1::SERIOUSNESS_CRITERION_HOSPITALISATION,
              v1::SERIOUSNESS_CRITERION_CONGENITAL_ANOMALY}),
      Varied(cast.patient, "bacterial_infection", 5, v1::EVENT_OUTCOME_FATAL,
             v1::RELATEDNESS_PROBABLE, {v1::SERIOUSNESS_CRITERION_DEATH}),
  };
  AddSuspect(events[1], "caffeine", "", v1::RELATEDNESS_UNASSESSABLE);
  AddSuspect(events[2], "caffeine", "CAF-V-2");
  AddSuspect(events[3], "caffeine", "CAF-V-3");
  AddSuspect(events[3], "l_carnitine", "LC-V-3", v1::RELATEDNESS_CERTAIN);
  AddSuspect(events[4], "caffeine", "CAF-V-4", v1::RELATEDNESS_UNLIKELY);
  AddSuspect(events[5], "caffeine", "CAF-V-5");
  std::vector<std::string> names;
  for (const v1::AdverseEvent& event : events) {
    names.push_back(ReportOk(event).adverse_event().name());
  }
  // A follow-up: the document is the current state.
  v1::AddFollowUpRequest follow_up;
  follow_up.set_adverse_event(names[0]);
  *follow_up.mutable_follow_up()->mutable_time() =
      TimestampToProto(absl::Now());
  follow_up.mutable_follow_up()->set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  follow_up.mutable_follow_up()->set_severity_grade(3);
  follow_up.set_request_id(NextRequestId());
  v1::AddFollowUpResponse followed;
  ASSERT_TRUE(
      Events()
          ->AddFollowUp(ContextWithDeadline().get(), follow_up, &followed)
          .ok());

  std::vector<std::string> files;
  for (std::size_t i = 0; i < names.size(); ++i) {
    files.push_back(Write(absl::StrCat("event", i, ".json"), Export(names[i])));
  }
  const ValidatorRun run = RunValidator(files);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("6 resources valid FHIR R4"));
}

// The first coding of a CodeableConcept element, to change its code.
Struct& FirstCoding(Struct& resource, const std::string& element) {
  return *(*resource.mutable_fields())[element]
              .mutable_struct_value()
              ->mutable_fields()
              ->at("coding")
              .mutable_list_value()
              ->mutable_values(0)
              ->mutable_struct_value();
}

TEST_F(FhirValidationTest, TheValidatorCatchesABrokenResource) {
  const Cast cast = NewCast();
  v1::AdverseEvent event = Varied(
      cast.patient, "bruising", 2, v1::EVENT_OUTCOME_RECOVERING,
      v1::RELATEDNESS_POSSIBLE, {v1::SERIOUSNESS_CRITERION_HOSPITALISATION});
  AddSuspect(event, "caffeine", "CAF-BROKEN");
  const Struct exported = Parse(Export(ReportOk(event).adverse_event().name()));

  // Seriousness in the case R4 does not spell it.
  Struct lower_case = exported;
  (*FirstCoding(lower_case, "seriousness").mutable_fields())["code"]
      .set_string_value("serious");
  // The required actuality missing.
  Struct no_actuality = exported;
  no_actuality.mutable_fields()->erase("actuality");
  // A severity outside R4's required value set.
  Struct bad_severity = exported;
  (*FirstCoding(bad_severity, "severity").mutable_fields())["code"]
      .set_string_value("life-threatening");
  // The lot under a name Medication does not have.
  Struct bad_lot = exported;
  Struct& medication = *(*bad_lot.mutable_fields())["contained"]
                            .mutable_list_value()
                            ->mutable_values(0)
                            ->mutable_struct_value();
  Struct& batch =
      *(*medication.mutable_fields())["batch"].mutable_struct_value();
  (*batch.mutable_fields())["lot"] = batch.fields().at("lotNumber");
  batch.mutable_fields()->erase("lotNumber");

  const std::pair<std::string, const Struct*> broken[] = {
      {"lower_case.json", &lower_case},
      {"no_actuality.json", &no_actuality},
      {"bad_severity.json", &bad_severity},
      {"bad_lot.json", &bad_lot}};
  std::vector<std::string> files;
  for (const auto& [name, resource] : broken) {
    files.push_back(Write(name, Print(*resource)));
  }
  const ValidatorRun run = RunValidator(files);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  for (const auto& [name, resource] : broken) {
    EXPECT_THAT(run.output, HasSubstr(absl::StrCat(name, ": ["))) << name;
  }
  // The same document unbroken passes: the failures above are the breaks'.
  const ValidatorRun control =
      RunValidator({Write("control.json", Print(exported))});
  EXPECT_EQ(control.exit_code, 0) << control.output;
}

}  // namespace
}  // namespace mesoclinic::testing

// ReportAdverseEvent through a real channel: every field rule, the
// defaults taken from the session, the plugin's assessment, the append-only
// history of follow-ups and the FHIR export.

#include <functional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class AdverseEventReportTest : public AdverseEventTest {};

TEST_F(AdverseEventReportTest, EveryFieldRuleNamesTheField) {
  const Cast cast = NewCast();
  const std::string patient = cast.patient;
  const std::string other_patient = CreatePatient();
  // A session tomorrow, so that an onset now precedes it.
  const v1::Session tomorrow = BookOk(cast, At(Today() + 1, 10));
  v1::Session others;
  {
    Cast other = NewCast();
    ASSERT_TRUE(Book(other, At(Today() + 1, 10), &others).ok());
  }

  struct Bad {
    std::string field;
    std::string rule;
    std::function<void(v1::AdverseEvent&)> spoil;
  };
  const Bad bad[] = {
      {"adverse_event.term", "'levitation' is not in the adverse-event",
       [](v1::AdverseEvent& e) { e.set_term("levitation"); }},
      {"adverse_event.term", "",
       [](v1::AdverseEvent& e) { e.clear_term(); }},
      {"adverse_event.description", "must not be empty",
       [](v1::AdverseEvent& e) { e.set_term("other"); }},
      {"adverse_event.severity_grade", "from 1 to 5",
       [](v1::AdverseEvent& e) { e.set_severity_grade(0); }},
      {"adverse_event.severity_grade", "from 1 to 5",
       [](v1::AdverseEvent& e) { e.set_severity_grade(6); }},
      {"adverse_event.onset_time", "must not be in the future",
       [](v1::AdverseEvent& e) {
         *e.mutable_onset_time() =
             TimestampToProto(absl::Now() + absl::Hours(2));
         *e.mutable_awareness_time() =
             TimestampToProto(absl::Now() + absl::Hours(2));
       }},
      {"adverse_event.onset_time", "is required",
       [](v1::AdverseEvent& e) { e.clear_onset_time(); }},
      {"adverse_event.awareness_time", "must not be in the future",
       [](v1::AdverseEvent& e) {
         *e.mutable_awareness_time() =
             TimestampToProto(absl::Now() + absl::Hours(2));
       }},
      {"adverse_event.awareness_time", "must not be before onset_time",
       [](v1::AdverseEvent& e) {
         *e.mutable_awareness_time() =
             TimestampToProto(absl::Now() - absl::Hours(3));
       }},
      {"adverse_event.outcome", "is required",
       [](v1::AdverseEvent& e) { e.clear_outcome(); }},
      {"adverse_event.outcome", "go together",
       [](v1::AdverseEvent& e) { e.set_outcome(v1::EVENT_OUTCOME_FATAL); }},
      {"adverse_event.outcome", "go together",
       [](v1::AdverseEvent& e) { e.set_severity_grade(5); }},
      {"adverse_event.outcome", "is not a defined value",
       [](v1::AdverseEvent& e) {
         e.set_outcome(static_cast<v1::EventOutcome>(42));
       }},
      {"adverse_event.relatedness", "is not a defined value",
       [](v1::AdverseEvent& e) {
         e.set_relatedness(static_cast<v1::Relatedness>(9));
       }},
      {"adverse_event.action_taken", "is not a defined value",
       [](v1::AdverseEvent& e) {
         e.set_action_taken(static_cast<v1::ActionTaken>(99));
       }},
      {"adverse_event.seriousness[0]", "is not a seriousness criterion",
       [](v1::AdverseEvent& e) {
         e.add_seriousness(v1::SERIOUSNESS_CRITERION_UNSPECIFIED);
       }},
      {"adverse_event.seriousness[1]", "is not a seriousness criterion",
       [](v1::AdverseEvent& e) {
         e.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
         e.add_seriousness(static_cast<v1::SeriousnessCriterion>(17));
       }},
      {"adverse_event.suspected_products[0].relatedness",
       "is not a defined value",
       [](v1::AdverseEvent& e) {
         v1::SuspectedProduct& p = *e.add_suspected_products();
         p.set_product("caffeine");
         p.set_relatedness(static_cast<v1::Relatedness>(8));
       }},
      {"adverse_event.suspected_products[0].product", "must not be empty",
       [](v1::AdverseEvent& e) {
         e.add_suspected_products()->set_lot_number("L1");
       }},
      {"adverse_event.body_site", "",
       [](v1::AdverseEvent& e) { e.set_body_site(std::string(101, 'x')); }},
      {"adverse_event.patient", "",
       [](v1::AdverseEvent& e) { e.set_patient("nobody"); }},
      {"adverse_event.session", "is a session of another patient",
       [&](v1::AdverseEvent& e) { e.set_session(others.name()); }},
      {"adverse_event.session", "",
       [](v1::AdverseEvent& e) { e.set_session("meetings/1"); }},
      {"adverse_event.onset_time", "must not be before the session started",
       [&](v1::AdverseEvent& e) { e.set_session(tomorrow.name()); }},
      {"adverse_event.treatment_type", "",
       [](v1::AdverseEvent& e) { e.clear_treatment_type(); }},
      {"adverse_event.causality_assessed_by", "",
       [](v1::AdverseEvent& e) { e.set_causality_assessed_by("someone"); }},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(absl::StrCat(b.field, " / ", b.rule));
    v1::AdverseEvent event = Minimal(patient);
    b.spoil(event);
    const grpc::Status status = Report(event);
    EXPECT_THAT(status, FailsWith(StatusCode::INVALID_ARGUMENT,
                                  absl::StrCat(b.field, ": ")));
    EXPECT_THAT(status.error_message(), HasSubstr(b.rule));
  }

  // What does not exist.
  v1::AdverseEvent unknown = Minimal("patients/does-not-exist");
  EXPECT_THAT(Report(unknown),
              FailsWith(StatusCode::NOT_FOUND, "patients/does-not-exist"));
  unknown = Minimal(patient);
  unknown.set_session("sessions/does-not-exist");
  EXPECT_THAT(Report(unknown),
              FailsWith(StatusCode::NOT_FOUND, "sessions/does-not-exist"));
  unknown = Minimal(patient);
  unknown.set_treatment_type("treatmentTypes/tattoo_removal");
  EXPECT_THAT(Report(unknown),
              FailsWith(StatusCode::NOT_FOUND, "treatmentTypes/tattoo_removal"));
  unknown = Minimal(patient);
  unknown.set_causality_assessed_by("staff/nobody");
  EXPECT_EQ(Report(unknown).error_code(), StatusCode::NOT_FOUND);

  // Nothing refused was stored.
  v1::ListAdverseEventsRequest list;
  list.set_patient(patient);
  EXPECT_THAT(Names(ListAll(list)), IsEmpty());
  list.set_patient(other_patient);
  EXPECT_THAT(Names(ListAll(list)), IsEmpty());

  // "other" with a description is fine, and not expected by any plugin.
  v1::AdverseEvent other = Minimal(patient);
  other.set_term("other");
  other.set_description("Hives on both forearms");
  const v1::AdverseEvent reported = ReportOk(other).adverse_event();
  EXPECT_EQ(reported.term(), "other");
  EXPECT_EQ(reported.description(), "Hives on both forearms");
  EXPECT_FALSE(reported.expected());
}

TEST_F(AdverseEventReportTest, ReportRecordsWhoAndDefaultsToTheSessionsProductsAndLots) {
  const Cast cast = NewCast();
  v1::TreatmentRecord record = Record("CAF-DEF-1");
  v1::ProductUse& carnitine = *record.add_products();
  carnitine = record.products(0);
  carnitine.set_product("l_carnitine");
  carnitine.set_lot_number("LC-DEF-2");
  carnitine.set_volume_ml(1);
  const std::vector<v1::Session> sessions = TreatNow({cast}, {record});
  if (sessions.empty()) FAIL() << "no session fits before the clinic's midnight";
  const v1::Session& session = sessions[0];

  v1::AdverseEvent event = Minimal(cast.patient);
  event.clear_treatment_type();  // Taken from the session.
  event.set_session(session.name());
  *event.mutable_onset_time() = TimestampToProto(absl::Now());
  *event.mutable_awareness_time() = TimestampToProto(absl::Now());
  const v1::ReportAdverseEventResponse response = ReportOk(event);
  const v1::AdverseEvent& reported = response.adverse_event();
  EXPECT_THAT(reported.name(), ::testing::StartsWith("adverseEvents/"));
  EXPECT_EQ(reported.patient(), cast.patient);
  EXPECT_EQ(reported.session(), session.name());
  EXPECT_EQ(reported.treatment_type(), kCellulite);
  EXPECT_EQ(reported.reporter(), StaffName(staff::Role::kPractitioner));
  EXPECT_EQ(reported.causality_assessed_by(),
            StaffName(staff::Role::kPractitioner));
  ASSERT_EQ(reported.suspected_products_size(), 2);
  EXPECT_EQ(reported.suspected_products(0).product(), "caffeine");
  EXPECT_EQ(reported.suspected_products(0).lot_number(), "CAF-DEF-1");
  EXPECT_EQ(reported.suspected_products(1).product(), "l_carnitine");
  EXPECT_EQ(reported.suspected_products(1).lot_number(), "LC-DEF-2");
  EXPECT_FALSE(reported.serious());
  EXPECT_EQ(reported.current_outcome(), v1::EVENT_OUTCOME_RECOVERING);
  EXPECT_EQ(reported.current_severity_grade(), 1);
  EXPECT_TRUE(reported.has_create_time());
  EXPECT_FALSE(reported.has_expedited_report_due_time());
  // Bruising on the day of a cellulite session is expected; grade 1:
  // continue.
  EXPECT_TRUE(reported.expected());
  EXPECT_EQ(reported.recommended_action(), "RECOMMENDED_ACTION_CONTINUE");
  EXPECT_THAT(reported.assessment_rationale(), HasSubstr("expected after"));
  EXPECT_THAT(response.suspended_courses(), IsEmpty());
  // Stored as returned.
  const v1::AdverseEvent stored = GetEvent(reported.name());
  EXPECT_EQ(stored.suspected_products_size(), 2);
  EXPECT_EQ(stored.suspected_products(1).lot_number(), "LC-DEF-2");
  EXPECT_EQ(stored.session(), session.name());
  EXPECT_TRUE(stored.expected());

  // Suspected products named in the report replace the session's.
  v1::AdverseEvent named = event;
  v1::SuspectedProduct& suspect = *named.add_suspected_products();
  suspect.set_product("caffeine");
  suspect.set_lot_number("CAF-OTHER");
  suspect.set_relatedness(v1::RELATEDNESS_POSSIBLE);
  const v1::AdverseEvent explicit_products = ReportOk(named).adverse_event();
  ASSERT_EQ(explicit_products.suspected_products_size(), 1);
  EXPECT_EQ(explicit_products.suspected_products(0).lot_number(), "CAF-OTHER");
  EXPECT_EQ(explicit_products.suspected_products(0).relatedness(),
            v1::RELATEDNESS_POSSIBLE);

  // The treatment type is the session's.
  v1::AdverseEvent other_type = event;
  other_type.set_treatment_type(kHairLoss);
  EXPECT_THAT(Report(other_type),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "adverse_event.treatment_type: differs from the "
                        "session's treatment type"));
  // It may be given when it is the session's.
  v1::AdverseEvent same_type = event;
  same_type.set_treatment_type(kCellulite);
  EXPECT_TRUE(Report(same_type).ok());

  // Necrosis is always sent to urgent care.
  v1::AdverseEvent necrosis = event;
  necrosis.set_term("necrosis");
  necrosis.set_severity_grade(3);
  necrosis.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  const v1::AdverseEvent urgent = ReportOk(necrosis).adverse_event();
  EXPECT_EQ(urgent.recommended_action(), "RECOMMENDED_ACTION_URGENT_CARE");
  EXPECT_THAT(urgent.assessment_rationale(), HasSubstr("urgent care"));
  // The common mesotherapy protocol lists necrosis from day 0 to 14, but
  // only up to grade 2: grade 3 is more severe than listed (ICH E2A).
  EXPECT_FALSE(urgent.expected());
  // A term the protocol does not list at that delay is unexpected too: a
  // granuloma (expected from day 14) on the session's day.
  v1::AdverseEvent granuloma = event;
  granuloma.set_term("granuloma");
  granuloma.set_severity_grade(2);
  const v1::AdverseEvent unexpected = ReportOk(granuloma).adverse_event();
  EXPECT_FALSE(unexpected.expected());
  EXPECT_THAT(unexpected.assessment_rationale(), HasSubstr("not expected"));
  EXPECT_EQ(unexpected.recommended_action(),
            "RECOMMENDED_ACTION_STOP_TREATMENT");
}

TEST_F(AdverseEventReportTest, ARetriedReportIsRecordedOnce) {
  const std::string patient = CreatePatient();
  v1::ReportAdverseEventRequest request;
  *request.mutable_adverse_event() = Minimal(patient);
  request.set_request_id(NextRequestId());
  v1::ReportAdverseEventResponse first, again;
  ASSERT_TRUE(Events()
                  ->ReportAdverseEvent(ContextWithDeadline().get(), request,
                                       &first)
                  .ok());
  ASSERT_TRUE(Events()
                  ->ReportAdverseEvent(ContextWithDeadline().get(), request,
                                       &again)
                  .ok());
  EXPECT_EQ(again.adverse_event().name(), first.adverse_event().name());
  v1::ListAdverseEventsRequest list;
  list.set_patient(patient);
  EXPECT_THAT(Names(ListAll(list)), ::testing::ElementsAre(
                                        first.adverse_event().name()));
  // The same request_id for another report is refused.
  request.mutable_adverse_event()->set_severity_grade(2);
  EXPECT_THAT(Events()->ReportAdverseEvent(ContextWithDeadline().get(), request,
                                           &again),
              FailsWith(StatusCode::ALREADY_EXISTS,
                        "request_id: was already used for a different "
                        "request"));
}

TEST_F(AdverseEventReportTest, FollowUpsAreAppendedAndReportsNeverEdited) {
  const Cast cast = NewCast();
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_severity_grade(2);
  event.set_term("swelling");
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();
  const absl::Time onset = FromProto(reported.onset_time());

  // The API has no way to edit or delete a report: only appends.
  const google::protobuf::ServiceDescriptor* service =
      v1::AdverseEvent::descriptor()->file()->FindServiceByName(
          "AdverseEventService");
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string method = service->method(i)->name();
    EXPECT_EQ(method.find("Update"), std::string::npos) << method;
    EXPECT_EQ(method.find("Delete"), std::string::npos) << method;
    EXPECT_EQ(method.find("Edit"), std::string::npos) << method;
  }

  const auto add = [&](const v1::FollowUp& follow_up,
                       v1::AddFollowUpResponse* out = nullptr) {
    v1::AddFollowUpRequest request;
    request.set_adverse_event(reported.name());
    *request.mutable_follow_up() = follow_up;
    request.set_request_id(NextRequestId());
    v1::AddFollowUpResponse ignored;
    return Events()->AddFollowUp(ContextWithDeadline().get(), request,
                                 out != nullptr ? out : &ignored);
  };
  v1::FollowUp worse;
  *worse.mutable_time() = TimestampToProto(onset + absl::Minutes(20));
  worse.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  worse.set_severity_grade(3);
  worse.set_notes("Swelling spreading to the knee.");
  v1::AddFollowUpResponse first;
  ASSERT_TRUE(add(worse, &first).ok());
  EXPECT_EQ(first.adverse_event().follow_ups_size(), 1);
  EXPECT_EQ(first.adverse_event().current_severity_grade(), 3);

  v1::FollowUp better;
  *better.mutable_time() = TimestampToProto(onset + absl::Minutes(40));
  better.set_outcome(v1::EVENT_OUTCOME_RECOVERED);
  better.set_notes("Resolved with cold packs.");
  ASSERT_TRUE(add(better).ok());

  // Refused follow-ups, each naming its field.
  v1::FollowUp bad = better;
  *bad.mutable_time() = TimestampToProto(onset - absl::Minutes(1));
  EXPECT_THAT(add(bad), FailsWith(StatusCode::INVALID_ARGUMENT,
                                  "follow_up.time: must not be before"));
  bad = better;
  *bad.mutable_time() = TimestampToProto(absl::Now() + absl::Hours(1));
  EXPECT_THAT(add(bad), FailsWith(StatusCode::INVALID_ARGUMENT,
                                  "follow_up.time: must not be in the future"));
  bad = better;
  bad.clear_outcome();
  EXPECT_THAT(add(bad),
              FailsWith(StatusCode::INVALID_ARGUMENT, "follow_up.outcome"));
  bad = better;
  bad.set_outcome(static_cast<v1::EventOutcome>(77));
  EXPECT_THAT(add(bad), FailsWith(StatusCode::INVALID_ARGUMENT,
                                  "follow_up.outcome: 77 is not a defined"));
  bad = better;
  bad.set_severity_grade(6);
  EXPECT_THAT(add(bad), FailsWith(StatusCode::INVALID_ARGUMENT,
                                  "follow_up.severity_grade"));
  v1::AddFollowUpRequest missing;
  missing.set_adverse_event("adverseEvents/does-not-exist");
  *missing.mutable_follow_up() = better;
  missing.set_request_id(NextRequestId());
  v1::AddFollowUpResponse ignored;
  EXPECT_THAT(Events()->AddFollowUp(ContextWithDeadline().get(), missing,
                                    &ignored),
              FailsWith(StatusCode::NOT_FOUND, "adverseEvents/does-not-exist"));

  // The report as first made, with its whole history and the state now.
  const v1::AdverseEvent now = GetEvent(reported.name());
  EXPECT_EQ(now.severity_grade(), 2);
  EXPECT_EQ(now.outcome(), v1::EVENT_OUTCOME_RECOVERING);
  EXPECT_EQ(now.term(), "swelling");
  ASSERT_EQ(now.follow_ups_size(), 2);
  EXPECT_EQ(now.follow_ups(0).outcome(), v1::EVENT_OUTCOME_NOT_RECOVERED);
  EXPECT_EQ(now.follow_ups(0).severity_grade(), 3);
  EXPECT_EQ(now.follow_ups(0).notes(), "Swelling spreading to the knee.");
  EXPECT_EQ(now.follow_ups(0).recorded_by(),
            StaffName(staff::Role::kPractitioner));
  EXPECT_EQ(FromProto(now.follow_ups(0).time()), onset + absl::Minutes(20));
  EXPECT_EQ(now.follow_ups(1).outcome(), v1::EVENT_OUTCOME_RECOVERED);
  EXPECT_EQ(now.follow_ups(1).severity_grade(), 0);
  EXPECT_EQ(now.current_outcome(), v1::EVENT_OUTCOME_RECOVERED);
  EXPECT_EQ(now.current_severity_grade(), 3);

  v1::GetAdverseEventRequest get;
  get.set_name("adverseEvents/does-not-exist");
  v1::GetAdverseEventResponse got;
  EXPECT_THAT(Events()->GetAdverseEvent(ContextWithDeadline().get(), get, &got),
              FailsWith(StatusCode::NOT_FOUND, "adverseEvents/does-not-exist"));
  get.set_name("sessions/x");
  EXPECT_THAT(Events()->GetAdverseEvent(ContextWithDeadline().get(), get, &got),
              FailsWith(StatusCode::INVALID_ARGUMENT, "name"));
}

TEST_F(AdverseEventReportTest, ExportIsAFhirAdverseEvent) {
  const Cast cast = NewCast();
  v1::AdverseEvent event = Minimal(cast.patient);
  event.set_term("bacterial_infection");
  event.set_severity_grade(3);
  event.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
  event.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  v1::SuspectedProduct& suspect = *event.add_suspected_products();
  suspect.set_product("caffeine");
  suspect.set_lot_number("CAF-FHIR-1");
  suspect.set_relatedness(v1::RELATEDNESS_PROBABLE);
  const v1::AdverseEvent reported = ReportOk(event).adverse_event();

  v1::ExportAdverseEventRequest request;
  request.set_name(reported.name());
  v1::ExportAdverseEventResponse response;
  const grpc::Status status = Events()->ExportAdverseEvent(
      ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  google::protobuf::Struct resource;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(response.fhir_json(),
                                                          &resource)
                  .ok())
      << response.fhir_json();
  const auto& f = resource.fields();
  const auto text = [&](const std::string& key) {
    return f.count(key) ? f.at(key).string_value() : "<missing>";
  };
  const auto coding = [&](const std::string& key) -> std::string {
    if (!f.count(key)) return "<missing>";
    const auto& codings = f.at(key).struct_value().fields();
    // The first coding: a serious event's criteria follow "Serious".
    if (!codings.count("coding") ||
        codings.at("coding").list_value().values_size() < 1) {
      return "<no coding>";
    }
    const auto& c =
        codings.at("coding").list_value().values(0).struct_value().fields();
    return absl::StrCat(c.at("system").string_value(), "|",
                        c.at("code").string_value());
  };
  const std::string id =
      reported.name().substr(std::string("adverseEvents/").size());
  const std::string patient_id =
      cast.patient.substr(std::string("patients/").size());
  EXPECT_EQ(text("resourceType"), "AdverseEvent");
  EXPECT_EQ(text("id"), id);
  EXPECT_EQ(text("actuality"), "actual");
  ASSERT_TRUE(f.count("subject"));
  EXPECT_EQ(f.at("subject").struct_value().fields().at("reference").string_value(),
            absl::StrCat("Patient/", patient_id));
  EXPECT_EQ(coding("seriousness"),
            "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness|"
            "Serious");
  EXPECT_EQ(coding("severity"),
            "http://terminology.hl7.org/CodeSystem/adverse-event-severity|"
            "severe");
  EXPECT_EQ(coding("outcome"),
            "http://terminology.hl7.org/CodeSystem/adverse-event-outcome|"
            "ongoing");
  EXPECT_EQ(coding("event"),
            "urn:mesoclinic:adverse-event-term|bacterial_infection");
  ASSERT_TRUE(f.count("suspectEntity"));
  const auto& suspects = f.at("suspectEntity").list_value();
  ASSERT_EQ(suspects.values_size(), 1);
  EXPECT_THAT(suspects.values(0)
                  .struct_value()
                  .fields()
                  .at("instance")
                  .struct_value()
                  .fields()
                  .at("display")
                  .string_value(),
              HasSubstr("CAF-FHIR-1"));
  EXPECT_EQ(text("date"),
            absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                             FromProto(reported.onset_time()),
                             absl::UTCTimeZone()));

  request.set_name("adverseEvents/does-not-exist");
  EXPECT_THAT(Events()->ExportAdverseEvent(ContextWithDeadline().get(), request,
                                           &response),
              FailsWith(StatusCode::NOT_FOUND, "adverseEvents/does-not-exist"));
}

}  // namespace
}  // namespace mesoclinic::testing

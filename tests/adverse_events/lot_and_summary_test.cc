// Through a real channel: tracing a product lot across patients, the
// safety summary with its clusters, the post-session follow-up tasks, and
// who may call the adverse-event methods.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"
#include "tests/support/page_walk.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// An event with its onset now, after `session`.
v1::AdverseEvent After(const v1::Session& session, const std::string& term,
                       int grade) {
  v1::AdverseEvent event;
  event.set_patient(session.patient());
  event.set_session(session.name());
  event.set_term(term);
  event.set_severity_grade(grade);
  const absl::Time now = absl::Now();
  *event.mutable_onset_time() = TimestampToProto(now);
  *event.mutable_awareness_time() = TimestampToProto(now);
  event.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
  return event;
}

class LotTraceTest : public AdverseEventTest {
 protected:
  static grpc::Status Trace(const std::string& product, const std::string& lot,
                            v1::TraceLotResponse* response) {
    v1::TraceLotRequest request;
    request.set_product(product);
    request.set_lot_number(lot);
    return Events()->TraceLot(ContextWithDeadline().get(), request, response);
  }
};

TEST_F(LotTraceTest, EveryPatientAndSessionThatReceivedALot) {
  const std::string lot = absl::StrCat("CAF-RECALL-", NextRequestId());
  const std::string other_lot = absl::StrCat("CAF-OK-", NextRequestId());
  const std::vector<Cast> casts = {NewCast(), NewCast(), NewCast()};
  const std::vector<v1::Session> sessions = TreatNow(
      casts, {Record(lot, 2.5), Record(lot, 1.5), Record(other_lot, 3)});
  if (sessions.empty()) FAIL() << "no session fits before the clinic's midnight";

  // The first patient's event follows the session (its lot by default);
  // the second's names the lot without a session; the third's is another
  // lot's.
  const std::string first = ReportOk(After(sessions[0], "bacterial_infection", 2))
                                .adverse_event()
                                .name();
  v1::AdverseEvent named = Minimal(casts[1].patient);
  v1::SuspectedProduct& suspect = *named.add_suspected_products();
  suspect.set_product("caffeine");
  suspect.set_lot_number(lot);
  const std::string second = ReportOk(named).adverse_event().name();
  const std::string third =
      ReportOk(After(sessions[2], "redness", 1)).adverse_event().name();

  v1::TraceLotResponse trace;
  ASSERT_TRUE(Trace("caffeine", lot, &trace).ok());
  EXPECT_EQ(trace.patient_count(), 2);
  ASSERT_EQ(trace.uses_size(), 2);
  // Both sessions started at the same moment: in either order.
  const std::string volumes[] = {"2.5", "1.5"};
  const std::string events[] = {first, second};
  std::vector<std::string> seen;
  for (const v1::LotUse& use : trace.uses()) {
    int i = use.session() == sessions[0].name() ? 0 : 1;
    SCOPED_TRACE(i);
    seen.push_back(use.session());
    EXPECT_EQ(use.session(), sessions[i].name());
    EXPECT_EQ(use.patient(), casts[i].patient);
    EXPECT_EQ(use.practitioner(), casts[i].practitioner);
    EXPECT_EQ(FromProto(use.session_time()),
              FromProto(sessions[i].start_time()));
    EXPECT_EQ(use.area(), "thighs");
    EXPECT_EQ(absl::StrCat(use.volume_ml()), volumes[i]);
    EXPECT_THAT(use.adverse_events(), ElementsAre(events[i]));
  }
  EXPECT_THAT(seen, ::testing::UnorderedElementsAre(sessions[0].name(),
                                                    sessions[1].name()));

  // The product without regard to case.
  v1::TraceLotResponse upper;
  ASSERT_TRUE(Trace("Caffeine", lot, &upper).ok());
  EXPECT_EQ(upper.uses_size(), 2);

  v1::TraceLotResponse other;
  ASSERT_TRUE(Trace("caffeine", other_lot, &other).ok());
  EXPECT_EQ(other.patient_count(), 1);
  ASSERT_EQ(other.uses_size(), 1);
  EXPECT_EQ(other.uses(0).patient(), casts[2].patient);
  EXPECT_THAT(other.uses(0).adverse_events(), ElementsAre(third));

  // Another product of the same lot number is another lot.
  v1::TraceLotResponse none;
  ASSERT_TRUE(Trace("l_carnitine", lot, &none).ok());
  EXPECT_EQ(none.uses_size(), 0);
  EXPECT_EQ(none.patient_count(), 0);
  ASSERT_TRUE(Trace("caffeine", "NEVER-USED", &none).ok());
  EXPECT_EQ(none.uses_size(), 0);

  EXPECT_THAT(Trace("", lot, &none),
              FailsWith(StatusCode::INVALID_ARGUMENT, "product"));
  EXPECT_THAT(Trace("caffeine", "", &none),
              FailsWith(StatusCode::INVALID_ARGUMENT, "lot_number"));
}

TEST_F(LotTraceTest, PagesHoldEveryUseOnceInOrder) {
  const std::string lot = absl::StrCat("CAF-PAGED-", NextRequestId());
  const std::vector<Cast> casts = {NewCast(), NewCast(), NewCast()};
  const std::vector<v1::Session> sessions =
      TreatNow(casts, {Record(lot), Record(lot), Record(lot)});
  if (sessions.empty()) FAIL() << "no session fits before the clinic's midnight";

  const PageFetcher<v1::TraceLotRequest> fetch =
      CallFetcher<v1::TraceLotRequest, v1::TraceLotResponse>(
          [](grpc::ClientContext* context, const auto& page, auto* out) {
            return Events()->TraceLot(context, page, out);
          },
          "session");
  v1::TraceLotRequest request;
  request.set_product("caffeine");
  request.set_lot_number(lot);
  // A page of one counts the lot's patients, not the page's.
  v1::TraceLotRequest first = request;
  first.set_page_size(1);
  v1::TraceLotResponse one;
  ASSERT_TRUE(
      Events()->TraceLot(ContextWithDeadline().get(), first, &one).ok());
  EXPECT_EQ(one.uses_size(), 1);
  EXPECT_EQ(one.patient_count(), 3);
  const std::vector<std::string> all = WalkPages(request, 1000, fetch);
  EXPECT_THAT(all, ::testing::UnorderedElementsAre(
                       sessions[0].name(), sessions[1].name(),
                       sessions[2].name()));
  ExpectSmallPagesGive(request, fetch, all);

  // Another lot's trace, or another listing: refused.
  const std::string token = SecondPageToken(request, fetch);
  v1::TraceLotRequest other = request;
  other.set_lot_number(absl::StrCat(lot, "-B"));
  other.set_page_token(token);
  v1::TraceLotResponse refused;
  EXPECT_TRUE(RefusesPageToken(
      Events()->TraceLot(ContextWithDeadline().get(), other, &refused)));
  v1::ListAdverseEventsRequest events;
  events.set_page_token(token);
  v1::ListAdverseEventsResponse listed;
  EXPECT_TRUE(RefusesPageToken(Events()->ListAdverseEvents(
      ContextWithDeadline().get(), events, &listed)));
}

// Its own server (each suite starts one), so that the counts are this
// test's alone.
class SafetySummaryTest : public AdverseEventTest {
 protected:
  static grpc::Status Summary(const std::string& type, absl::Time from,
                              absl::Time to,
                              v1::GetSafetySummaryResponse* response) {
    v1::GetSafetySummaryRequest request;
    request.set_treatment_type(type);
    *request.mutable_start_time() = TimestampToProto(from);
    *request.mutable_end_time() = TimestampToProto(to);
    return Events()->GetSafetySummary(ContextWithDeadline().get(), request,
                                      response);
  }
};

TEST_F(SafetySummaryTest, RatesByTermAndGradeSeriousEventsAndClusters) {
  const std::vector<Cast> casts = {NewCast(), NewCast(), NewCast(), NewCast()};
  const std::vector<v1::Session> sessions =
      TreatNow(casts, {Record("LOT-S"), Record("LOT-S"), Record("LOT-T"),
                       Record("LOT-T")});
  if (sessions.empty()) FAIL() << "no session fits before the clinic's midnight";

  // Three events after the first practitioner's session (lot LOT-S), one
  // after the second's (LOT-S too), one after the third's (LOT-T).
  const std::string e1 =
      ReportOk(After(sessions[0], "bruising", 1)).adverse_event().name();
  const std::string e2 =
      ReportOk(After(sessions[1], "bruising", 1)).adverse_event().name();
  const std::string e3 =
      ReportOk(After(sessions[0], "swelling", 2)).adverse_event().name();
  v1::AdverseEvent serious = After(sessions[0], "bacterial_infection", 3);
  serious.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
  serious.set_relatedness(v1::RELATEDNESS_PROBABLE);
  serious.set_outcome(v1::EVENT_OUTCOME_NOT_RECOVERED);
  const std::string e4 = ReportOk(serious).adverse_event().name();
  const std::string e5 =
      ReportOk(After(sessions[2], "redness", 1)).adverse_event().name();
  // Another treatment's event is not counted.
  v1::AdverseEvent hair = Minimal(casts[3].patient);
  hair.set_treatment_type(kHairLoss);
  *hair.mutable_onset_time() = TimestampToProto(absl::Now());
  *hair.mutable_awareness_time() = TimestampToProto(absl::Now());
  ReportOk(hair);

  const absl::Time from = absl::Now() - absl::Hours(1);
  const absl::Time to = absl::Now() + absl::Hours(1);
  v1::GetSafetySummaryResponse summary;
  ASSERT_TRUE(Summary(kCellulite, from, to, &summary).ok());
  EXPECT_EQ(summary.sessions_performed(), 4);
  EXPECT_EQ(summary.adverse_events(), 5);
  EXPECT_THAT(summary.events_per_100_sessions(), DoubleEq(125));
  ASSERT_EQ(summary.by_term_and_grade_size(), 4);
  const auto term = [&](int i) {
    const v1::TermCount& t = summary.by_term_and_grade(i);
    return absl::StrCat(t.term(), "/", t.severity_grade(), ": ", t.events(),
                        " = ", t.per_100_sessions());
  };
  EXPECT_EQ(term(0), "bacterial_infection/3: 1 = 25");
  EXPECT_EQ(term(1), "bruising/1: 2 = 50");
  EXPECT_EQ(term(2), "redness/1: 1 = 25");
  EXPECT_EQ(term(3), "swelling/2: 1 = 25");
  EXPECT_THAT(summary.serious_events(), ElementsAre(e4));

  // LOT-S: four events within 30 days; the first practitioner: three
  // within 14 days. LOT-T has one event only.
  ASSERT_EQ(summary.clusters_size(), 2);
  const v1::EventCluster& lot = summary.clusters(0);
  EXPECT_EQ(lot.kind(), "lot");
  EXPECT_EQ(lot.key(), "LOT-S");
  EXPECT_THAT(lot.adverse_events(), ElementsAre(e1, e2, e3, e4));
  EXPECT_LE(FromProto(lot.first_onset()), FromProto(lot.last_onset()));
  const v1::EventCluster& practitioner = summary.clusters(1);
  EXPECT_EQ(practitioner.kind(), "practitioner");
  EXPECT_EQ(practitioner.key(), casts[0].practitioner);
  EXPECT_THAT(practitioner.adverse_events(), ElementsAre(e1, e3, e4));
  (void)e5;

  // Another period: nothing.
  v1::GetSafetySummaryResponse empty;
  ASSERT_TRUE(Summary(kCellulite, from - absl::Hours(48), from - absl::Hours(24),
                      &empty)
                  .ok());
  EXPECT_EQ(empty.sessions_performed(), 0);
  EXPECT_EQ(empty.adverse_events(), 0);
  EXPECT_THAT(empty.events_per_100_sessions(), DoubleEq(0));
  EXPECT_EQ(empty.clusters_size(), 0);
  // Another treatment: its own event, no session.
  ASSERT_TRUE(Summary(kHairLoss, from, to, &empty).ok());
  EXPECT_EQ(empty.sessions_performed(), 0);
  EXPECT_EQ(empty.adverse_events(), 1);

  EXPECT_THAT(Summary(kCellulite, to, from, &empty),
              FailsWith(StatusCode::INVALID_ARGUMENT, "end_time"));
  EXPECT_THAT(Summary(kCellulite, from, from + absl::Hours(24 * 366 * 6),
                      &empty),
              FailsWith(StatusCode::INVALID_ARGUMENT, "end_time"));
  EXPECT_THAT(Summary("treatmentTypes/tattoo_removal", from, to, &empty),
              FailsWith(StatusCode::NOT_FOUND, "tattoo_removal"));
  v1::GetSafetySummaryRequest no_period;
  no_period.set_treatment_type(kCellulite);
  EXPECT_THAT(Events()->GetSafetySummary(ContextWithDeadline().get(), no_period,
                                         &empty),
              FailsWith(StatusCode::INVALID_ARGUMENT, "start_time"));
}

class FollowUpTaskTest : public AdverseEventTest {
 protected:
  static std::vector<v1::FollowUpTask> Tasks(v1::ListFollowUpTasksRequest request,
                                             int page_size = 100) {
    std::vector<v1::FollowUpTask> tasks;
    request.set_page_size(page_size);
    for (int page = 0; page < 50; ++page) {
      v1::ListFollowUpTasksResponse response;
      const grpc::Status status = Events()->ListFollowUpTasks(
          ContextWithDeadline().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      EXPECT_LE(response.tasks_size(), page_size);
      tasks.insert(tasks.end(), response.tasks().begin(), response.tasks().end());
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return tasks;
  }

  static grpc::Status CompleteTask(const std::string& name,
                                   const std::string& note,
                                   v1::FollowUpTask* out = nullptr) {
    v1::CompleteFollowUpTaskRequest request;
    request.set_name(name);
    request.set_note(note);
    request.set_request_id(NextRequestId());
    v1::CompleteFollowUpTaskResponse response;
    const grpc::Status status = Events()->CompleteFollowUpTask(
        ContextWithDeadline().get(), request, &response);
    if (out != nullptr) *out = response.task();
    return status;
  }
};

TEST_F(FollowUpTaskTest, ACompletedSessionGetsTheProtocolsChecks) {
  const Cast cast = NewCast();
  const Cast colleague = NewCast();
  // Completing needs no wait: no event is reported here.
  const absl::Time start =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now())) +
      absl::Minutes(2);
  if (absl::ToCivilDay(start + absl::Hours(1), ClinicZone()) != Today()) {
    FAIL() << "no session fits before the clinic's midnight";
  }
  std::vector<v1::Session> sessions;
  for (const Cast& c : {cast, colleague}) {
    v1::Session session;
    ASSERT_TRUE(Book(c, start, &session).ok());
    // A booked session has no tasks yet.
    v1::ListFollowUpTasksRequest mine;
    mine.set_practitioner(c.practitioner);
    EXPECT_EQ(Tasks(mine).size(), 0u);
    ASSERT_TRUE(CheckIn(session.name()).ok());
    const grpc::Status completed = Complete(session.name(), Record("CAF-FU"));
    ASSERT_TRUE(completed.ok()) << completed.error_message();
    sessions.push_back(session);
  }
  const absl::Time session_start = FromProto(sessions[0].start_time());

  v1::ListFollowUpTasksRequest request;
  request.set_practitioner(cast.practitioner);
  const std::vector<v1::FollowUpTask> tasks = Tasks(request);
  ASSERT_EQ(tasks.size(), 4u);
  const std::pair<std::string, int> expected[] = {
      {"day_2", 2}, {"week_2", 14}, {"week_6", 42}, {"week_12", 84}};
  for (int i = 0; i < 4; ++i) {
    SCOPED_TRACE(expected[i].first);
    const v1::FollowUpTask& task = tasks[i];
    EXPECT_THAT(task.name(), ::testing::StartsWith("followUpTasks/"));
    EXPECT_EQ(task.code(), expected[i].first);
    EXPECT_EQ(FromProto(task.due_time()),
              session_start + absl::Hours(24 * expected[i].second));
    EXPECT_EQ(task.session(), sessions[0].name());
    EXPECT_EQ(task.patient(), cast.patient);
    EXPECT_EQ(task.practitioner(), cast.practitioner);
    EXPECT_FALSE(task.title().empty());
    EXPECT_FALSE(task.look_for().empty());
    EXPECT_FALSE(task.has_done_time());
  }
  EXPECT_EQ(tasks[0].title(), "Day 2 call");
  EXPECT_THAT(tasks[2].look_for(), HasSubstr("mycobacterial"));
  // Pages.
  EXPECT_EQ(Tasks(request, 3).size(), 4u);
  EXPECT_EQ(Tasks(request, 1).size(), 4u);

  // Due before a time (exclusive).
  *request.mutable_due_before() =
      TimestampToProto(session_start + absl::Hours(24 * 14));
  const std::vector<v1::FollowUpTask> soon = Tasks(request);
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(soon[0].code(), "day_2");
  *request.mutable_due_before() =
      TimestampToProto(session_start + absl::Hours(24 * 15));
  EXPECT_EQ(Tasks(request).size(), 2u);
  request.clear_due_before();

  // Everyone's: both practitioners'.
  v1::ListFollowUpTasksRequest all;
  int colleague_tasks = 0, cast_tasks = 0;
  for (const v1::FollowUpTask& task : Tasks(all)) {
    colleague_tasks += task.practitioner() == colleague.practitioner;
    cast_tasks += task.practitioner() == cast.practitioner;
  }
  EXPECT_EQ(colleague_tasks, 4);
  EXPECT_EQ(cast_tasks, 4);

  // Done once.
  v1::FollowUpTask done;
  ASSERT_TRUE(CompleteTask(tasks[0].name(), "Called: no fever, bruises fading.",
                           &done)
                  .ok());
  EXPECT_TRUE(done.has_done_time());
  EXPECT_LE(FromProto(done.done_time()), absl::Now());
  EXPECT_EQ(done.note(), "Called: no fever, bruises fading.");
  EXPECT_EQ(done.code(), "day_2");
  EXPECT_THAT(CompleteTask(tasks[0].name(), "again"),
              FailsWith(StatusCode::FAILED_PRECONDITION, "is already done"));
  EXPECT_THAT(CompleteTask(tasks[1].name(), std::string(2001, 'x')),
              FailsWith(StatusCode::INVALID_ARGUMENT, "note"));
  EXPECT_THAT(CompleteTask("followUpTasks/does-not-exist", ""),
              FailsWith(StatusCode::NOT_FOUND, "followUpTasks/does-not-exist"));
  EXPECT_THAT(CompleteTask("tasks/1", ""),
              FailsWith(StatusCode::INVALID_ARGUMENT, "name"));

  // Done tasks leave the list unless asked for.
  const std::vector<v1::FollowUpTask> open = Tasks(request);
  ASSERT_EQ(open.size(), 3u);
  EXPECT_EQ(open[0].code(), "week_2");
  request.set_include_done(true);
  const std::vector<v1::FollowUpTask> with_done = Tasks(request);
  ASSERT_EQ(with_done.size(), 4u);
  EXPECT_EQ(with_done[0].note(), "Called: no fever, bruises fading.");
  EXPECT_TRUE(with_done[0].has_done_time());

  v1::ListFollowUpTasksRequest bad;
  bad.set_practitioner("dr-who");
  v1::ListFollowUpTasksResponse response;
  EXPECT_THAT(Events()->ListFollowUpTasks(ContextWithDeadline().get(), bad,
                                          &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "practitioner"));
}

class AdverseEventRolesTest : public AdverseEventTest {};

TEST_F(AdverseEventRolesTest, OnlyPractitionersCallAdverseEventMethods) {
  const std::string patient = CreatePatient();
  const std::string event = ReportOk(Minimal(patient)).adverse_event().name();
  for (staff::Role role : {staff::Role::kFrontDesk, staff::Role::kAdmin}) {
    SCOPED_TRACE(static_cast<int>(role));
    auto stub = Events(role);
    const auto denied = [](const grpc::Status& status) {
      return status.error_code() == StatusCode::PERMISSION_DENIED &&
             status.error_message().find("may not call") != std::string::npos;
    };
    EXPECT_TRUE(denied(Report(Minimal(patient), nullptr, role)));
    {
      v1::GetAdverseEventRequest r;
      r.set_name(event);
      v1::GetAdverseEventResponse out;
      EXPECT_TRUE(denied(stub->GetAdverseEvent(ContextWithDeadline().get(), r,
                                               &out)));
    }
    {
      v1::ListAdverseEventsRequest r;
      v1::ListAdverseEventsResponse out;
      EXPECT_TRUE(denied(stub->ListAdverseEvents(ContextWithDeadline().get(),
                                                 r, &out)));
    }
    {
      v1::AddFollowUpRequest r;
      r.set_adverse_event(event);
      r.set_request_id(NextRequestId());
      v1::AddFollowUpResponse out;
      EXPECT_TRUE(
          denied(stub->AddFollowUp(ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::MarkExpeditedReportSubmittedRequest r;
      r.set_name(event);
      r.set_request_id(NextRequestId());
      v1::MarkExpeditedReportSubmittedResponse out;
      EXPECT_TRUE(denied(stub->MarkExpeditedReportSubmitted(
          ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::TraceLotRequest r;
      r.set_product("caffeine");
      r.set_lot_number("L");
      v1::TraceLotResponse out;
      EXPECT_TRUE(denied(stub->TraceLot(ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::GetSafetySummaryRequest r;
      r.set_treatment_type(kCellulite);
      v1::GetSafetySummaryResponse out;
      EXPECT_TRUE(
          denied(stub->GetSafetySummary(ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::ExportAdverseEventRequest r;
      r.set_name(event);
      v1::ExportAdverseEventResponse out;
      EXPECT_TRUE(denied(
          stub->ExportAdverseEvent(ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::ListFollowUpTasksRequest r;
      v1::ListFollowUpTasksResponse out;
      EXPECT_TRUE(denied(
          stub->ListFollowUpTasks(ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::ReviewSafetyHoldRequest r;
      r.set_course("courses/x");
      r.set_request_id(NextRequestId());
      v1::ReviewSafetyHoldResponse out;
      EXPECT_TRUE(
          denied(stub->ReviewSafetyHold(ContextWithDeadline().get(), r, &out)));
    }
    {
      v1::CompleteFollowUpTaskRequest r;
      r.set_name("followUpTasks/x");
      r.set_request_id(NextRequestId());
      v1::CompleteFollowUpTaskResponse out;
      EXPECT_TRUE(denied(
          stub->CompleteFollowUpTask(ContextWithDeadline().get(), r, &out)));
    }
  }
  // The practitioner still sees the report, unchanged.
  EXPECT_EQ(GetEvent(event).follow_ups_size(), 0);
}

}  // namespace
}  // namespace mesoclinic::testing

// ListAdverseEvents through a real channel: every filter, pagination, and
// the expedited-report worklist with its ICH E2A due dates.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/adverse_events/adverse_event_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class AdverseEventListingTest : public AdverseEventTest {
 protected:
  // A report at `onset` (awareness 10 minutes later).
  static std::string ReportAt(const std::string& patient, absl::Time onset,
                              const std::string& type, const std::string& term,
                              int grade, const std::string& lot = "",
                              bool serious = false) {
    v1::AdverseEvent event = Minimal(patient);
    event.set_treatment_type(type);
    event.set_term(term);
    event.set_severity_grade(grade);
    *event.mutable_onset_time() = TimestampToProto(onset);
    *event.mutable_awareness_time() =
        TimestampToProto(onset + absl::Minutes(10));
    if (serious) event.add_seriousness(v1::SERIOUSNESS_CRITERION_HOSPITALISATION);
    if (!lot.empty()) {
      v1::SuspectedProduct& suspect = *event.add_suspected_products();
      suspect.set_product("caffeine");
      suspect.set_lot_number(lot);
    }
    return ReportOk(event).adverse_event().name();
  }
};

TEST_F(AdverseEventListingTest, EveryFilterAndPagination) {
  const std::string a = CreatePatient();
  const std::string b = CreatePatient();
  const std::string lot_x = absl::StrCat("LOT-X-", NextRequestId());
  const std::string lot_y = absl::StrCat("LOT-Y-", NextRequestId());
  const absl::Time base =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now())) - absl::Hours(6);
  const std::string e1 =
      ReportAt(a, base + absl::Hours(1), kCellulite, "bruising", 1, lot_x);
  const std::string e2 =
      ReportAt(a, base + absl::Hours(2), kCellulite, "swelling", 3);
  const std::string e3 =
      ReportAt(a, base + absl::Hours(3), kHairLoss, "redness", 2, lot_y);
  const std::string e4 = ReportAt(a, base + absl::Hours(4), kCellulite,
                                  "bacterial_infection", 3, lot_x,
                                  /*serious=*/true);
  const std::string e5 =
      ReportAt(b, base + absl::Hours(5), kCellulite, "bruising", 2, lot_x);

  v1::ListAdverseEventsRequest request;
  request.set_patient(a);
  // By onset, over pages of 2.
  EXPECT_THAT(Names(ListAll(request, 2)), ElementsAre(e1, e2, e3, e4));
  EXPECT_THAT(Names(ListAll(request, 3)), ElementsAre(e1, e2, e3, e4));
  EXPECT_THAT(Names(ListAll(request, 500)), ElementsAre(e1, e2, e3, e4));
  {
    v1::ListAdverseEventsRequest first = request;
    first.set_page_size(2);
    v1::ListAdverseEventsResponse page;
    ASSERT_TRUE(Events()
                    ->ListAdverseEvents(ContextWithDeadline().get(), first, &page)
                    .ok());
    EXPECT_EQ(page.adverse_events_size(), 2);
    EXPECT_FALSE(page.next_page_token().empty());
    // A token only continues the listing it came from.
    v1::ListAdverseEventsRequest changed = first;
    changed.set_patient(b);
    changed.set_page_token(page.next_page_token());
    EXPECT_THAT(Events()->ListAdverseEvents(ContextWithDeadline().get(),
                                            changed, &page),
                FailsWith(StatusCode::INVALID_ARGUMENT, "page_token"));
  }
  request.set_patient(b);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e5));

  request.set_patient(a);
  request.set_treatment_type(kHairLoss);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e3));
  request.set_treatment_type(kCellulite);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e1, e2, e4));
  request.clear_treatment_type();

  request.set_term("bruising");
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e1));
  request.clear_term();

  request.set_min_severity_grade(2);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e2, e3, e4));
  request.set_min_severity_grade(3);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e2, e4));
  request.clear_min_severity_grade();

  request.set_serious_only(true);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e4));
  request.clear_serious_only();

  request.set_lot_number(lot_y);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e3));
  // The lot across patients.
  request.clear_patient();
  request.set_lot_number(lot_x);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e1, e4, e5));
  request.set_patient(a);
  request.clear_lot_number();

  // Onset in [start, end).
  *request.mutable_start_time() = TimestampToProto(base + absl::Hours(2));
  *request.mutable_end_time() = TimestampToProto(base + absl::Hours(4));
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e2, e3));
  request.clear_end_time();
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e2, e3, e4));
  request.clear_start_time();
  *request.mutable_end_time() = TimestampToProto(base + absl::Hours(2));
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e1));
  request.clear_end_time();

  // Filters together.
  request.set_treatment_type(kCellulite);
  request.set_min_severity_grade(3);
  request.set_lot_number(lot_x);
  EXPECT_THAT(Names(ListAll(request)), ElementsAre(e4));

  // Refused requests name the field.
  const auto refused = [&](const std::function<void(v1::ListAdverseEventsRequest&)>&
                               spoil,
                           const std::string& field) {
    SCOPED_TRACE(field);
    v1::ListAdverseEventsRequest bad;
    spoil(bad);
    v1::ListAdverseEventsResponse response;
    EXPECT_THAT(
        Events()->ListAdverseEvents(ContextWithDeadline().get(), bad, &response),
        FailsWith(StatusCode::INVALID_ARGUMENT, field));
  };
  refused([](auto& r) { r.set_min_severity_grade(6); }, "min_severity_grade");
  refused([](auto& r) { r.set_min_severity_grade(-1); }, "min_severity_grade");
  refused([](auto& r) { r.set_term("levitation"); }, "term");
  refused([](auto& r) { r.set_patient("someone"); }, "patient");
  refused([](auto& r) { r.set_treatment_type("cellulite"); }, "treatment_type");
  refused([](auto& r) { r.set_lot_number(std::string(65, '1')); }, "lot_number");
  refused([](auto& r) { r.set_page_token("garbage"); }, "page_token");
  refused([](auto& r) { r.set_page_size(-1); }, "page_size");
}

TEST_F(AdverseEventListingTest, ExpeditedReportsAreDueSevenOrFifteenDaysAfterAwareness) {
  const std::string patient = CreatePatient();
  const absl::Time now =
      absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  const auto report = [&](const std::string& term, int grade,
                          std::vector<v1::SeriousnessCriterion> criteria,
                          absl::Time awareness,
                          v1::EventOutcome outcome =
                              v1::EVENT_OUTCOME_NOT_RECOVERED,
                          v1::Relatedness relatedness =
                              v1::RELATEDNESS_PROBABLE) {
    v1::AdverseEvent event = Minimal(patient);
    event.set_relatedness(relatedness);
    event.set_term(term);
    if (term == "other") event.set_description("Anaphylaxis");
    event.set_severity_grade(grade);
    for (v1::SeriousnessCriterion c : criteria) event.add_seriousness(c);
    *event.mutable_onset_time() = TimestampToProto(awareness - absl::Hours(1));
    *event.mutable_awareness_time() = TimestampToProto(awareness);
    event.set_outcome(outcome);
    return ReportOk(event).adverse_event();
  };
  // Unexpected (the protocol does not list painful sores) and
  // life-threatening: 7 days.
  const v1::AdverseEvent threatening =
      report("inflammation_painful_sores", 4,
             {v1::SERIOUSNESS_CRITERION_LIFE_THREATENING},
             now - absl::Hours(3));
  // Unexpected, hospitalised: 15 days.
  const v1::AdverseEvent hospitalised =
      report("other", 3, {v1::SERIOUSNESS_CRITERION_HOSPITALISATION},
             now - absl::Hours(24 * 10));
  // Fatal: 7 days.
  const v1::AdverseEvent fatal =
      report("other", 5, {v1::SERIOUSNESS_CRITERION_DEATH},
             now - absl::Hours(24 * 6), v1::EVENT_OUTCOME_FATAL);
  // Serious but unlikely to be related: none (ICH E2A reports serious,
  // unexpected events with a reasonable possibility of a causal link).
  const v1::AdverseEvent unlikely =
      report("bruising", 3, {v1::SERIOUSNESS_CRITERION_HOSPITALISATION},
             now - absl::Hours(1), v1::EVENT_OUTCOME_NOT_RECOVERED,
             v1::RELATEDNESS_UNLIKELY);
  // Unexpected but not serious, however severe: none.
  const v1::AdverseEvent not_serious =
      report("inflammation_painful_sores", 3, {}, now - absl::Hours(1));

  for (const v1::AdverseEvent* e : {&threatening, &hospitalised, &fatal}) {
    EXPECT_TRUE(e->serious()) << e->name();
    EXPECT_FALSE(e->expected()) << e->name();
    EXPECT_TRUE(e->has_expedited_report_due_time()) << e->name();
    EXPECT_FALSE(e->has_expedited_report_submit_time()) << e->name();
  }
  EXPECT_EQ(FromProto(threatening.expedited_report_due_time()),
            now - absl::Hours(3) + absl::Hours(24 * 7));
  EXPECT_EQ(FromProto(hospitalised.expedited_report_due_time()),
            now - absl::Hours(24 * 10) + absl::Hours(24 * 15));
  EXPECT_EQ(FromProto(fatal.expedited_report_due_time()),
            now - absl::Hours(24 * 6) + absl::Hours(24 * 7));
  EXPECT_TRUE(unlikely.serious());
  EXPECT_FALSE(unlikely.has_expedited_report_due_time());
  EXPECT_FALSE(not_serious.serious());
  EXPECT_FALSE(not_serious.expected());
  EXPECT_FALSE(not_serious.has_expedited_report_due_time());
  // Stored too.
  EXPECT_EQ(FromProto(GetEvent(hospitalised.name()).expedited_report_due_time()),
            now + absl::Hours(24 * 5));

  // The worklist: the earliest due first, over pages.
  v1::ListAdverseEventsRequest request;
  request.set_patient(patient);
  request.set_expedited_pending_only(true);
  EXPECT_THAT(Names(ListAll(request, 2)),
              ElementsAre(fatal.name(), hospitalised.name(), threatening.name()));
  EXPECT_THAT(Names(ListAll(request, 1)),
              ElementsAre(fatal.name(), hospitalised.name(), threatening.name()));

  const auto mark = [&](const std::string& name,
                        std::optional<absl::Time> submit_time = std::nullopt,
                        v1::AdverseEvent* out = nullptr) {
    v1::MarkExpeditedReportSubmittedRequest mark_request;
    mark_request.set_name(name);
    mark_request.set_authority("ANSM");
    if (submit_time.has_value()) {
      *mark_request.mutable_submit_time() = TimestampToProto(*submit_time);
    }
    mark_request.set_request_id(NextRequestId());
    v1::MarkExpeditedReportSubmittedResponse response;
    const grpc::Status status = Events()->MarkExpeditedReportSubmitted(
        ContextWithDeadline().get(), mark_request, &response);
    if (out != nullptr) *out = response.adverse_event();
    return status;
  };
  v1::AdverseEvent marked;
  ASSERT_TRUE(mark(hospitalised.name(), std::nullopt, &marked).ok());
  EXPECT_TRUE(marked.has_expedited_report_submit_time());
  EXPECT_LE(FromProto(marked.expedited_report_submit_time()), absl::Now());
  EXPECT_TRUE(GetEvent(hospitalised.name()).has_expedited_report_submit_time());
  EXPECT_THAT(Names(ListAll(request, 2)),
              ElementsAre(fatal.name(), threatening.name()));
  EXPECT_THAT(mark(hospitalised.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "already marked submitted"));
  EXPECT_THAT(mark(unlikely.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "needs no expedited report"));
  EXPECT_THAT(mark(not_serious.name()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "needs no expedited report"));
  EXPECT_THAT(mark(fatal.name(), absl::Now() + absl::Hours(1)),
              FailsWith(StatusCode::INVALID_ARGUMENT,
                        "submit_time: must not be in the future"));
  EXPECT_THAT(mark(fatal.name(), now - absl::Hours(24 * 7)),
              FailsWith(StatusCode::INVALID_ARGUMENT, "submit_time"));
  EXPECT_THAT(mark("adverseEvents/does-not-exist"),
              FailsWith(StatusCode::NOT_FOUND, "adverseEvents/does-not-exist"));
  ASSERT_TRUE(mark(fatal.name(), now - absl::Hours(24), &marked).ok());
  EXPECT_EQ(FromProto(marked.expedited_report_submit_time()),
            now - absl::Hours(24));
  EXPECT_THAT(Names(ListAll(request, 2)), ElementsAre(threatening.name()));
  // The submitted reports are still listed without the worklist filter.
  request.set_expedited_pending_only(false);
  EXPECT_EQ(ListAll(request, 10).size(), 5u);
}

}  // namespace
}  // namespace mesoclinic::testing

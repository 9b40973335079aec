#include "tests/reliability/workload.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "core/api/proto_time.h"
#include "tests/support/clinic_examples.h"

namespace mesoclinic::reliability {
namespace {

namespace v1 = ::clinic::v1;

// Caffeine above this volume is over the cellulite protocol's limit (4 ml).
constexpr double kValidVolumeMl = 2.5;
constexpr double kOverLimitVolumeMl = 6;

// How far ahead a "soon" session starts: close enough that an adverse
// event may name it with its start as onset (the server allows onsets up to
// five minutes ahead, for clock skew).
constexpr absl::Duration kSoon = absl::Minutes(3);
constexpr absl::Duration kReportableAhead = absl::Minutes(4);
constexpr absl::Duration kSessionLength = absl::Minutes(15);
constexpr absl::Duration kBookingLead = absl::Minutes(1);
// Later bookings spread over this many days, so that the calendar fills
// slowly over a long run.
constexpr int kLaterDays = 90;

}  // namespace

absl::Status WorkloadClient::Run(int cycle, ServerConnections& server,
                                 const std::atomic<bool>& stop) {
  // Outcomes resolved since the last run are part of the history now.
  absl::StatusOr<ExpectedState> own = FoldHistories({&history_});
  if (!own.ok()) return own.status();
  while (!stop.load()) {
    history_.push_back(Next(cycle, *own));
    Operation& operation = history_.back();
    const testing::RawResponse answer = server.CallRaw(
        operation.caller_key, MethodName(operation.kind), operation.request);
    RecordAnswer(operation, answer.status, answer.bytes);
    if (absl::Status applied = own->Apply(operation); !applied.ok()) {
      return applied;
    }
    // The server is probably gone: do not pile up unknowns meanwhile.
    if (operation.outcome == Outcome::kUnknown) {
      absl::SleepFor(absl::Milliseconds(20));
    }
  }
  return absl::OkStatus();
}

Operation WorkloadClient::Next(int cycle, const ExpectedState& own) {
  const absl::Time now = absl::Now();
  const absl::CivilDay today = absl::ToCivilDay(now, clinic_.zone);
  std::vector<const v1::Session*> booked_today, booked_later, checked_in,
      reportable;
  for (const auto& [name, session] : own.sessions()) {
    if (own.Uncertain(name)) continue;
    const absl::Time start = FromTimestamp(session.start_time());
    switch (session.state()) {
      case v1::SESSION_STATE_BOOKED:
        (absl::ToCivilDay(start, clinic_.zone) == today ? booked_today
                                                        : booked_later)
            .push_back(&session);
        break;
      case v1::SESSION_STATE_CHECKED_IN:
        checked_in.push_back(&session);
        break;
      case v1::SESSION_STATE_COMPLETED:
        if (start <= now + kReportableAhead) reportable.push_back(&session);
        break;
      default:
        break;
    }
  }
  const auto any = [this](const std::vector<const v1::Session*>& sessions) {
    return sessions[Pick(sessions.size())];
  };

  // Out of 100: 20 check in today, 3 try a later day (refused), 20
  // complete, 5 cancel, 18 report; the rest, and any choice with nothing
  // to act on, book.
  const int roll = Pick(100);
  Operation operation;
  if (roll < 20 && !booked_today.empty()) {
    operation = CheckIn(*any(booked_today), /*today=*/true);
  } else if (roll >= 20 && roll < 23 && !booked_later.empty()) {
    operation = CheckIn(*any(booked_later), /*today=*/false);
  } else if (roll >= 23 && roll < 43 && !checked_in.empty()) {
    operation = Complete(*any(checked_in));
  } else if (roll >= 43 && roll < 48 && !booked_later.empty()) {
    operation = Cancel(*any(booked_later));
  } else if (roll >= 48 && roll < 66) {
    operation = Report(
        reportable.empty() || Chance(0.4) ? nullptr : any(reportable), now);
  } else {
    operation = Book(now);
  }
  operation.cycle = cycle;
  return operation;
}

Operation WorkloadClient::NewOperation(OperationKind kind,
                                       const std::string& caller_key) {
  Operation operation;
  operation.id = absl::StrCat("c", client_, "-", ++sequence_);
  operation.client = client_;
  operation.kind = kind;
  operation.caller_key = caller_key;
  return operation;
}

Operation WorkloadClient::Book(absl::Time now) {
  Operation operation =
      NewOperation(OperationKind::kBookSession, clinic_.front_desk_key);
  operation.expectation = Expectation::kAcceptOrConflict;
  const absl::CivilDay today = absl::ToCivilDay(now, clinic_.zone);
  const absl::Time last_start_today =
      absl::FromCivil(today + 1, clinic_.zone) - kSessionLength;
  absl::Time start;
  const int roll = Pick(100);
  if (roll < 5) {
    start = WholeSecondsBetween(now - absl::Hours(2), now - absl::Hours(1));
    operation.expectation = Expectation::kRefuse;
    operation.refusal_code = grpc::StatusCode::FAILED_PRECONDITION;
  } else if (roll < 50 && now + kSoon < last_start_today) {
    const absl::Time latest =
        roll < 20 ? now + kSoon
                  : std::min(now + absl::Hours(8), last_start_today);
    start = WholeSecondsBetween(now + kBookingLead, latest);
  } else {
    const absl::CivilDay day = today + 1 + Pick(kLaterDays);
    start = WholeSecondsBetween(
        absl::FromCivil(day, clinic_.zone),
        absl::FromCivil(day + 1, clinic_.zone) - kSessionLength);
  }
  v1::BookSessionRequest request;
  request.set_patient(clinic_.patients[Pick(clinic_.patients.size())]);
  request.set_treatment_type(kCellulite);
  request.set_practitioner(
      clinic_.practitioners[Pick(clinic_.practitioners.size())].name);
  request.set_room(clinic_.rooms[Pick(clinic_.rooms.size())]);
  *request.mutable_start_time() = TimestampToProto(start);
  request.set_request_id(operation.id);
  operation.request = request.SerializeAsString();
  return operation;
}

Operation WorkloadClient::CheckIn(const v1::Session& session, bool today) {
  Operation operation =
      NewOperation(OperationKind::kCheckIn, clinic_.front_desk_key);
  operation.session = session.name();
  if (!today) {
    // Patients check in on the day of their session only.
    operation.expectation = Expectation::kRefuse;
    operation.refusal_code = grpc::StatusCode::FAILED_PRECONDITION;
  }
  v1::CheckInRequest request;
  request.set_session(session.name());
  request.set_request_id(operation.id);
  operation.request = request.SerializeAsString();
  return operation;
}

Operation WorkloadClient::Complete(const v1::Session& session) {
  Operation operation = NewOperation(OperationKind::kCompleteSession,
                                     KeyOf(session.practitioner()));
  operation.session = session.name();
  operation.marker = absl::StrCat("crash test ", operation.id);
  const bool over_limit = Chance(0.2);
  if (over_limit) {
    operation.expectation = Expectation::kRefuse;
    operation.refusal_code = grpc::StatusCode::INVALID_ARGUMENT;
  }
  v1::CompleteSessionRequest request;
  request.set_session(session.name());
  // Drawn in this order, so that a seed gives the same records.
  const std::string lot = absl::StrCat("LOT-", 1 + Pick(4));
  const double thigh_cm = 50 + Pick(20);
  v1::TreatmentRecord& record = *request.mutable_treatment_record();
  record = testing::CaffeineOnThighs(
      lot, over_limit ? kOverLimitVolumeMl : kValidVolumeMl, thigh_cm);
  record.set_notes(operation.marker);
  request.set_request_id(operation.id);
  operation.request = request.SerializeAsString();
  return operation;
}

Operation WorkloadClient::Cancel(const v1::Session& session) {
  Operation operation =
      NewOperation(OperationKind::kCancelSession, clinic_.front_desk_key);
  operation.session = session.name();
  v1::CancelSessionRequest request;
  request.set_session(session.name());
  request.set_reason(absl::StrCat("crash test ", operation.id));
  request.set_request_id(operation.id);
  operation.request = request.SerializeAsString();
  return operation;
}

Operation WorkloadClient::Report(const v1::Session* session, absl::Time now) {
  const std::string& caller =
      session != nullptr
          ? KeyOf(session->practitioner())
          : clinic_.practitioners[Pick(clinic_.practitioners.size())].api_key;
  Operation operation =
      NewOperation(OperationKind::kReportAdverseEvent, caller);
  operation.marker = absl::StrCat("crash test ", operation.id);
  v1::AdverseEvent event;
  absl::Time onset;
  if (session != nullptr) {
    // Not before the session started.
    event.set_patient(session->patient());
    event.set_session(session->name());
    onset = FromTimestamp(session->start_time());
  } else {
    event.set_patient(clinic_.patients[Pick(clinic_.patients.size())]);
    event.set_treatment_type(kCellulite);
    onset = absl::FromUnixSeconds(absl::ToUnixSeconds(now)) - absl::Hours(1);
  }
  if (Chance(0.15)) {
    // "other" needs a description.
    event.set_term("other");
    operation.expectation = Expectation::kRefuse;
    operation.refusal_code = grpc::StatusCode::INVALID_ARGUMENT;
  } else {
    static constexpr const char* kTerms[] = {"bruising", "swelling", "redness",
                                             "itching"};
    event.set_term(kTerms[Pick(4)]);
  }
  event.set_body_site(operation.marker);
  *event.mutable_onset_time() = TimestampToProto(onset);
  *event.mutable_awareness_time() = TimestampToProto(onset);
  // Grades 1 and 2, not serious: no safety hold stops later bookings.
  event.set_severity_grade(1 + Pick(2));
  event.set_relatedness(v1::RELATEDNESS_PROBABLE);
  event.set_action_taken(v1::ACTION_TAKEN_NONE);
  event.set_outcome(v1::EVENT_OUTCOME_RECOVERING);
  v1::ReportAdverseEventRequest request;
  *request.mutable_adverse_event() = event;
  request.set_request_id(operation.id);
  operation.request = request.SerializeAsString();
  return operation;
}

const std::string& WorkloadClient::KeyOf(
    const std::string& practitioner) const {
  for (const StaffWithKey& candidate : clinic_.practitioners) {
    if (candidate.name == practitioner) return candidate.api_key;
  }
  return clinic_.practitioners.front().api_key;
}

bool WorkloadClient::Chance(double probability) {
  return std::bernoulli_distribution(probability)(random_);
}

int WorkloadClient::Pick(std::size_t count) {
  return std::uniform_int_distribution<int>(
      0, static_cast<int>(count) - 1)(random_);
}

absl::Time WorkloadClient::WholeSecondsBetween(absl::Time from, absl::Time to) {
  const int64_t first = absl::ToUnixSeconds(from) + 1;
  const int64_t last = std::max(first, absl::ToUnixSeconds(to));
  return absl::FromUnixSeconds(
      std::uniform_int_distribution<int64_t>(first, last)(random_));
}

}  // namespace mesoclinic::reliability

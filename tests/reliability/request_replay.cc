#include "tests/reliability/request_replay.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "clinic/v1/adverse_events.pb.h"

namespace mesoclinic::reliability {
namespace {

// The server is up while operations are resent: an unknown answer now is
// a hiccup, tried again a few times before it counts.
constexpr int kMaxResends = 10;
constexpr absl::Duration kResendPause = absl::Milliseconds(200);

// Sends `operation` again, as first sent, until the answer is definite or
// the resends run out. Counts them in `resends`.
testing::RawResponse Resend(ServerConnections& server,
                            const Operation& operation, int& resends) {
  testing::RawResponse answer;
  for (int attempt = 0; attempt < kMaxResends; ++attempt) {
    if (attempt > 0) absl::SleepFor(kResendPause);
    ++resends;
    answer = server.CallRaw(operation.caller_key, MethodName(operation.kind),
                            operation.request);
    if (Classify(answer.status) != Outcome::kUnknown) break;
  }
  return answer;
}

// When the change an acknowledged answer describes was made: the call's
// start, which the server stamps on what it writes.
absl::Time ChangeTime(const Operation& operation) {
  if (operation.kind == OperationKind::kReportAdverseEvent) {
    clinic::v1::ReportAdverseEventResponse answer;
    answer.ParseFromString(operation.response);
    return FromTimestamp(answer.adverse_event().create_time());
  }
  const std::optional<clinic::v1::Session> session = AnsweredSession(operation);
  return session.has_value() ? FromTimestamp(session->update_time())
                             : absl::InfiniteFuture();
}

}  // namespace

Resolution ResolveUnknowns(ServerConnections& server,
                           const std::vector<History*>& histories,
                           absl::Time restart, Findings& findings) {
  Resolution resolution;
  for (History* history : histories) {
    for (Operation& operation : *history) {
      if (operation.outcome != Outcome::kUnknown &&
          operation.outcome != Outcome::kSent) {
        continue;
      }
      ++resolution.unknown;
      const testing::RawResponse answer =
          Resend(server, operation, operation.resends);
      RecordAnswer(operation, answer.status, answer.bytes);
      switch (operation.outcome) {
        case Outcome::kAcknowledged:
          ++(ChangeTime(operation) < restart
                 ? resolution.committed_before_restart
                 : resolution.applied_by_resend);
          break;
        case Outcome::kRefused:
          ++resolution.refused;
          break;
        case Outcome::kSent:
        case Outcome::kUnknown:
          findings.Add(
              "resolving unknown outcomes",
              absl::StrCat(Describe(operation), ": still no definite answer"));
          break;
      }
    }
  }
  return resolution;
}

int ReplayAcknowledged(ServerConnections& server,
                       const std::vector<History*>& histories, int cycle,
                       Findings& findings) {
  constexpr char kCheck[] = "idempotent retry";
  int replayed = 0;
  for (const History* history : histories) {
    for (const Operation& operation : *history) {
      if (operation.cycle != cycle ||
          operation.outcome != Outcome::kAcknowledged) {
        continue;
      }
      ++replayed;
      int resends = 0;
      const testing::RawResponse again = Resend(server, operation, resends);
      if (!again.status.ok()) {
        findings.Add(kCheck,
                     absl::StrCat(Describe(operation),
                                  ": resent, it was "
                                  "answered with code ",
                                  static_cast<int>(again.status.error_code()),
                                  " (", again.status.error_message(),
                                  ") instead of its first answer"));
        continue;
      }
      if (again.bytes == operation.response) continue;
      const std::unique_ptr<google::protobuf::Message> first =
          NewResponse(operation.kind);
      const std::unique_ptr<google::protobuf::Message> second =
          NewResponse(operation.kind);
      first->ParseFromString(operation.response);
      second->ParseFromString(again.bytes);
      const std::string difference = MessageDifference(*first, *second);
      if (!difference.empty()) {
        findings.Add(kCheck, absl::StrCat(Describe(operation),
                                          ": resent, it was answered "
                                          "differently: ",
                                          difference));
      }
    }
  }
  return replayed;
}

void CheckAnswers(const std::vector<History*>& histories, int cycle,
                  Findings& findings) {
  for (const History* history : histories) {
    for (const Operation& operation : *history) {
      if (operation.cycle != cycle || operation.outcome == Outcome::kUnknown ||
          operation.outcome == Outcome::kSent || AnswerAsExpected(operation)) {
        continue;
      }
      findings.Add("answers", absl::StrCat(Describe(operation), "; ",
                                           DescribeExpectation(operation)));
    }
  }
}

}  // namespace mesoclinic::reliability

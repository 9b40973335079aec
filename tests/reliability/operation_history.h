#ifndef MESOCLINIC_TESTS_RELIABILITY_OPERATION_HISTORY_H_
#define MESOCLINIC_TESTS_RELIABILITY_OPERATION_HISTORY_H_

// What a crash-test client sent and what it learnt of the outcome. A write
// whose answer was lost (the server died, the connection broke, the deadline
// passed) is "unknown": the server may or may not have applied it. After the
// restart it is resent with the same request_id, which must give one answer.

#include <memory>
#include <optional>
#include <string>

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include "clinic/v1/scheduling.pb.h"

namespace mesoclinic::reliability {

enum class OperationKind {
  kBookSession,
  kCheckIn,
  kCompleteSession,
  kCancelSession,
  kReportAdverseEvent,
};

// The full gRPC method name: "/clinic.v1.SchedulingService/BookSession".
const char* MethodName(OperationKind kind);

enum class Outcome {
  // On the wire, no answer yet.
  kSent,
  // OK: the server says it committed the change.
  kAcknowledged,
  // A definite refusal: the server says it changed nothing.
  kRefused,
  // No usable answer: the change may or may not have been made.
  kUnknown,
};

const char* OutcomeName(Outcome outcome);

// kRefused for the codes with which the server promises it changed nothing
// (INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, NOT_FOUND,
// RESOURCE_EXHAUSTED, ...); kUnknown for UNAVAILABLE, DEADLINE_EXCEEDED,
// CANCELLED, UNKNOWN, INTERNAL and DATA_LOSS.
Outcome Classify(const grpc::Status& status);

// What the client meant the server to answer.
enum class Expectation {
  // A valid change that nothing else competes for: OK (or, under overload,
  // RESOURCE_EXHAUSTED).
  kAccept,
  // A booking that may lose its slot to another client: OK or
  // FAILED_PRECONDITION.
  kAcceptOrConflict,
  // A change the server must refuse with `refusal_code`.
  kRefuse,
};

struct Operation {
  // The request_id, unique over the run: "c2-317".
  std::string id;
  int client = 0;
  int cycle = 0;
  OperationKind kind = OperationKind::kBookSession;
  // The API key it was sent with: request ids are scoped to the caller.
  std::string caller_key;
  // The serialized request, resent byte for byte to resolve an unknown.
  std::string request;
  Expectation expectation = Expectation::kAccept;
  grpc::StatusCode refusal_code = grpc::StatusCode::OK;
  // "sessions/{id}" it acts on; for a booking, the one booked once known.
  std::string session;
  // Text only this operation writes (treatment notes, an event's body site),
  // so that its effect can be found, or shown absent, in the database.
  std::string marker;

  Outcome outcome = Outcome::kSent;
  // The last answer.
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  // The acknowledged answer's bytes.
  std::string response;
  // Whether the first answer was unknown, and how many resends it took.
  bool was_unknown = false;
  int resends = 0;
};

// Records `status` (and `response` when OK) as the operation's answer; for
// an acknowledged booking, notes the session booked.
void RecordAnswer(Operation& operation, const grpc::Status& status,
                  const std::string& response);

// Whether the definite answer is what the client expected.
bool AnswerAsExpected(const Operation& operation);

// An empty message of the type `kind` answers with.
std::unique_ptr<google::protobuf::Message> NewResponse(OperationKind kind);

// The session held by the acknowledged answer of a session operation
// (every one answers with the session as the change left it); nullopt for
// an adverse-event report or an answer that does not parse.
std::optional<clinic::v1::Session> AnsweredSession(const Operation& operation);

// What the operation expected to hear, for reports.
std::string DescribeExpectation(const Operation& operation);

// One line for reports: id, cycle, method, outcome, code and message.
std::string Describe(const Operation& operation);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_OPERATION_HISTORY_H_

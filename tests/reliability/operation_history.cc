#include "tests/reliability/operation_history.h"

#include "absl/strings/str_cat.h"
#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/scheduling.pb.h"

namespace mesoclinic::reliability {

const char* MethodName(OperationKind kind) {
  switch (kind) {
    case OperationKind::kBookSession:
      return "/clinic.v1.SchedulingService/BookSession";
    case OperationKind::kCheckIn:
      return "/clinic.v1.SchedulingService/CheckIn";
    case OperationKind::kCompleteSession:
      return "/clinic.v1.SchedulingService/CompleteSession";
    case OperationKind::kCancelSession:
      return "/clinic.v1.SchedulingService/CancelSession";
    case OperationKind::kReportAdverseEvent:
      return "/clinic.v1.AdverseEventService/ReportAdverseEvent";
  }
  return "";
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSent:
      return "sent";
    case Outcome::kAcknowledged:
      return "acknowledged";
    case Outcome::kRefused:
      return "refused";
    case Outcome::kUnknown:
      return "unknown";
  }
  return "";
}

Outcome Classify(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return Outcome::kAcknowledged;
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::DATA_LOSS:
      return Outcome::kUnknown;
    default:
      return Outcome::kRefused;
  }
}

void RecordAnswer(Operation& operation, const grpc::Status& status,
                  const std::string& response) {
  operation.outcome = Classify(status);
  operation.code = status.error_code();
  operation.message = status.error_message();
  if (operation.outcome == Outcome::kAcknowledged) {
    operation.response = response;
    if (operation.kind == OperationKind::kBookSession) {
      const std::optional<clinic::v1::Session> booked =
          AnsweredSession(operation);
      if (booked.has_value()) operation.session = booked->name();
    }
  }
  if (operation.outcome == Outcome::kUnknown) operation.was_unknown = true;
}

bool AnswerAsExpected(const Operation& operation) {
  switch (operation.outcome) {
    case Outcome::kAcknowledged:
      return operation.expectation != Expectation::kRefuse;
    case Outcome::kRefused:
      // Shed under overload: nothing was done, whatever was asked.
      if (operation.code == grpc::StatusCode::RESOURCE_EXHAUSTED) return true;
      switch (operation.expectation) {
        case Expectation::kAccept:
          return false;
        case Expectation::kAcceptOrConflict:
          return operation.code == grpc::StatusCode::FAILED_PRECONDITION;
        case Expectation::kRefuse:
          return operation.code == operation.refusal_code;
      }
      return false;
    case Outcome::kSent:
    case Outcome::kUnknown:
      return false;
  }
  return false;
}

std::unique_ptr<google::protobuf::Message> NewResponse(OperationKind kind) {
  namespace v1 = ::clinic::v1;
  switch (kind) {
    case OperationKind::kBookSession:
      return std::make_unique<v1::BookSessionResponse>();
    case OperationKind::kCheckIn:
      return std::make_unique<v1::CheckInResponse>();
    case OperationKind::kCompleteSession:
      return std::make_unique<v1::CompleteSessionResponse>();
    case OperationKind::kCancelSession:
      return std::make_unique<v1::CancelSessionResponse>();
    case OperationKind::kReportAdverseEvent:
      return std::make_unique<v1::ReportAdverseEventResponse>();
  }
  return nullptr;
}

std::optional<clinic::v1::Session> AnsweredSession(const Operation& operation) {
  const std::unique_ptr<google::protobuf::Message> response =
      NewResponse(operation.kind);
  const google::protobuf::FieldDescriptor* field =
      response->GetDescriptor()->FindFieldByName("session");
  if (field == nullptr || !response->ParseFromString(operation.response)) {
    return std::nullopt;
  }
  clinic::v1::Session session;
  session.CopyFrom(response->GetReflection()->GetMessage(*response, field));
  return session;
}

std::string DescribeExpectation(const Operation& operation) {
  switch (operation.expectation) {
    case Expectation::kAccept:
      return "expected OK";
    case Expectation::kAcceptOrConflict:
      return "expected OK or FAILED_PRECONDITION";
    case Expectation::kRefuse:
      return absl::StrCat("expected a refusal with code ",
                          static_cast<int>(operation.refusal_code));
  }
  return "";
}

std::string Describe(const Operation& operation) {
  std::string text =
      absl::StrCat("request ", operation.id, " (cycle ", operation.cycle, ") ",
                   MethodName(operation.kind));
  if (!operation.session.empty()) {
    absl::StrAppend(&text, " on ", operation.session);
  }
  absl::StrAppend(&text, ": ", OutcomeName(operation.outcome));
  if (operation.outcome != Outcome::kAcknowledged &&
      operation.outcome != Outcome::kSent) {
    absl::StrAppend(&text, " (code ", static_cast<int>(operation.code), ": ",
                    operation.message, ")");
  }
  if (operation.was_unknown) {
    absl::StrAppend(&text, ", first answer unknown, resent ", operation.resends,
                    " time(s)");
  }
  return text;
}

}  // namespace mesoclinic::reliability

#include "tests/reliability/expected_state.h"

#include "absl/strings/str_cat.h"

namespace mesoclinic::reliability {
namespace {

namespace v1 = ::clinic::v1;

absl::Status UnparsedAnswer(const Operation& operation) {
  return absl::DataLossError(absl::StrCat(
      "the acknowledged answer to ", Describe(operation), " does not parse"));
}

const Operation* Find(const std::map<std::string, const Operation*>& operations,
                      const std::string& key) {
  const auto found = operations.find(key);
  return found == operations.end() ? nullptr : found->second;
}

std::string DescribeSlot(const SlotKey& slot) {
  return absl::StrCat(slot.patient, " with ", slot.practitioner, " in ",
                      slot.room, " at ", absl::FormatTime(slot.start));
}

}  // namespace

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) +
         absl::Nanoseconds(timestamp.nanos());
}

SlotKey RequestedSlot(const Operation& booking) {
  v1::BookSessionRequest request;
  request.ParseFromString(booking.request);
  return {request.patient(), request.practitioner(), request.room(),
          FromTimestamp(request.start_time())};
}

absl::Status ExpectedState::Apply(const Operation& operation) {
  switch (operation.outcome) {
    case Outcome::kAcknowledged:
      break;
    case Outcome::kRefused:
      if (operation.kind == OperationKind::kBookSession) {
        refused_slots_[RequestedSlot(operation)] = &operation;
      }
      if (!operation.marker.empty()) {
        refused_markers_[operation.marker] = &operation;
      }
      return absl::OkStatus();
    case Outcome::kSent:
    case Outcome::kUnknown:
      if (operation.kind == OperationKind::kBookSession) {
        unresolved_slots_.insert(RequestedSlot(operation));
      } else if (!operation.session.empty()) {
        uncertain_sessions_.insert(operation.session);
      }
      if (!operation.marker.empty()) {
        unresolved_markers_.insert(operation.marker);
      }
      return absl::OkStatus();
  }

  if (!operation.marker.empty()) {
    acknowledged_markers_[operation.marker] = &operation;
  }
  if (operation.kind == OperationKind::kReportAdverseEvent) {
    v1::ReportAdverseEventResponse answer;
    if (!answer.ParseFromString(operation.response)) {
      return UnparsedAnswer(operation);
    }
    events_[answer.adverse_event().name()] = answer.adverse_event();
    return absl::OkStatus();
  }
  std::optional<v1::Session> session = AnsweredSession(operation);
  if (!session.has_value()) return UnparsedAnswer(operation);
  if (operation.kind == OperationKind::kBookSession) {
    bookings_[session->name()] = &operation;
    acknowledged_slots_[RequestedSlot(operation)] = &operation;
  }
  last_changes_[session->name()] = &operation;
  sessions_[session->name()] = *std::move(session);
  return absl::OkStatus();
}

const Operation* ExpectedState::BookingOf(const std::string& session) const {
  return Find(bookings_, session);
}

const Operation* ExpectedState::LastChangeOf(const std::string& session) const {
  return Find(last_changes_, session);
}

std::string ExpectedState::ExplainUnexpectedSession(const std::string& name,
                                                    const SlotKey& slot) const {
  if (unresolved_slots_.contains(slot)) return "";
  const auto acknowledged = acknowledged_slots_.find(slot);
  if (acknowledged != acknowledged_slots_.end()) {
    return absl::StrCat(name, " (", DescribeSlot(slot),
                        ") is a second session for one booking, applied "
                        "twice: ",
                        Describe(*acknowledged->second));
  }
  const auto refused = refused_slots_.find(slot);
  if (refused != refused_slots_.end()) {
    return absl::StrCat(name, " (", DescribeSlot(slot),
                        ") exists although its booking was refused: ",
                        Describe(*refused->second));
  }
  return absl::StrCat(name, " (", DescribeSlot(slot),
                      ") exists but no acknowledged or unresolved booking "
                      "asked for it");
}

std::string ExpectedState::ExplainUnexpectedMarker(
    const std::string& where, const std::string& marker) const {
  if (unresolved_markers_.contains(marker)) return "";
  if (const Operation* acknowledged = Find(acknowledged_markers_, marker)) {
    return absl::StrCat(where, " holds \"", marker,
                        "\", a second copy of what one operation wrote, "
                        "applied twice: ",
                        Describe(*acknowledged));
  }
  if (const Operation* refused = Find(refused_markers_, marker)) {
    return absl::StrCat(
        where, " holds \"", marker,
        "\", written by a refused operation: ", Describe(*refused));
  }
  return absl::StrCat(where, " holds \"", marker,
                      "\", which no acknowledged or unresolved operation "
                      "wrote there");
}

absl::StatusOr<ExpectedState> FoldHistories(
    const std::vector<History*>& histories) {
  ExpectedState state;
  for (const History* history : histories) {
    for (const Operation& operation : *history) {
      if (absl::Status applied = state.Apply(operation); !applied.ok()) {
        return applied;
      }
    }
  }
  return state;
}

}  // namespace mesoclinic::reliability

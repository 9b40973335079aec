#ifndef MESOCLINIC_TESTS_RELIABILITY_EXPECTED_STATE_H_
#define MESOCLINIC_TESTS_RELIABILITY_EXPECTED_STATE_H_

// What the server must hold, folded from the clients' histories: each
// session as the last acknowledged answer about it showed it, each
// acknowledged adverse event, and what refused or unresolved operations
// would have written, so that an unexpected record can be traced to the
// operation that must not (or may) have made it.

#include <deque>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "tests/reliability/operation_history.h"

namespace mesoclinic::reliability {

// A client's operations in the order it sent them. A deque, so that
// references to operations stay valid as it grows.
using History = std::deque<Operation>;

// Who and when a booking was for: what tells two sessions apart in the
// database file, where no request_id is kept.
struct SlotKey {
  std::string patient;       // "patients/{id}"
  std::string practitioner;  // "staff/{id}"
  std::string room;          // "rooms/{id}"
  absl::Time start;

  bool operator<(const SlotKey& other) const {
    return std::tie(patient, practitioner, room, start) <
           std::tie(other.patient, other.practitioner, other.room, other.start);
  }
};

class ExpectedState {
 public:
  // Folds in one operation's outcome. Operations on one session come from
  // one client, which sends them in order, so folding each history in order
  // leaves each session as its last acknowledged answer showed it.
  // An error when an acknowledged answer does not parse.
  absl::Status Apply(const Operation& operation);

  // The session as the server must hold it, by name.
  const std::map<std::string, clinic::v1::Session>& sessions() const {
    return sessions_;
  }
  const std::map<std::string, clinic::v1::AdverseEvent>& events() const {
    return events_;
  }
  // The acknowledged booking of each session, and the operation whose
  // acknowledged answer it must look like now.
  const Operation* BookingOf(const std::string& session) const;
  const Operation* LastChangeOf(const std::string& session) const;
  // Sessions an unresolved operation acts on: their state is either the
  // expected one or what the operation would make it.
  bool Uncertain(const std::string& session) const {
    return uncertain_sessions_.contains(session);
  }

  // For a session the state does not expect at `slot`: empty when an
  // unresolved booking may have made it, otherwise what is wrong (naming
  // the booking of that slot, refused or applied twice, if any).
  std::string ExplainUnexpectedSession(const std::string& name,
                                       const SlotKey& slot) const;
  // For `marker` found written (treatment notes, an event's body site) by
  // an operation the state does not account for: empty when an unresolved
  // operation may have written it, otherwise what is wrong.
  std::string ExplainUnexpectedMarker(const std::string& where,
                                      const std::string& marker) const;

 private:
  std::map<std::string, clinic::v1::Session> sessions_;
  std::map<std::string, clinic::v1::AdverseEvent> events_;
  std::map<std::string, const Operation*> bookings_;
  std::map<std::string, const Operation*> last_changes_;
  std::set<std::string> uncertain_sessions_;
  std::map<SlotKey, const Operation*> acknowledged_slots_;
  std::map<SlotKey, const Operation*> refused_slots_;
  std::set<SlotKey> unresolved_slots_;
  std::map<std::string, const Operation*> acknowledged_markers_;
  std::map<std::string, const Operation*> refused_markers_;
  std::set<std::string> unresolved_markers_;
};

// The state folded from every client's history.
absl::StatusOr<ExpectedState> FoldHistories(
    const std::vector<History*>& histories);

// The slot a BookSession request asks for.
SlotKey RequestedSlot(const Operation& booking);

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_EXPECTED_STATE_H_

#ifndef MESOCLINIC_TESTS_RELIABILITY_REQUEST_REPLAY_H_
#define MESOCLINIC_TESTS_RELIABILITY_REQUEST_REPLAY_H_

// Resending operations with their request_id after a restart, as a client
// that lost its answer would. A change the server committed must be answered
// with its first answer; one it did not commit is attempted again.

#include <vector>

#include "absl/time/time.h"
#include "tests/reliability/expected_state.h"
#include "tests/reliability/findings.h"
#include "tests/reliability/server_connections.h"

namespace mesoclinic::reliability {

struct Resolution {
  int unknown = 0;
  // Acknowledged by the resend with a change made before the restart: the
  // server had committed it but the client never heard.
  int committed_before_restart = 0;
  // Acknowledged by the resend with a change it made itself.
  int applied_by_resend = 0;
  int refused = 0;
};

// Resends each operation whose outcome is unknown until the answer is
// definite, and records it. `restart` is when the running clinicd started:
// an answer describing a change made before it was committed before the
// crash. An operation still unknown after several resends is a finding.
Resolution ResolveUnknowns(ServerConnections& server,
                           const std::vector<History*>& histories,
                           absl::Time restart, Findings& findings);

// Resends every operation of `cycle` that was acknowledged (resolved ones
// included): each must get its first answer again, unchanged. Returns how
// many were resent.
int ReplayAcknowledged(ServerConnections& server,
                       const std::vector<History*>& histories, int cycle,
                       Findings& findings);

// Every definite answer of `cycle` must be one the operation expected: a
// session acknowledged as booked cannot be "not found" after a restart, and
// a dose over the limit cannot be accepted.
void CheckAnswers(const std::vector<History*>& histories, int cycle,
                  Findings& findings);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_REQUEST_REPLAY_H_

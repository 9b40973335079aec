#ifndef MESOCLINIC_TESTS_RELIABILITY_API_CHECKS_H_
#define MESOCLINIC_TESTS_RELIABILITY_API_CHECKS_H_

// Checks through the restarted server's API, once every unknown outcome is
// resolved: the listings must hold exactly what was acknowledged, as it was
// acknowledged; no two live sessions may overlap; the audit chain must
// verify and never shrink.

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "clinic/v1/adverse_events.pb.h"
#include "clinic/v1/scheduling.pb.h"
#include "tests/reliability/crash_clinic.h"
#include "tests/reliability/expected_state.h"
#include "tests/reliability/findings.h"
#include "tests/reliability/server_connections.h"

namespace mesoclinic::reliability {

// Every session (cancelled ones included) and every adverse event, by
// name, as the API lists them. Session listings leave treatment records out.
struct ApiView {
  std::map<std::string, clinic::v1::Session> sessions;
  std::map<std::string, clinic::v1::AdverseEvent> events;
};

// Lists every practitioner's sessions and every adverse event. The listings
// by room and by patient must agree with the listing by practitioner; a
// disagreement is a finding.
absl::StatusOr<ApiView> ReadThroughApi(ServerConnections& server,
                                       const CrashClinic& clinic,
                                       Findings& findings);

// The listed sessions and events must be exactly the expected ones, equal
// to their last acknowledged answer (but for treatment records, which
// listings leave out); whatever else is listed is traced to the refused
// operation that wrote it.
void CheckApiView(const ApiView& view, const ExpectedState& expected,
                  Findings& findings);

// Reads with GetSession, which shows treatment records, every session
// changed in `cycle` and a share of the others (a different share each
// cycle): each must equal its last acknowledged answer. Returns how many
// were read.
int CheckSessionDetails(ServerConnections& server, const CrashClinic& clinic,
                        const ExpectedState& expected, int cycle,
                        Findings& findings);

// No two sessions holding their slot overlap for a practitioner, a room or
// a patient.
void CheckNoOverlaps(const ApiView& view, Findings& findings);

// AuditService.VerifyAuditChain must find the chain intact, with at least
// `previous_records` records. Returns the records checked.
int64_t CheckAuditChain(ServerConnections& server, const CrashClinic& clinic,
                        int64_t previous_records, Findings& findings);

// Each patient's history as ListAuditEvents(patient=...) answers it (the
// per-patient index up to its merge point, the newest records' own lists
// after it) must be exactly the records of the whole trail that name the
// patient: none hidden, none added, across the background merge and the
// kill.
void CheckPatientHistories(ServerConnections& server,
                           const CrashClinic& clinic, Findings& findings);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_API_CHECKS_H_

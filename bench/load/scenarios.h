#ifndef MESOCLINIC_BENCH_LOAD_SCENARIOS_H_
#define MESOCLINIC_BENCH_LOAD_SCENARIOS_H_

// The scenarios of the performance issue. Read scenarios pick their next
// request pseudo-randomly from what they were given; booking scenarios
// send every request with a request_id of its own, so none is answered from
// the idempotency records.

#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "bench/load/bench_clinic.h"
#include "bench/load/scenario.h"

namespace mesoclinic::bench {

// grpc.health.v1.Health/Check of the whole server: the cost of a call with
// no work behind it (transport, HTTP/2, thread hand-offs), the baseline
// every other throughput is divided by.
std::unique_ptr<Scenario> HealthCheckScenario();

// PatientService.GetPatient of one of `patients`.
std::unique_ptr<Scenario> GetPatientScenario(std::vector<std::string> patients);

// SchedulingService.ListSessions of one of `days`, one page of `page_size`
// (a front-desk screen showing the day).
std::unique_ptr<Scenario> ListSessionsOfDayScenario(
    std::vector<absl::CivilDay> days, int page_size);

// SchedulingService.FindAvailableSlots of `treatment_type` with any
// practitioner and any room, from one of `first_days` for `span_days` days,
// first page at the default size (a front desk looking for a slot).
std::unique_ptr<Scenario> FindAvailableSlotsScenario(
    std::string treatment_type, std::vector<absl::CivilDay> first_days,
    int span_days);

// SchedulingService.BookSession of each target once, in order, until they
// run out: every booking is for a slot that was free.
std::unique_ptr<Scenario> BookDistinctScenario(
    std::string treatment_type, std::vector<BookingTarget> targets);

// SchedulingService.BookSession of the same few `slots` over and over, each
// time for the next of `patients`: after the first booking of a slot, every
// other one is refused (FAILED_PRECONDITION naming the session already
// there), which is the expected answer.
std::unique_ptr<Scenario> BookContendedScenario(
    std::string treatment_type, std::vector<BookingTarget> slots,
    std::vector<std::string> patients);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_LOAD_SCENARIOS_H_

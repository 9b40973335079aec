#ifndef MESOCLINIC_BENCH_SEED_CLINIC_SEEDER_H_
#define MESOCLINIC_BENCH_SEED_CLINIC_SEEDER_H_

// Years of a busy mesotherapy clinic, invented and written into a database
// so that clinicd can be measured on realistic volume.
//
// The clinic opens Monday to Saturday, 07:00-21:00, in 15-minute slots.
// Practitioners work five days a week (some four) on early, middle or late
// shifts and take leave; the clinic closes on public holidays; rooms close
// for maintenance now and then. Patients come for courses planned by the
// treatment's plugin exactly as BookCourse plans them (course, session
// indexes, gap windows); a course keeps its practitioner, room and time when
// it can, and otherwise moves within the protocol's window to another
// time, room or practitioner, as the front desk would. Single sessions
// after a course fill the history up to the requested number of sessions.
// No practitioner, room or patient ever holds two sessions at once.
//
// Sessions in the past are completed (with a treatment record and the
// protocol's follow-up tasks), cancelled or missed; those under way are
// checked in; those to come are booked or cancelled. A few thousand
// completed sessions are followed by an adverse event, assessed by the
// plugin, with follow-ups; serious events or those of grade 3 or more put
// the course on hold, reviewed (resumed or stopped) when old enough. Every
// patient treated has a consent to the treatment, signed before the course
// was booked. Each change is recorded in the audit trail, in time order.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/seed/bulk_writer.h"
#include "bench/seed/treatment_catalog.h"

namespace mesoclinic::bench {

struct SeedVolume {
  int patients = 100000;
  int64_t sessions = 1000000;
  int practitioners = 50;
  int rooms = 20;
  int front_desk = 6;
  // The history covers this many years up to today (and the bookings
  // already made after it).
  int years = 5;
  // When above 0, the history covers this many days instead: the same
  // busy weeks around today with a short past (the bench's baseline for
  // what a long history costs).
  int history_days = 0;
  // Roughly: adverse events follow completed sessions at this rate overall.
  int adverse_events = 3000;
  // Whether to write the audit records of the history.
  bool audit_history = true;
};

// What was written, for the seeder's report.
struct SeedCounts {
  int64_t staff = 0;
  int64_t api_keys = 0;
  int64_t rooms = 0;
  int64_t closures = 0;
  int64_t patients = 0;
  int64_t archived_patients = 0;
  int64_t consents = 0;
  int64_t courses = 0;
  int64_t sessions = 0;
  std::map<std::string, int64_t> sessions_by_state;
  int64_t single_sessions = 0;
  int64_t unplaced_sessions = 0;  // Planned but found no free slot.
  int64_t follow_up_tasks = 0;
  int64_t adverse_events = 0;
  int64_t adverse_event_follow_ups = 0;
  int64_t safety_holds = 0;
  int64_t audit_records = 0;
};

// Writes the seeded clinic with `writer`, into a database whose first
// admin (staff member `admin_id`) already exists. `now` is the present of
// the history. The same `random_seed` gives the same clinic, ids aside.
absl::StatusOr<SeedCounts> SeedClinic(BulkWriter& writer,
                                      const std::vector<Treatment>& catalog,
                                      const std::string& time_zone,
                                      const std::string& admin_id,
                                      absl::Time now, const SeedVolume& volume,
                                      uint64_t random_seed);

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_CLINIC_SEEDER_H_

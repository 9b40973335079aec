#ifndef MESOCLINIC_BENCH_SEED_AUDIT_HISTORY_H_
#define MESOCLINIC_BENCH_SEED_AUDIT_HISTORY_H_

// The audit records of a seeded clinic's history: one per change the
// server would have audited (a patient registered, a consent recorded, a
// course booked, a session checked in, completed, cancelled...). The
// history is generated course by course, not in time order, so records are
// kept compact until the end, then sorted by time and appended to the hash
// chain in that order.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "bench/seed/bulk_writer.h"
#include "core/staff/staff_member.h"

namespace mesoclinic::bench {

class AuditHistory {
 public:
  // `staff_ids` and `patient_ids` name staff and patients by index in the
  // records; both must outlive Write.
  AuditHistory(const std::vector<std::string>& staff_ids,
               const std::vector<staff::Role>& staff_roles,
               const std::vector<std::string>& patient_ids);

  // A successful call of `method` ("/clinic.v1.PatientService/
  // CreatePatient") by staff member `staff` at `time`, on the resource
  // `collection`/`id` ("patients", a 16-character id) of patient `patient`
  // (-1: no patient).
  void Add(absl::Time time, int staff, absl::string_view method,
           absl::string_view collection, absl::string_view id, int patient);

  int64_t size() const { return static_cast<int64_t>(records_.size()); }

  // Appends every record, oldest first, to the chain.
  absl::Status Write(BulkWriter& writer);

 private:
  // Millions of these are kept: small, with the repeated strings interned.
  struct Record {
    int64_t micros;
    int32_t patient;
    uint16_t staff;
    uint8_t method;
    uint8_t collection;
    std::array<char, 16> id;
  };

  static uint8_t Intern(std::vector<std::string>& strings,
                        absl::string_view text);

  const std::vector<std::string>& staff_ids_;
  const std::vector<staff::Role>& staff_roles_;
  const std::vector<std::string>& patient_ids_;
  std::vector<std::string> methods_;
  std::vector<std::string> collections_;
  std::vector<Record> records_;
};

}  // namespace mesoclinic::bench

#endif  // MESOCLINIC_BENCH_SEED_AUDIT_HISTORY_H_

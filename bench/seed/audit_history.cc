#include "bench/seed/audit_history.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"

#include "core/audit/audit_event.h"

namespace mesoclinic::bench {

AuditHistory::AuditHistory(const std::vector<std::string>& staff_ids,
                           const std::vector<staff::Role>& staff_roles,
                           const std::vector<std::string>& patient_ids)
    : staff_ids_(staff_ids),
      staff_roles_(staff_roles),
      patient_ids_(patient_ids) {}

uint8_t AuditHistory::Intern(std::vector<std::string>& strings,
                             absl::string_view text) {
  auto known = std::find(strings.begin(), strings.end(), text);
  if (known == strings.end()) {
    strings.emplace_back(text);
    known = std::prev(strings.end());
  }
  return static_cast<uint8_t>(known - strings.begin());
}

void AuditHistory::Add(absl::Time time, int staff, absl::string_view method,
                       absl::string_view collection, absl::string_view id,
                       int patient) {
  Record record{absl::ToUnixMicros(time), patient,
                static_cast<uint16_t>(staff), Intern(methods_, method),
                Intern(collections_, collection), {}};
  std::copy_n(id.begin(), std::min(id.size(), record.id.size()),
              record.id.begin());
  records_.push_back(record);
}

absl::Status AuditHistory::Write(BulkWriter& writer) {
  std::stable_sort(records_.begin(), records_.end(),
                   [](const Record& a, const Record& b) {
                     return a.micros < b.micros;
                   });
  for (const Record& record : records_) {
    audit::AuditEvent event;
    event.time = absl::FromUnixMicros(record.micros);
    event.staff_id = staff_ids_[record.staff];
    event.role = staff_roles_[record.staff];
    event.method = methods_[record.method];
    event.resource = absl::StrCat(
        collections_[record.collection], "/",
        absl::string_view(record.id.data(),
                          strnlen(record.id.data(), record.id.size())));
    if (record.patient >= 0) event.patient_ids = {patient_ids_[record.patient]};
    if (absl::Status appended =
            audit::AppendAuditEvent(writer.audit(), std::move(event));
        !appended.ok()) {
      return appended;
    }
    if (absl::Status counted = writer.Wrote(); !counted.ok()) return counted;
  }
  records_.clear();
  records_.shrink_to_fit();
  return absl::OkStatus();
}

}  // namespace mesoclinic::bench

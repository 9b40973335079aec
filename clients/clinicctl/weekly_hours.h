#ifndef MESOCLINIC_CLIENTS_CLINICCTL_WEEKLY_HOURS_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_WEEKLY_HOURS_H_

// Weekly hours as people type them: "mon-fri 09:00-18:00", "sat 09:00-12:30",
// "mon,wed 14:00-20:00".

#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "clinic/v1/clinic.pb.h"

namespace mesoclinic::clinicctl {

// Adds the ranges `text` describes to `hours`. A UsageError names `what`.
void AddWeeklyRanges(absl::string_view text, absl::string_view what,
                     clinic::v1::WeeklyHours& hours);

// One line per day with hours: {"monday", "09:00-12:00, 14:00-18:00"}.
std::vector<std::pair<std::string, std::string>> DescribeWeeklyHours(
    const clinic::v1::WeeklyHours& hours);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_WEEKLY_HOURS_H_

#include "core/treatments/follow_up_plan.h"

#include "absl/time/time.h"
#include "core/base/resource_name.h"

namespace mesoclinic::treatments {

std::vector<adverse_events::FollowUpTask> FollowUpTasksAfter(
    const clinic::plugin::v1::PluginDescription& protocol,
    const scheduling::Session& session) {
  std::vector<adverse_events::FollowUpTask> tasks;
  for (const clinic::plugin::v1::FollowUpCheck& check :
       protocol.follow_up_checks()) {
    tasks.push_back({
        .id = NewResourceId(),
        .session_id = session.id,
        .patient_id = session.patient_id,
        .practitioner_id = session.practitioner_id,
        .code = check.code(),
        .title = check.name(),
        .look_for = check.look_for(),
        .due_time =
            session.time.start + absl::Seconds(check.offset().seconds()),
    });
  }
  return tasks;
}

}  // namespace mesoclinic::treatments

#ifndef MESOCLINIC_CORE_TREATMENTS_FOLLOW_UP_PLAN_H_
#define MESOCLINIC_CORE_TREATMENTS_FOLLOW_UP_PLAN_H_

#include <vector>

#include "clinic/plugin/v1/plugin.pb.h"
#include "core/adverse_events/adverse_event_repository.h"
#include "core/scheduling/session.h"

namespace mesoclinic::treatments {

// The protocol's post-session checks for `session`, as tasks for its
// practitioner, each due its check's offset after the session started:
// what completing a session creates, so that late complications (infections
// appear 1 to 12 weeks later) are looked for. Each task has a new id and is
// not done.
std::vector<adverse_events::FollowUpTask> FollowUpTasksAfter(
    const clinic::plugin::v1::PluginDescription& protocol,
    const scheduling::Session& session);

}  // namespace mesoclinic::treatments

#endif  // MESOCLINIC_CORE_TREATMENTS_FOLLOW_UP_PLAN_H_

#ifndef MESOCLINIC_CORE_SCHEDULING_DECISION_CONTEXT_H_
#define MESOCLINIC_CORE_SCHEDULING_DECISION_CONTEXT_H_

// What every scheduling decision is made with: one transaction's storage,
// the treatment plugins, the one way sessions change, and who decides when.

#include <string>

#include "absl/time/time.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scheduling/session_changes.h"
#include "core/staff/staff_member.h"
#include "core/storage/store.h"

namespace mesoclinic::scheduling {

struct DecisionContext {
  storage::Transaction& transaction;
  const plugin_host::PluginRegistry& plugins;
  SessionChanges& changes;
  // The staff member deciding, and their role: a practitioner learns the
  // clinical reasons of a refusal, the front desk does not.
  std::string staff_id;
  staff::Role role = staff::Role::kUnspecified;
  // When the decision is made; every timestamp it writes uses it.
  absl::Time now;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_DECISION_CONTEXT_H_

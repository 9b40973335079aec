#ifndef MESOCLINIC_CORE_SCHEDULING_JURISDICTION_CHANGE_H_
#define MESOCLINIC_CORE_SCHEDULING_JURISDICTION_CHANGE_H_

// Whether the clinic may move to another jurisdiction.
//
// A jurisdiction can forbid a treatment type (PluginDescription.
// forbidden_jurisdictions). Moving the clinic into one while sessions of
// that type are still booked would leave patients expecting a treatment the
// clinic may not give; the change is refused, naming those sessions, so that
// the clinic cancels them (and tells the patients) first. Refusing, rather
// than flagging the sessions, keeps the rule simple: no session is ever
// booked for a forbidden type.

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/storage/store.h"

namespace mesoclinic::scheduling {

// OK when no session booked or checked in from `now` on is of a treatment
// type `jurisdiction` forbids. Otherwise FAILED_PRECONDITION
// (TREATMENT_FORBIDDEN_IN_JURISDICTION) naming the treatment type, how many
// sessions and the first few of them.
absl::Status CheckJurisdictionChange(storage::Transaction& transaction,
                                     const plugin_host::PluginRegistry& plugins,
                                     absl::string_view jurisdiction,
                                     absl::Time now);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_JURISDICTION_CHANGE_H_

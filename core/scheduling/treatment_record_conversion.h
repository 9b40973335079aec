#ifndef MESOCLINIC_CORE_SCHEDULING_TREATMENT_RECORD_CONVERSION_H_
#define MESOCLINIC_CORE_SCHEDULING_TREATMENT_RECORD_CONVERSION_H_

// A session's treatment record as the treatment's plugin reads it
// (clinic.plugin.v1.TreatmentRecord), and the plugin's field paths back in
// the API's names.

#include <string>

#include "absl/strings/string_view.h"
#include "clinic/plugin/v1/plugin.pb.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

// `record` of the course session at `session_index`, without the patient's
// facts (the caller adds them).
clinic::plugin::v1::TreatmentRecord PluginTreatmentRecord(
    const TreatmentRecord& record, int session_index);

// A plugin's TreatmentRecord field path in the API's names
// ("outcome_measurements[0].code" -> "outcomes[0].code").
std::string ApiFieldPath(absl::string_view plugin_path);

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_TREATMENT_RECORD_CONVERSION_H_

#include "core/scheduling/treatment_record_conversion.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace mesoclinic::scheduling {

namespace plugin = ::clinic::plugin::v1;

plugin::TreatmentRecord PluginTreatmentRecord(const TreatmentRecord& record,
                                              int session_index) {
  plugin::TreatmentRecord out;
  out.set_session_index(session_index);
  for (const std::string& area : record.areas) out.add_body_areas(area);
  for (const ProductUse& use : record.products) {
    plugin::TreatmentProduct& product = *out.add_products();
    product.set_product(use.product);
    product.set_lot_number(use.lot_number);
    product.set_concentration(use.concentration);
    product.set_volume_ml(use.volume_ml);
    product.set_depth_mm(use.depth_mm);
    product.set_injection_points(use.injection_points);
    product.set_area(use.area);
  }
  for (const OutcomeMeasurement& outcome : record.outcomes) {
    plugin::OutcomeMeasurement& measurement = *out.add_outcome_measurements();
    measurement.set_code(outcome.code);
    measurement.set_site(outcome.site);
    measurement.set_value(outcome.value);
  }
  return out;
}

std::string ApiFieldPath(absl::string_view plugin_path) {
  for (const auto& [plugin_name, api_name] :
       {std::pair<absl::string_view, absl::string_view>{"outcome_measurements",
                                                        "outcomes"},
        {"body_areas", "areas"}}) {
    if (absl::StartsWith(plugin_path, plugin_name)) {
      return absl::StrCat(api_name, plugin_path.substr(plugin_name.size()));
    }
  }
  return std::string(plugin_path);
}

}  // namespace mesoclinic::scheduling

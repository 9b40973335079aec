#include "core/scheduling/treatment_record_checks.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/base/field_rules.h"
#include "core/scheduling/treatment_record_conversion.h"

namespace mesoclinic::scheduling {
namespace {

constexpr absl::string_view kRecord = "treatment_record";
// A treatment record lists what one session did: its areas, products and
// outcomes are a handful each, and bounded before a plugin reads them.
constexpr std::size_t kMaxRecordEntries = 100;

std::string Entry(absl::string_view list, int index) {
  return absl::StrCat(kRecord, ".", list, "[", index, "]");
}

void CheckProduct(const ProductUse& use, const std::string& path,
                  FieldViolations& violations) {
  violations.Check(CheckText(FieldPath(path, "lot_number"), use.lot_number,
                             {.required = true, .max_length = 64}));
  violations.Check(CheckText(FieldPath(path, "product"), use.product,
                             {.required = true, .max_length = 200}));
  violations.Check(
      CheckText(FieldPath(path, "area"), use.area, {.max_length = 100}));
  for (const auto& [name, amount] :
       {std::pair<absl::string_view, double>{"concentration",
                                             use.concentration},
        {"volume_ml", use.volume_ml},
        {"depth_mm", use.depth_mm}}) {
    if (!std::isfinite(amount) || amount < 0) {
      violations.Add(FieldPath(path, name), "must be a number, 0 or more");
    }
  }
  if (use.injection_points < 0) {
    violations.Add(FieldPath(path, "injection_points"),
                   "must not be negative");
  }
}

absl::Status Invalid(const FieldViolations& violations) {
  return WithReason(violations.Result(), reasons::kTreatmentRecordInvalid);
}

}  // namespace

absl::Status CheckRecordShape(const TreatmentRecord& record) {
  FieldViolations violations;
  violations.Check(CheckText(FieldPath(kRecord, "notes"), record.notes,
                             {.max_length = 10000, .multiline = true}));
  for (const auto& [list, size] :
       {std::pair<absl::string_view, std::size_t>{"areas",
                                                  record.areas.size()},
        {"products", record.products.size()},
        {"outcomes", record.outcomes.size()}}) {
    violations.Check(
        CheckEntryCount(FieldPath(kRecord, list), size, kMaxRecordEntries));
  }
  // Past the bounds, the entries are not read: the caller learns of the
  // bound first.
  if (!violations.ok()) return Invalid(violations);
  if (record.areas.empty()) {
    violations.Add("treatment_record.areas", "must name the areas treated");
  }
  for (int i = 0; i < static_cast<int>(record.areas.size()); ++i) {
    violations.Check(CheckText(Entry("areas", i), record.areas[i],
                               {.required = true, .max_length = 100}));
  }
  if (record.products.empty()) {
    violations.Add("treatment_record.products",
                   "must list every product injected");
  }
  for (int i = 0; i < static_cast<int>(record.products.size()); ++i) {
    CheckProduct(record.products[i], Entry("products", i), violations);
  }
  for (int i = 0; i < static_cast<int>(record.outcomes.size()); ++i) {
    const OutcomeMeasurement& outcome = record.outcomes[i];
    const std::string path = Entry("outcomes", i);
    violations.Check(CheckText(FieldPath(path, "code"), outcome.code,
                               {.required = true, .max_length = 64}));
    violations.Check(CheckText(FieldPath(path, "site"), outcome.site,
                               {.max_length = 100}));
    if (!std::isfinite(outcome.value)) {
      violations.Add(FieldPath(path, "value"), "must be a finite number");
    }
  }
  return Invalid(violations);
}

absl::Status RecordViolations(
    const clinic::plugin::v1::TreatmentRecordValidation& validation) {
  FieldViolations violations;
  for (const auto& violation : validation.violations()) {
    violations.Add(FieldPath(kRecord, ApiFieldPath(violation.field())),
                   absl::StrCat(violation.code(), ": ", violation.message()));
  }
  return Invalid(violations);
}

}  // namespace mesoclinic::scheduling

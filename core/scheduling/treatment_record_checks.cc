#include "core/scheduling/treatment_record_checks.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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
        {"outcomes", record.outcomes.size()},
        {"day_of_answers", record.day_of_answers.size()}}) {
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

namespace {

// The first question of `checklist` with this code, or nullptr.
const clinic::plugin::v1::DayOfQuestion* FindQuestion(
    const google::protobuf::RepeatedPtrField<
        clinic::plugin::v1::DayOfQuestion>& checklist,
    absl::string_view code) {
  for (const clinic::plugin::v1::DayOfQuestion& question : checklist) {
    if (question.code() == code) return &question;
  }
  return nullptr;
}

}  // namespace

absl::Status CheckChecklistComplete(
    const google::protobuf::RepeatedPtrField<
        clinic::plugin::v1::DayOfQuestion>& checklist,
    const std::vector<ChecklistAnswer>& answers) {
  FieldViolations violations;
  std::vector<std::string> answered;
  for (int i = 0; i < static_cast<int>(answers.size()); ++i) {
    const std::string& code = answers[i].question;
    const std::string path = FieldPath(Entry("day_of_answers", i), "question");
    if (FindQuestion(checklist, code) == nullptr) {
      violations.Add(path, absl::StrCat("'", code.substr(0, 64),
                                        "' is not a question of the "
                                        "protocol's day-of checklist"));
    } else if (std::find(answered.begin(), answered.end(), code) !=
               answered.end()) {
      violations.Add(path, absl::StrCat("'", code, "' is answered twice"));
    }
    answered.push_back(code);
  }
  for (const clinic::plugin::v1::DayOfQuestion& question : checklist) {
    if (std::find(answered.begin(), answered.end(), question.code()) ==
        answered.end()) {
      violations.Add("treatment_record.day_of_answers",
                     absl::StrCat("question '", question.code(),
                                  "' is not answered: ", question.text()));
    }
  }
  return WithReason(violations.Result(), reasons::kChecklistIncomplete);
}

absl::Status CheckChecklistAnswers(
    const google::protobuf::RepeatedPtrField<
        clinic::plugin::v1::DayOfQuestion>& checklist,
    const std::vector<ChecklistAnswer>& answers) {
  std::vector<std::string> stops;
  std::vector<FieldViolation> fields;
  for (int i = 0; i < static_cast<int>(answers.size()); ++i) {
    const clinic::plugin::v1::DayOfQuestion* question =
        FindQuestion(checklist, answers[i].question);
    if (question == nullptr) continue;
    const auto given = answers[i].yes ? clinic::plugin::v1::DAY_OF_ANSWER_YES
                                      : clinic::plugin::v1::DAY_OF_ANSWER_NO;
    if (given != question->blocking_answer()) continue;
    const std::string said = answers[i].yes ? "yes" : "no";
    stops.push_back(
        absl::StrCat(question->code(), " (\"", question->text(), "\": ", said,
                     ")"));
    fields.push_back({FieldPath(Entry("day_of_answers", i), "yes"),
                      absl::StrCat("'", said, "' to ", question->code(),
                                   " stops the session")});
  }
  if (stops.empty()) return absl::OkStatus();
  absl::Status status = WithReason(
      absl::FailedPreconditionError(absl::StrCat(
          "the day-of checklist stops the session: ",
          absl::StrJoin(stops, "; "))),
      reasons::kChecklistBlocks);
  for (FieldViolation& field : fields) {
    status = WithFieldViolation(std::move(status), std::move(field));
  }
  return status;
}

}  // namespace mesoclinic::scheduling

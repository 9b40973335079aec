// The standard rules: eligibility, course planning, record validation and
// adverse-event assessment computed from a plugin's own PluginDescription.
//
// A plugin whose protocol is fully stated in its description needs nothing
// else: mesoclinic::plugin::Plugin's hooks call these by default. A plugin
// with rules of its own calls them first and adds to the answer. Everything
// here is deterministic and keeps no state, so it is safe to call
// concurrently.
#ifndef MESOCLINIC_STANDARD_RULES_H_
#define MESOCLINIC_STANDARD_RULES_H_

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "clinic/plugin/v1/plugin.pb.h"
#include "mesoclinic/adverse_event_terms.h"
#include "mesoclinic/plugin_status.h"

namespace mesoclinic::plugin::standard {

namespace v1 = ::clinic::plugin::v1;

// ---------------------------------------------------------------------------
// Small helpers, also useful in plugin-specific rules.
// ---------------------------------------------------------------------------

// Declares that the protocol needs `group` confirmed with the patient at most
// `max_age_days` before a session (0: on the day itself). Replaces an
// earlier declaration of the same group.
inline void RequireFact(v1::PluginDescription* description,
                        v1::PatientFactGroup group, int max_age_days) {
  v1::EligibilityCriteria* criteria =
      description->mutable_eligibility_criteria();
  for (v1::RequiredFact& fact : *criteria->mutable_required_facts()) {
    if (fact.group() == group) {
      fact.set_max_age_days(max_age_days);
      return;
    }
  }
  v1::RequiredFact* fact = criteria->add_required_facts();
  fact->set_group(group);
  fact->set_max_age_days(max_age_days);
}

// Adds a question to the day-of checklist; `blocking_answer` stops the
// session.
inline void AddDayOfQuestion(v1::PluginDescription* description,
                             std::string code, std::string text,
                             v1::DayOfAnswer blocking_answer) {
  v1::DayOfQuestion* question = description->add_day_of_checklist();
  question->set_code(std::move(code));
  question->set_text(std::move(text));
  question->set_blocking_answer(blocking_answer);
}

// Formats a number the way messages show it: "4", "2.5", "0.05".
inline std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%g", value);
  return buffer;
}

inline bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list,
                     std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// The allowed product named `name`, or nullptr.
inline const v1::AllowedProduct* FindProduct(
    const v1::PluginDescription& description, std::string_view name) {
  for (const v1::AllowedProduct& product : description.allowed_products()) {
    if (product.name() == name) return &product;
  }
  return nullptr;
}

// The one name a substance goes by, so that an allergy matches a product
// whatever spelling the clinic recorded: lower case, every run of other
// characters one '_' ("Lidocaine HCl" -> "lidocaine_hcl"), salt suffixes
// dropped ("lidocaine_hcl", "lidocaine_hydrochloride" -> "lidocaine"), and
// other names for the same substance mapped to one ("lignocaine", the
// British name, and "xylocaine", a brand, -> "lidocaine"). Only suffixes go:
// "sodium_deoxycholate" stays as recorded.
inline std::string CanonicalSubstance(std::string_view name) {
  std::string code;
  for (const char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      code += c;
    } else if (c >= 'A' && c <= 'Z') {
      code += static_cast<char>(c - 'A' + 'a');
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      code += c;  // UTF-8 passes unchanged.
    } else if (!code.empty() && code.back() != '_') {
      code += '_';
    }
  }
  if (!code.empty() && code.back() == '_') code.pop_back();
  static constexpr std::string_view kSaltSuffixes[] = {
      "_hcl", "_hydrochloride", "_sodium", "_sulfate", "_sulphate"};
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (const std::string_view suffix : kSaltSuffixes) {
      if (code.size() > suffix.size() &&
          std::string_view(code).substr(code.size() - suffix.size()) ==
              suffix) {
        code.resize(code.size() - suffix.size());
        dropped = true;
      }
    }
  }
  // Other name -> the name products list.
  static constexpr std::pair<std::string_view, std::string_view>
      kSynonyms[] = {
          {"lignocaine", "lidocaine"},
          {"xylocaine", "lidocaine"},
          {"acetylsalicylic_acid", "aspirin"},
          {"vitamin_b7", "biotin"},
          {"provitamin_b5", "dexpanthenol"},
      };
  for (const auto& [other, name_used] : kSynonyms) {
    if (code == other) return std::string(name_used);
  }
  return code;
}

// Whether two recorded names denote one substance (see CanonicalSubstance).
inline bool SameSubstance(std::string_view a, std::string_view b) {
  return CanonicalSubstance(a) == CanonicalSubstance(b);
}

// The body-mass index stated, or computed from height and weight; 0 when
// unknown.
inline double EffectiveBmi(const v1::PatientFacts& facts) {
  if (facts.bmi() > 0) return facts.bmi();
  if (facts.height_cm() > 0 && facts.weight_kg() > 0) {
    const double metres = facts.height_cm() / 100.0;
    return facts.weight_kg() / (metres * metres);
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------

// A contraindication code found to apply to a patient, with the evidence.
struct Finding {
  std::string code;
  std::string message;
};

// Checks that the facts are in range: INVALID_ARGUMENT naming the field.
inline Status CheckFacts(const v1::PatientFacts& facts,
                         std::string_view path = "facts") {
  const std::string p(path);
  if (facts.age_years() < 0 || facts.age_years() > 130) {
    return InvalidArgumentError(p + ".age_years: must be 0 (unknown) to 130");
  }
  if (facts.height_cm() < 0 || facts.height_cm() > 300) {
    return InvalidArgumentError(p + ".height_cm: must be 0 (unknown) to 300");
  }
  if (facts.weight_kg() < 0 || facts.weight_kg() > 700) {
    return InvalidArgumentError(p + ".weight_kg: must be 0 (unknown) to 700");
  }
  if (facts.bmi() < 0 || facts.bmi() > 200) {
    return InvalidArgumentError(p + ".bmi: must be 0 (unknown) to 200");
  }
  if (facts.session_in_days() < 0) {
    return InvalidArgumentError(p +
                                ".session_in_days: must not be negative");
  }
  for (int i = 0; i < facts.medications_size(); ++i) {
    if (facts.medications(i).days_since_last_taken() < -1) {
      return InvalidArgumentError(
          p + ".medications[" + std::to_string(i) +
          "].days_since_last_taken: must be -1 (unknown) or more");
    }
  }
  return OkStatus();
}

// Every contraindication code the facts establish, derived ones (see
// Contraindication.code in plugin.proto) and condition codes, plus warnings
// about facts the description's rules need but the patient record lacks.
struct FactsFindings {
  std::vector<Finding> present;       // Codes that apply to the patient.
  std::vector<Finding> missing_data;  // Warnings: "bmi_unknown", ...
};

inline FactsFindings FindContraindications(
    const v1::PluginDescription& description, const v1::PatientFacts& facts) {
  FactsFindings out;
  const v1::EligibilityCriteria& criteria = description.eligibility_criteria();
  const bool male = facts.sex() == v1::SEX_MALE;

  switch (facts.pregnancy_status()) {
    case v1::PREGNANCY_STATUS_PREGNANT:
      out.present.push_back({"pregnancy", "the patient is pregnant"});
      break;
    case v1::PREGNANCY_STATUS_BREASTFEEDING:
      out.present.push_back({"breastfeeding", "the patient is breastfeeding"});
      break;
    case v1::PREGNANCY_STATUS_NOT_PREGNANT:
      break;
    case v1::PREGNANCY_STATUS_UNKNOWN:
    case v1::PREGNANCY_STATUS_UNSPECIFIED:
    default: {
      const bool childbearing_age =
          facts.age_years() == 0 ||
          (facts.age_years() >= 12 && facts.age_years() <= 55);
      if (!male && childbearing_age) {
        out.present.push_back(
            {"possible_pregnancy",
             facts.pregnancy_status() == v1::PREGNANCY_STATUS_UNKNOWN
                 ? "the patient does not know whether she is pregnant"
                 : "pregnancy status has not been recorded"});
      }
      break;
    }
  }

  // NSAIDs taken within `washout` days before the session, anticoagulants
  // within as many days and at least a week. Neither message tells anyone
  // to stop a medicine: an anticoagulant (warfarin, a DOAC) is prescribed
  // for a reason, and so may aspirin be (for the heart); only the
  // prescriber decides to pause one. The patient on an anticoagulant is not
  // a candidate unless the prescriber decides otherwise (domain brief).
  const int washout = criteria.nsaid_free_days_before_session();
  auto check_medication = [&](const v1::PatientMedication& medication,
                              const std::string& code, int required_days,
                              const std::string& consequence) {
    const std::string what =
        medication.name().empty() ? std::string("a medication")
                                  : medication.name();
    if (medication.ongoing()) {
      out.present.push_back({code, what + " is taken now; " + consequence});
    } else if (medication.days_since_last_taken() < 0) {
      out.missing_data.push_back({code + "_last_dose_unknown",
                                  "when " + what +
                                      " was last taken is not recorded"});
    } else {
      const int days_before_session =
          medication.days_since_last_taken() + facts.session_in_days();
      if (days_before_session < required_days) {
        out.present.push_back(
            {code, what + " last taken " + std::to_string(days_before_session) +
                       " days before the session; " + consequence});
      }
    }
  };
  for (const v1::PatientMedication& medication : facts.medications()) {
    if (medication.is_nsaid() && washout > 0) {
      check_medication(
          medication, "recent_nsaid", washout,
          std::to_string(washout) +
              " NSAID-free days are required before the session; a "
              "prescribed one (aspirin for the heart, for one) is paused "
              "only by its prescriber");
    }
    if (medication.is_anticoagulant()) {
      check_medication(medication, "anticoagulant_therapy",
                       std::max(washout, 7),
                       "an anticoagulant is prescribed for a reason: not a "
                       "candidate unless the prescriber decides otherwise");
    }
  }

  const double bmi = EffectiveBmi(facts);
  if (criteria.max_bmi() > 0) {
    if (bmi == 0) {
      out.missing_data.push_back(
          {"bmi_unknown", "height and weight are not recorded; the protocol "
                          "has a BMI ceiling of " +
                              FormatNumber(criteria.max_bmi())});
    } else if (bmi > criteria.max_bmi()) {
      out.present.push_back(
          {"bmi_over_ceiling",
           "BMI " + FormatNumber(std::round(bmi * 10) / 10) +
               " is above the protocol's ceiling of " +
               FormatNumber(criteria.max_bmi()) +
               "; this is not a weight-loss treatment"});
    }
  }

  if (criteria.min_age_years() > 0) {
    if (facts.age_years() == 0) {
      out.missing_data.push_back({"age_unknown", "the patient's age is not "
                                                 "recorded"});
    } else if (facts.age_years() < criteria.min_age_years()) {
      out.present.push_back(
          {"under_minimum_age",
           "the patient is " + std::to_string(facts.age_years()) +
               "; the protocol treats from " +
               std::to_string(criteria.min_age_years())});
    }
  }

  for (const std::string& condition : facts.condition_codes()) {
    out.present.push_back({condition, "recorded condition: " + condition});
  }
  return out;
}

// The products the facts exclude, each with its reason: the product's own
// excluded_when codes, and allergies naming one of its substances or its
// category.
inline std::vector<v1::ExcludedProduct> FindExcludedProducts(
    const v1::PluginDescription& description, const v1::PatientFacts& facts,
    const std::vector<Finding>& present) {
  std::vector<v1::ExcludedProduct> excluded;
  for (const v1::AllowedProduct& product : description.allowed_products()) {
    v1::ExcludedProduct exclusion;
    for (const Finding& finding : present) {
      if (Contains(product.excluded_when(), finding.code)) {
        exclusion.set_product(product.name());
        exclusion.set_reason_code(finding.code);
        exclusion.set_message(product.name() + " must not be used: " +
                              finding.message);
        break;
      }
    }
    if (exclusion.product().empty()) {
      for (const v1::PatientAllergy& allergy : facts.allergies()) {
        const auto same = [&](const std::string& substance) {
          return SameSubstance(substance, allergy.substance());
        };
        if (std::any_of(product.substances().begin(),
                        product.substances().end(), same) ||
            (!product.category().empty() && same(product.category()))) {
          exclusion.set_product(product.name());
          exclusion.set_reason_code("product_allergy");
          exclusion.set_message(product.name() +
                                " must not be used: allergy to " +
                                allergy.substance());
          break;
        }
      }
    }
    if (!exclusion.product().empty()) excluded.push_back(std::move(exclusion));
  }
  return excluded;
}

inline void AddReason(v1::EligibilityResult* result, std::string code,
                      std::string message, bool blocking) {
  v1::EligibilityReason* reason = result->add_reasons();
  reason->set_code(std::move(code));
  reason->set_message(std::move(message));
  reason->set_blocking(blocking);
}

// Puts blocking reasons first (keeping their order) and sets `eligible`.
inline void FinishEligibility(v1::EligibilityResult* result) {
  std::vector<v1::EligibilityReason> reasons(result->reasons().begin(),
                                             result->reasons().end());
  std::stable_partition(
      reasons.begin(), reasons.end(),
      [](const v1::EligibilityReason& r) { return r.blocking(); });
  result->clear_reasons();
  bool eligible = true;
  for (v1::EligibilityReason& reason : reasons) {
    eligible = eligible && !reason.blocking();
    *result->add_reasons() = std::move(reason);
  }
  result->set_eligible(eligible);
}

// Evaluates the description's contraindications and product exclusions.
// Absolute contraindications block, relative ones warn; missing facts the
// rules need warn; a patient for whom every product is excluded is blocked.
inline StatusOr<v1::EligibilityResult> CheckEligibility(
    const v1::PluginDescription& description,
    const v1::EligibilityRequest& request) {
  if (Status status = CheckFacts(request.facts()); !status.ok()) return status;
  for (int i = 0; i < request.body_areas_size(); ++i) {
    if (!Contains(description.body_areas(), request.body_areas(i))) {
      return InvalidArgumentError("body_areas[" + std::to_string(i) + "]: '" +
                                  request.body_areas(i) + "' is not treated by " +
                                  description.id());
    }
  }
  const FactsFindings findings =
      FindContraindications(description, request.facts());

  v1::EligibilityResult result;
  for (const v1::Contraindication& contraindication :
       description.contraindications()) {
    for (const Finding& finding : findings.present) {
      if (finding.code != contraindication.code()) continue;
      AddReason(&result, finding.code,
                contraindication.description() + ": " + finding.message,
                contraindication.severity() ==
                    v1::CONTRAINDICATION_SEVERITY_ABSOLUTE);
      break;
    }
  }
  for (const Finding& warning : findings.missing_data) {
    AddReason(&result, warning.code, warning.message, /*blocking=*/false);
  }
  for (v1::ExcludedProduct& excluded :
       FindExcludedProducts(description, request.facts(), findings.present)) {
    AddReason(&result, excluded.reason_code(), excluded.message(),
              /*blocking=*/false);
    *result.add_excluded_products() = std::move(excluded);
  }
  if (description.allowed_products_size() > 0 &&
      result.excluded_products_size() == description.allowed_products_size()) {
    AddReason(&result, "no_product_available",
              "every product of the protocol is excluded for this patient",
              /*blocking=*/true);
  }
  FinishEligibility(&result);
  return result;
}

// ---------------------------------------------------------------------------
// Course planning
// ---------------------------------------------------------------------------

// The calendar day of a LocalDateTime, when it is a real date.
inline bool ToCivilDay(const v1::LocalDateTime& when,
                       std::chrono::sys_days* day) {
  if (when.year() < 1 || when.year() > 9999) return false;
  const std::chrono::year_month_day ymd{
      std::chrono::year{when.year()},
      std::chrono::month{static_cast<unsigned>(when.month())},
      std::chrono::day{static_cast<unsigned>(when.day())}};
  if (when.month() < 1 || when.day() < 1 || !ymd.ok()) return false;
  *day = std::chrono::sys_days{ymd};
  return true;
}

// `start` (a date ToCivilDay takes) moved by whole days, keeping the
// wall-clock time.
inline v1::LocalDateTime AddDays(const v1::LocalDateTime& start, int days) {
  std::chrono::sys_days day;
  ToCivilDay(start, &day);
  const std::chrono::year_month_day ymd{day + std::chrono::days{days}};
  v1::LocalDateTime out = start;
  out.set_year(static_cast<int>(ymd.year()));
  out.set_month(static_cast<int>(static_cast<unsigned>(ymd.month())));
  out.set_day(static_cast<int>(static_cast<unsigned>(ymd.day())));
  return out;
}

// Whole days from `a` to `b` (negative when b is earlier), dates only.
inline int DaysBetween(const v1::LocalDateTime& a, const v1::LocalDateTime& b) {
  std::chrono::sys_days day_a, day_b;
  ToCivilDay(a, &day_a);
  ToCivilDay(b, &day_b);
  return static_cast<int>((day_b - day_a).count());
}

inline Status CheckLocalDateTime(const v1::LocalDateTime& when,
                                 const std::string& field) {
  std::chrono::sys_days ignored;
  if (!ToCivilDay(when, &ignored)) {
    return InvalidArgumentError(
        field + ": " + std::to_string(when.year()) + "-" +
        std::to_string(when.month()) + "-" + std::to_string(when.day()) +
        " is not a calendar date");
  }
  if (when.hour() < 0 || when.hour() > 23) {
    return InvalidArgumentError(field + ".hour: must be 0 to 23");
  }
  if (when.minute() < 0 || when.minute() > 59) {
    return InvalidArgumentError(field + ".minute: must be 0 to 59");
  }
  return OkStatus();
}

// The sessions a course proper holds when the request states no count.
inline int DefaultSessionCount(const v1::Course& course) {
  int phase_minimum = 0;
  for (const v1::CoursePhase& phase : course.phases()) {
    if (!phase.maintenance()) phase_minimum += phase.min_sessions();
  }
  return std::max(course.min_total_sessions(), phase_minimum);
}

inline int DefaultInterval(const v1::CoursePhase& phase) {
  return phase.default_interval_days() > 0 ? phase.default_interval_days()
                                           : phase.min_interval_days();
}

// Plans the course: each phase gets its minimum, extra sessions fill the
// phases in order up to their maximum; sessions keep the first session's
// wall-clock time; the first phase uses the preferred spacing, later phases
// their default; the maintenance phase, when asked for, adds its minimum
// count, once per round asked for when the phase repeats. Rejects a request
// outside the protocol with INVALID_ARGUMENT.
inline StatusOr<v1::CoursePlan> PlanCourse(
    const v1::PluginDescription& description,
    const v1::PlanCourseRequest& request) {
  const v1::Course& course = description.course();
  if (Status status =
          CheckLocalDateTime(request.first_session(), "first_session");
      !status.ok()) {
    return status;
  }
  std::vector<const v1::CoursePhase*> phases;
  const v1::CoursePhase* maintenance = nullptr;
  for (const v1::CoursePhase& phase : course.phases()) {
    if (phase.maintenance()) {
      maintenance = &phase;
    } else {
      phases.push_back(&phase);
    }
  }
  if (phases.empty()) {
    return FailedPreconditionError("the protocol has no course phases");
  }

  const int count = request.session_count() == 0 ? DefaultSessionCount(course)
                                                 : request.session_count();
  if (count < course.min_total_sessions() ||
      count > course.max_total_sessions()) {
    return InvalidArgumentError(
        "session_count: " + std::to_string(count) +
        " is outside the protocol's " +
        std::to_string(course.min_total_sessions()) + " to " +
        std::to_string(course.max_total_sessions()) + " sessions");
  }
  const v1::CoursePhase& first_phase = *phases.front();
  int first_interval = DefaultInterval(first_phase);
  if (request.preferred_interval_days() != 0) {
    first_interval = request.preferred_interval_days();
    if (first_interval < first_phase.min_interval_days() ||
        first_interval > first_phase.max_interval_days()) {
      return InvalidArgumentError(
          "preferred_interval_days: " + std::to_string(first_interval) +
          " is outside the " + first_phase.name() + " phase's " +
          std::to_string(first_phase.min_interval_days()) + " to " +
          std::to_string(first_phase.max_interval_days()) + " days");
    }
  }

  // Touch-ups that keep results go on for as long as the patient continues;
  // a plan books a few rounds ahead, not a lifetime.
  constexpr int kMaxMaintenanceRounds = 100;
  const int rounds = std::max(1, request.maintenance_rounds());
  if (request.maintenance_rounds() < 0 ||
      request.maintenance_rounds() > kMaxMaintenanceRounds ||
      (rounds > 1 && (maintenance == nullptr || !maintenance->repeats()))) {
    return InvalidArgumentError(
        "maintenance_rounds: " + std::to_string(request.maintenance_rounds()) +
        (rounds > 1 && rounds <= kMaxMaintenanceRounds
             ? " rounds, but the protocol's maintenance does not repeat"
             : " must be 0 to " + std::to_string(kMaxMaintenanceRounds)));
  }

  std::vector<int> per_phase;
  int remaining = count;
  for (const v1::CoursePhase* phase : phases) {
    per_phase.push_back(phase->min_sessions());
    remaining -= phase->min_sessions();
  }
  for (size_t i = 0; i < phases.size() && remaining > 0; ++i) {
    const int extra =
        std::min(remaining, phases[i]->max_sessions() - per_phase[i]);
    per_phase[i] += extra;
    remaining -= extra;
  }
  if (remaining != 0) {
    return InvalidArgumentError("session_count: " + std::to_string(count) +
                                " does not fit the protocol's phases");
  }

  v1::CoursePlan plan;
  *plan.mutable_session_length() = description.session_length();
  v1::LocalDateTime when = request.first_session();
  // Set when a session would fall after 9999-12-31, the last date
  // LocalDateTime holds (and AddDays takes).
  bool past_last_date = false;
  auto add_session = [&](const v1::CoursePhase& phase, int interval) {
    if (past_last_date) return;
    const int index = plan.sessions_size();
    if (index > 0) {
      when = AddDays(when, interval);
      std::chrono::sys_days ignored;
      if (!ToCivilDay(when, &ignored)) {
        past_last_date = true;
        return;
      }
    }
    v1::PlannedSession* session = plan.add_sessions();
    session->set_index(index);
    session->set_phase(phase.name());
    if (index > 0) {
      session->set_min_days_after_previous(phase.min_interval_days());
      session->set_max_days_after_previous(phase.max_interval_days());
    }
    *session->mutable_start() = when;
  };
  for (size_t i = 0; i < phases.size(); ++i) {
    const int interval = i == 0 ? first_interval : DefaultInterval(*phases[i]);
    for (int n = 0; n < per_phase[i]; ++n) add_session(*phases[i], interval);
  }
  if (request.include_maintenance() && maintenance != nullptr) {
    for (int round = 0; round < rounds; ++round) {
      for (int n = 0; n < maintenance->min_sessions(); ++n) {
        add_session(*maintenance, DefaultInterval(*maintenance));
      }
    }
  }
  if (past_last_date) {
    return InvalidArgumentError(
        "first_session: the course would end after the year 9999");
  }
  return plan;
}

// ---------------------------------------------------------------------------
// Treatment records
// ---------------------------------------------------------------------------

inline void AddViolation(v1::TreatmentRecordValidation* validation,
                         std::string field, std::string code,
                         std::string message) {
  v1::RecordViolation* violation = validation->add_violations();
  violation->set_field(std::move(field));
  violation->set_code(std::move(code));
  violation->set_message(std::move(message));
}

// Checks every line against the allowed products and their per-session
// limits (volumes and injection points summed per product), the depth
// range (neither points nor depth for a topical product), the areas, the
// lot number, the outcome measures, and, when the record carries patient
// facts, the product exclusions (allergies matched by substance, numbing
// cream included when the protocol lists it as a product).
inline StatusOr<v1::TreatmentRecordValidation> ValidateTreatmentRecord(
    const v1::PluginDescription& description,
    const v1::TreatmentRecord& record) {
  v1::TreatmentRecordValidation validation;
  if (record.session_index() < 0) {
    AddViolation(&validation, "session_index", "invalid_session_index",
                 "session_index must not be negative");
  }
  for (int i = 0; i < record.body_areas_size(); ++i) {
    if (!Contains(description.body_areas(), record.body_areas(i))) {
      AddViolation(&validation, "body_areas[" + std::to_string(i) + "]",
                   "unknown_area",
                   "'" + record.body_areas(i) + "' is not treated by " +
                       description.id());
    }
  }

  std::vector<v1::ExcludedProduct> excluded;
  if (record.has_patient_facts()) {
    const FactsFindings findings =
        FindContraindications(description, record.patient_facts());
    excluded = FindExcludedProducts(description, record.patient_facts(),
                                    findings.present);
  }

  std::map<std::string, double> volume_so_far;
  std::map<std::string, int> points_so_far;
  for (int i = 0; i < record.products_size(); ++i) {
    const v1::TreatmentProduct& line = record.products(i);
    const std::string path = "products[" + std::to_string(i) + "]";
    const v1::AllowedProduct* product = FindProduct(description, line.product());
    if (product == nullptr) {
      AddViolation(&validation, path + ".product", "product_not_allowed",
                   "'" + line.product() + "' is not an allowed product of " +
                       description.id());
    }
    if (line.lot_number().empty()) {
      AddViolation(&validation, path + ".lot_number", "lot_number_missing",
                   "the lot number must be recorded");
    }
    if (!Contains(description.body_areas(), line.area())) {
      AddViolation(&validation, path + ".area", "unknown_area",
                   "'" + line.area() + "' is not treated by " +
                       description.id());
    } else if (record.body_areas_size() > 0 &&
               !Contains(record.body_areas(), line.area())) {
      AddViolation(&validation, path + ".area", "area_not_recorded",
                   "'" + line.area() + "' is not among the record's areas");
    }
    if (line.volume_ml() <= 0) {
      AddViolation(&validation, path + ".volume_ml", "volume_missing",
                   "the volume injected must be recorded");
    }
    const v1::DepthRange& depth = product != nullptr &&
                                          product->has_depth_override_mm()
                                      ? product->depth_override_mm()
                                      : description.injection_depth_mm();
    // A cream on the skin has no depth and no injection points.
    const bool topical = product != nullptr && product->topical();
    if (!topical && (line.depth_mm() < depth.min_mm() ||
                     line.depth_mm() > depth.max_mm())) {
      AddViolation(&validation, path + ".depth_mm", "depth_out_of_range",
                   FormatNumber(line.depth_mm()) + " mm is outside " +
                       FormatNumber(depth.min_mm()) + " to " +
                       FormatNumber(depth.max_mm()) + " mm");
    }
    if (product == nullptr) continue;

    for (const v1::ExcludedProduct& exclusion : excluded) {
      if (exclusion.product() == product->name()) {
        AddViolation(&validation, path + ".product",
                     "product_excluded_for_patient", exclusion.message());
      }
    }
    if (product->max_concentration() > 0) {
      if (line.concentration() <= 0) {
        AddViolation(&validation, path + ".concentration",
                     "concentration_missing",
                     product->name() + ": the concentration (" +
                         product->concentration_unit() +
                         ") must be recorded");
      } else if (line.concentration() > product->max_concentration()) {
        AddViolation(&validation, path + ".concentration",
                     "concentration_over_limit",
                     product->name() + ": " +
                         FormatNumber(line.concentration()) + " " +
                         product->concentration_unit() + "; at most " +
                         FormatNumber(product->max_concentration()) + " " +
                         product->concentration_unit());
      }
    }
    const double volume_before = volume_so_far[product->name()];
    const double volume_after = volume_before + std::max(0.0, line.volume_ml());
    volume_so_far[product->name()] = volume_after;
    // Reported once, on the line that crosses the limit.
    if (volume_after > product->max_volume_ml_per_session() + 1e-9 &&
        volume_before <= product->max_volume_ml_per_session() + 1e-9) {
      AddViolation(&validation, path + ".volume_ml", "dose_over_limit",
                   product->name() + ": " + FormatNumber(volume_after) +
                       " ml in this session; at most " +
                       FormatNumber(product->max_volume_ml_per_session()) +
                       " ml");
    }
    const int points_before = points_so_far[product->name()];
    const int points_after = points_before + std::max(0, line.injection_points());
    points_so_far[product->name()] = points_after;
    if (!topical &&
        points_after > product->max_injection_points_per_session() &&
        points_before <= product->max_injection_points_per_session()) {
      AddViolation(
          &validation, path + ".injection_points", "too_many_injection_points",
          product->name() + ": " + std::to_string(points_after) +
              " injection points in this session; at most " +
              std::to_string(product->max_injection_points_per_session()));
    }
  }

  for (int i = 0; i < record.outcome_measurements_size(); ++i) {
    const v1::OutcomeMeasurement& measurement = record.outcome_measurements(i);
    const std::string path = "outcome_measurements[" + std::to_string(i) + "]";
    const v1::OutcomeMeasure* measure = nullptr;
    for (const v1::OutcomeMeasure& candidate : description.outcome_measures()) {
      if (candidate.code() == measurement.code()) measure = &candidate;
    }
    if (measure == nullptr) {
      AddViolation(&validation, path + ".code", "unknown_outcome_measure",
                   "'" + measurement.code() + "' is not an outcome measure of " +
                       description.id());
      continue;
    }
    if (measure->sites_size() > 0 &&
        !Contains(measure->sites(), measurement.site())) {
      AddViolation(&validation, path + ".site", "unknown_outcome_site",
                   "'" + measurement.site() + "' is not a site of " +
                       measure->code());
    }
    if (measurement.value() < measure->min_value() ||
        measurement.value() > measure->max_value()) {
      AddViolation(&validation, path + ".value", "outcome_value_out_of_range",
                   measure->code() + ": " + FormatNumber(measurement.value()) +
                       " is outside " + FormatNumber(measure->min_value()) +
                       " to " + FormatNumber(measure->max_value()) + " " +
                       measure->unit());
    }
  }
  return validation;
}

// ---------------------------------------------------------------------------
// Adverse events
// ---------------------------------------------------------------------------

inline Status CheckAdverseEventReport(const v1::AdverseEventReport& report) {
  if (FindAdverseEventTerm(report.term()) == nullptr) {
    return InvalidArgumentError("term: '" + report.term() +
                                "' is not in the adverse-event vocabulary");
  }
  if (report.severity_grade() < 1 || report.severity_grade() > 5) {
    return InvalidArgumentError("severity_grade: must be 1 to 5");
  }
  if (report.days_since_session() < 0) {
    return InvalidArgumentError("days_since_session: must not be negative");
  }
  return OkStatus();
}

// The highest grade an expected-event entry lists (0 from older plugins
// means grade 1 only).
inline int MaxExpectedGrade(const v1::ExpectedAdverseEvent& event) {
  return event.max_expected_grade() > 0 ? event.max_expected_grade() : 1;
}

// The expected-event entry a report matches as ICH E2A defines expected
// (term listed, onset within its window, no more severe than listed: grade
// at most max_expected_grade, serious only when serious_expected), or
// nullptr. The catch-all "other" never matches, nor a report with no
// earlier session to date the onset from.
inline const v1::ExpectedAdverseEvent* MatchExpectedEvent(
    const v1::PluginDescription& description,
    const v1::AdverseEventReport& report) {
  if (report.term() == kOtherTerm || report.no_prior_session()) {
    return nullptr;
  }
  for (const v1::ExpectedAdverseEvent& event :
       description.expected_adverse_events()) {
    if (event.term() == report.term() &&
        report.days_since_session() >= event.onset_min_days() &&
        report.days_since_session() <= event.onset_max_days() &&
        report.severity_grade() <= MaxExpectedGrade(event) &&
        (!report.serious() || event.serious_expected())) {
      return &event;
    }
  }
  return nullptr;
}

// Says whether the event is expected and what to do, most urgent rule first:
// grade 4-5 or necrosis: urgent care; serious: refer; infection: refer;
// granuloma or scarring: stop; skin changes: pause; other events by grade,
// one step more cautious when the event is not expected.
inline StatusOr<v1::AdverseEventAssessment> AssessAdverseEvent(
    const v1::PluginDescription& description,
    const v1::AdverseEventReport& report) {
  if (Status status = CheckAdverseEventReport(report); !status.ok()) {
    return status;
  }
  const AdverseEventTerm& term = *FindAdverseEventTerm(report.term());
  const v1::ExpectedAdverseEvent* expected =
      MatchExpectedEvent(description, report);
  const int grade = report.severity_grade();

  v1::AdverseEventAssessment assessment;
  assessment.set_expected(expected != nullptr);
  std::string why =
      std::string(term.name) + " " +
      (report.no_prior_session()
           ? std::string("with no earlier session of the treatment")
           : std::to_string(report.days_since_session()) +
                 " days after the session") +
      ", grade " + std::to_string(grade) +
      (report.serious() ? ", serious" : "") + ": ";
  if (expected != nullptr) {
    why += "expected after " + description.display_name() + " (onset day " +
           std::to_string(expected->onset_min_days()) + " to " +
           std::to_string(expected->onset_max_days()) + ", up to grade " +
           std::to_string(MaxExpectedGrade(*expected)) + ")";
  } else {
    why += "not expected after " + description.display_name() +
           " (not listed, or more severe or later than listed)";
  }
  why += ". ";

  v1::RecommendedAction action;
  if (grade >= 4 || term.category == AdverseEventCategory::kTissueDeath) {
    action = v1::RECOMMENDED_ACTION_URGENT_CARE;
    why += "Life-threatening grade or tissue death: send to urgent care now.";
  } else if (term.category == AdverseEventCategory::kSystemic) {
    action = v1::RECOMMENDED_ACTION_STOP_TREATMENT;
    why += "A reaction of the whole body to what was injected: end the "
           "course; no treatment of the patient until a practitioner has "
           "reviewed it.";
  } else if (report.serious()) {
    action = v1::RECOMMENDED_ACTION_REFER;
    why += "Serious event: end the course and refer to a specialist.";
  } else if (term.category == AdverseEventCategory::kInfection) {
    action = v1::RECOMMENDED_ACTION_REFER;
    why += "Infections after mesotherapy (atypical mycobacteria among them) "
           "need cultures and specialist treatment: end the course and refer.";
  } else if (term.category == AdverseEventCategory::kLastingTissueDamage) {
    action = v1::RECOMMENDED_ACTION_STOP_TREATMENT;
    why += "A lasting tissue reaction: end the course.";
  } else if (term.category == AdverseEventCategory::kSkinChange) {
    action = v1::RECOMMENDED_ACTION_PAUSE_COURSE;
    why += "Pause the course until the skin has settled.";
  } else {
    const int step = grade + (expected != nullptr ? 0 : 1);
    if (step <= 1) {
      action = v1::RECOMMENDED_ACTION_CONTINUE;
      why += "Mild and expected: continue; it usually passes within 1 to 2 "
             "weeks.";
    } else if (step == 2) {
      action = v1::RECOMMENDED_ACTION_MONITOR;
      why += "Check it again before the next session.";
    } else {
      action = v1::RECOMMENDED_ACTION_PAUSE_COURSE;
      why += "Postpone the next session until it has resolved.";
    }
  }
  assessment.set_action(action);
  assessment.set_rationale(std::move(why));
  return assessment;
}

}  // namespace mesoclinic::plugin::standard

#endif  // MESOCLINIC_STANDARD_RULES_H_

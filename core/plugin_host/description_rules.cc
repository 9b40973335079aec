#include "core/plugin_host/description_rules.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/base/field_rules.h"
#include "core/plugin_host/adverse_event_terms.h"

namespace mesoclinic::plugin_host {
namespace {

namespace v1 = ::clinic::plugin::v1;

// Mesotherapy goes 1 to 4 mm deep, injection lipolysis into the fat below;
// nothing in this field goes deeper than a 13 mm needle.
constexpr double kMaxDepthMm = 15;
constexpr int64_t kMaxSessionSeconds = 4 * 3600;

// Collects "field: rule" lines.
class Problems {
 public:
  void Add(const std::string& field, const std::string& rule) {
    lines_.push_back(absl::StrCat(field, ": ", rule));
  }
  void RequireText(const std::string& field, const std::string& value) {
    if (absl::StripAsciiWhitespace(value).empty()) Add(field, "required");
  }
  void RequireCode(const std::string& field, const std::string& value) {
    if (!IsLowerSnakeCode(value)) {
      Add(field, absl::StrCat("'", value, "' is not a lower_snake code"));
    }
  }
  // Checks codes are lower_snake and unique.
  template <typename Codes>
  void RequireUniqueCodes(const std::string& field, const Codes& codes) {
    std::set<std::string> seen;
    int i = 0;
    for (const std::string& code : codes) {
      const std::string path = absl::StrCat(field, "[", i++, "]");
      RequireCode(path, code);
      if (!seen.insert(code).second) {
        Add(path, absl::StrCat("'", code, "' is listed twice"));
      }
    }
  }
  std::vector<std::string> Take() { return std::move(lines_); }

 private:
  std::vector<std::string> lines_;
};

std::string Index(const std::string& field, int i) {
  return absl::StrCat(field, "[", i, "]");
}

void CheckCourse(const v1::PluginDescription& d, Problems& problems) {
  const v1::Course& course = d.course();
  if (course.phases_size() == 0) {
    problems.Add("course.phases", "at least one phase is required");
    return;
  }
  std::set<std::string> names;
  int min_sum = 0;
  int max_sum = 0;
  int regular_phases = 0;
  for (int i = 0; i < course.phases_size(); ++i) {
    const v1::CoursePhase& phase = course.phases(i);
    const std::string path = Index("course.phases", i);
    problems.RequireCode(path + ".name", phase.name());
    if (!names.insert(phase.name()).second) {
      problems.Add(path + ".name", "phase names must be unique");
    }
    if (phase.min_sessions() < 1 || phase.max_sessions() < phase.min_sessions()) {
      problems.Add(path, "sessions must satisfy 1 <= min_sessions <= "
                         "max_sessions");
    }
    if (phase.min_interval_days() < 1 ||
        phase.max_interval_days() < phase.min_interval_days()) {
      problems.Add(path, "intervals must satisfy 1 <= min_interval_days <= "
                         "max_interval_days");
    }
    if (phase.max_interval_days() > 366) {
      problems.Add(path + ".max_interval_days", "at most 366 days");
    }
    if (phase.default_interval_days() != 0 &&
        (phase.default_interval_days() < phase.min_interval_days() ||
         phase.default_interval_days() > phase.max_interval_days())) {
      problems.Add(path + ".default_interval_days",
                   "must lie within min_interval_days and max_interval_days");
    }
    if (phase.maintenance()) {
      if (i != course.phases_size() - 1) {
        problems.Add(path + ".maintenance",
                     "only the last phase may be a maintenance phase");
      }
    } else {
      ++regular_phases;
      min_sum += phase.min_sessions();
      max_sum += phase.max_sessions();
    }
  }
  if (regular_phases == 0) {
    problems.Add("course.phases", "at least one phase must not be maintenance");
    return;
  }
  if (course.min_total_sessions() < 1 ||
      course.max_total_sessions() < course.min_total_sessions()) {
    problems.Add("course", "totals must satisfy 1 <= min_total_sessions <= "
                           "max_total_sessions");
  } else if (course.min_total_sessions() < min_sum ||
             course.max_total_sessions() > max_sum) {
    problems.Add("course",
                 absl::StrCat("totals ", course.min_total_sessions(), " to ",
                              course.max_total_sessions(),
                              " do not fit the phases, which hold ", min_sum,
                              " to ", max_sum, " sessions"));
  }
}

void CheckDepth(const std::string& field, const v1::DepthRange& depth,
                Problems& problems) {
  if (depth.min_mm() <= 0 || depth.max_mm() < depth.min_mm() ||
      depth.max_mm() > kMaxDepthMm) {
    problems.Add(field, absl::StrCat("must satisfy 0 < min_mm <= max_mm <= ",
                                     kMaxDepthMm));
  }
}

void CheckProducts(const v1::PluginDescription& d, Problems& problems) {
  if (d.allowed_products_size() == 0) {
    problems.Add("allowed_products", "at least one product is required");
  }
  std::set<std::string> names;
  for (int i = 0; i < d.allowed_products_size(); ++i) {
    const v1::AllowedProduct& product = d.allowed_products(i);
    const std::string path = Index("allowed_products", i);
    problems.RequireCode(path + ".name", product.name());
    if (!names.insert(product.name()).second) {
      problems.Add(path + ".name", "product names must be unique");
    }
    problems.RequireText(path + ".display_name", product.display_name());
    if (!product.category().empty()) {
      problems.RequireCode(path + ".category", product.category());
    }
    if (product.substances_size() == 0) {
      problems.Add(path + ".substances", "at least one substance is required");
    }
    problems.RequireUniqueCodes(path + ".substances", product.substances());
    if (!(product.max_volume_ml_per_session() > 0) ||
        product.max_volume_ml_per_session() > 100) {
      problems.Add(path + ".max_volume_ml_per_session",
                   "must be above 0 and at most 100");
    }
    if (product.max_concentration() < 0) {
      problems.Add(path + ".max_concentration", "must not be negative");
    }
    if (product.max_concentration() > 0) {
      problems.RequireText(path + ".concentration_unit",
                           product.concentration_unit());
    }
    if (product.max_injection_points_per_session() < 1) {
      problems.Add(path + ".max_injection_points_per_session",
                   "must be at least 1");
    }
    problems.RequireUniqueCodes(path + ".excluded_when",
                                product.excluded_when());
    if (product.has_depth_override_mm()) {
      CheckDepth(path + ".depth_override_mm", product.depth_override_mm(),
                 problems);
    }
  }
}

// The facts a protocol needs: each group once, a freshness within a year,
// and every group its own rules read (the BMI ceiling reads height and
// weight, the NSAID and anticoagulant rules read medications, the allergy
// rule reads allergies). Pregnancy is a contraindication of every protocol,
// and a pregnancy can begin between two sessions: asked on the day.
void CheckRequiredFacts(const v1::PluginDescription& d,
                        const std::set<std::string>& codes,
                        Problems& problems) {
  const v1::EligibilityCriteria& criteria = d.eligibility_criteria();
  if (criteria.required_facts().empty()) return;  // A plugin older than them.
  std::map<int, int> max_age_by_group;
  for (int i = 0; i < criteria.required_facts_size(); ++i) {
    const v1::RequiredFact& fact = criteria.required_facts(i);
    const std::string path = Index("eligibility_criteria.required_facts", i);
    if (fact.group() == v1::PATIENT_FACT_GROUP_UNSPECIFIED ||
        !v1::PatientFactGroup_IsValid(fact.group())) {
      problems.Add(path + ".group", "must be a defined fact group");
    } else if (!max_age_by_group.emplace(fact.group(), fact.max_age_days())
                    .second) {
      problems.Add(path + ".group", "listed twice");
    }
    if (fact.max_age_days() < 0 || fact.max_age_days() > 365) {
      problems.Add(path + ".max_age_days", "must be 0 (on the day) to 365");
    }
  }
  const auto require = [&](v1::PatientFactGroup group, bool needed,
                           const std::string& why) {
    if (needed && !max_age_by_group.contains(group)) {
      problems.Add("eligibility_criteria.required_facts",
                   absl::StrCat(v1::PatientFactGroup_Name(group),
                                " must be listed: ", why));
    }
  };
  require(v1::PATIENT_FACT_GROUP_PREGNANCY_STATUS, true,
          "pregnancy is a contraindication of every protocol");
  require(v1::PATIENT_FACT_GROUP_BODY_MEASUREMENTS, criteria.max_bmi() > 0,
          "max_bmi is set");
  require(v1::PATIENT_FACT_GROUP_MEDICATIONS,
          codes.contains("recent_nsaid") ||
              codes.contains("anticoagulant_therapy"),
          "recent_nsaid or anticoagulant_therapy is listed");
  require(v1::PATIENT_FACT_GROUP_ALLERGIES, codes.contains("product_allergy"),
          "product_allergy is listed");
  const auto pregnancy =
      max_age_by_group.find(v1::PATIENT_FACT_GROUP_PREGNANCY_STATUS);
  if (pregnancy != max_age_by_group.end() && pregnancy->second != 0) {
    problems.Add("eligibility_criteria.required_facts",
                 "PATIENT_FACT_GROUP_PREGNANCY_STATUS must have max_age_days "
                 "0: a pregnancy can begin between two sessions");
  }
}

void CheckContraindications(const v1::PluginDescription& d,
                            Problems& problems) {
  std::set<std::string> codes;
  for (int i = 0; i < d.contraindications_size(); ++i) {
    const v1::Contraindication& c = d.contraindications(i);
    const std::string path = Index("contraindications", i);
    problems.RequireCode(path + ".code", c.code());
    if (!codes.insert(c.code()).second) {
      problems.Add(path + ".code", "listed twice");
    }
    problems.RequireText(path + ".description", c.description());
    if (c.severity() == v1::CONTRAINDICATION_SEVERITY_UNSPECIFIED) {
      problems.Add(path + ".severity", "must be ABSOLUTE or RELATIVE");
    }
  }
  if (codes.count("pregnancy") == 0) {
    problems.Add("contraindications",
                 "pregnancy must be listed: no mesotherapy product is known "
                 "to be safe in pregnancy");
  }
  const v1::EligibilityCriteria& criteria = d.eligibility_criteria();
  if (criteria.min_age_years() < 0 || criteria.min_age_years() > 100) {
    problems.Add("eligibility_criteria.min_age_years", "must be 0 to 100");
  }
  if (criteria.max_bmi() != 0 &&
      (criteria.max_bmi() < 15 || criteria.max_bmi() > 60)) {
    problems.Add("eligibility_criteria.max_bmi", "must be 0 (none) or 15 to 60");
  }
  if (criteria.nsaid_free_days_before_session() < 0 ||
      criteria.nsaid_free_days_before_session() > 60) {
    problems.Add("eligibility_criteria.nsaid_free_days_before_session",
                 "must be 0 to 60");
  }
  if (codes.count("bmi_over_ceiling") && criteria.max_bmi() == 0) {
    problems.Add("eligibility_criteria.max_bmi",
                 "bmi_over_ceiling is listed but no ceiling is set");
  }
  if (codes.count("recent_nsaid") &&
      criteria.nsaid_free_days_before_session() == 0) {
    problems.Add("eligibility_criteria.nsaid_free_days_before_session",
                 "recent_nsaid is listed but no NSAID-free period is set");
  }
  if (codes.count("under_minimum_age") && criteria.min_age_years() == 0) {
    problems.Add("eligibility_criteria.min_age_years",
                 "under_minimum_age is listed but no minimum age is set");
  }
  CheckRequiredFacts(d, codes, problems);
}

// The day-of checklist: unique codes, a question, the answer that blocks.
void CheckDayOfChecklist(const v1::PluginDescription& d, Problems& problems) {
  std::set<std::string> seen;
  for (int i = 0; i < d.day_of_checklist_size(); ++i) {
    const v1::DayOfQuestion& question = d.day_of_checklist(i);
    const std::string path = Index("day_of_checklist", i);
    problems.RequireCode(path + ".code", question.code());
    if (!seen.insert(question.code()).second) {
      problems.Add(path + ".code", "listed twice");
    }
    problems.RequireText(path + ".text", question.text());
    if (question.blocking_answer() != v1::DAY_OF_ANSWER_YES &&
        question.blocking_answer() != v1::DAY_OF_ANSWER_NO) {
      problems.Add(path + ".blocking_answer", "must be YES or NO");
    }
  }
}

void CheckConsent(const v1::PluginDescription& d, Problems& problems) {
  if (!d.has_consent()) {
    problems.Add("consent", "a consent document is required");
    return;
  }
  const v1::ConsentDocument& consent = d.consent();
  if (consent.version() < 1) problems.Add("consent.version", "must be 1 or more");
  problems.RequireText("consent.title", consent.title());
  problems.RequireText("consent.full_text", consent.full_text());
  problems.RequireText("consent.off_label_statement",
                       consent.off_label_statement());
  problems.RequireText("consent.evidence_statement",
                       consent.evidence_statement());
  if (consent.risks_size() == 0) {
    problems.Add("consent.risks", "the disclosed risks are required");
  }
  for (int i = 0; i < consent.risks_size(); ++i) {
    const v1::DisclosedRisk& risk = consent.risks(i);
    const std::string path = Index("consent.risks", i);
    if (!risk.term().empty() && !IsAdverseEventTerm(risk.term())) {
      problems.Add(path + ".term", absl::StrCat("'", risk.term(),
                                                "' is not in the adverse-event "
                                                "vocabulary"));
    }
    problems.RequireText(path + ".description", risk.description());
  }
}

// Checks that entry `path`'s `code` is an ISO 3166-1 alpha-2 code not
// listed before it in `seen`.
void RequireNewCountry(const std::string& path, const std::string& code,
                       std::set<std::string>& seen, Problems& problems) {
  if (!IsCountryCode(code)) {
    problems.Add(path + ".country_code",
                 absl::StrCat("'", code, "' is not an ISO 3166-1 alpha-2 "
                                         "code in upper case, such as 'BR'"));
  } else if (!seen.insert(code).second) {
    problems.Add(path + ".country_code",
                 absl::StrCat("'", code, "' is listed twice"));
  }
}

// The jurisdictions that forbid the treatment type, and the off-label
// statements written for some: each a country once, with its text; a
// statement replaces the default one inside full_text, which must hold it.
void CheckJurisdictions(const v1::PluginDescription& d, Problems& problems) {
  std::set<std::string> forbidden;
  for (int i = 0; i < d.forbidden_jurisdictions_size(); ++i) {
    const v1::ForbiddenJurisdiction& entry = d.forbidden_jurisdictions(i);
    const std::string path = Index("forbidden_jurisdictions", i);
    RequireNewCountry(path, entry.country_code(), forbidden, problems);
    problems.RequireText(path + ".reason", entry.reason());
    problems.RequireText(path + ".source", entry.source());
  }
  const v1::ConsentDocument& consent = d.consent();
  std::set<std::string> written;
  for (int i = 0; i < consent.off_label_by_jurisdiction_size(); ++i) {
    const v1::JurisdictionStatement& statement =
        consent.off_label_by_jurisdiction(i);
    const std::string path = Index("consent.off_label_by_jurisdiction", i);
    RequireNewCountry(path, statement.country_code(), written, problems);
    problems.RequireText(path + ".text", statement.text());
  }
  if (consent.off_label_by_jurisdiction_size() > 0 &&
      !consent.off_label_statement().empty() &&
      consent.full_text().find(consent.off_label_statement()) ==
          std::string::npos) {
    problems.Add("consent.full_text",
                 "must contain off_label_statement word for word, which a "
                 "jurisdiction's statement replaces");
  }
}

void CheckAdverseEvents(const v1::PluginDescription& d, Problems& problems) {
  if (d.expected_adverse_events_size() == 0) {
    problems.Add("expected_adverse_events", "at least one is required");
  }
  std::set<std::string> disclosed;
  for (const v1::DisclosedRisk& risk : d.consent().risks()) {
    disclosed.insert(risk.term());
  }
  for (int i = 0; i < d.expected_adverse_events_size(); ++i) {
    const v1::ExpectedAdverseEvent& event = d.expected_adverse_events(i);
    const std::string path = Index("expected_adverse_events", i);
    if (!IsAdverseEventTerm(event.term())) {
      problems.Add(path + ".term",
                   absl::StrCat("'", event.term(),
                                "' is not in the adverse-event vocabulary"));
    } else if (disclosed.count(event.term()) == 0) {
      problems.Add(path + ".term",
                   absl::StrCat("'", event.term(),
                                "' is not disclosed in consent.risks"));
    }
    problems.RequireText(path + ".description", event.description());
    if (event.onset_min_days() < 0 ||
        event.onset_max_days() < event.onset_min_days()) {
      problems.Add(path, "onset must satisfy 0 <= onset_min_days <= "
                         "onset_max_days");
    }
    if (event.typical_resolution_days() < 0) {
      problems.Add(path + ".typical_resolution_days", "must not be negative");
    }
  }
}

void CheckFollowUpsAndOutcomes(const v1::PluginDescription& d,
                               Problems& problems) {
  if (d.follow_up_checks_size() == 0) {
    problems.Add("follow_up_checks", "at least one is required");
  }
  std::set<std::string> codes;
  for (int i = 0; i < d.follow_up_checks_size(); ++i) {
    const v1::FollowUpCheck& check = d.follow_up_checks(i);
    const std::string path = Index("follow_up_checks", i);
    problems.RequireCode(path + ".code", check.code());
    if (!codes.insert(check.code()).second) {
      problems.Add(path + ".code", "listed twice");
    }
    problems.RequireText(path + ".name", check.name());
    problems.RequireText(path + ".look_for", check.look_for());
    if (check.offset().seconds() <= 0 || check.offset().nanos() < 0) {
      problems.Add(path + ".offset", "must be positive");
    }
  }
  if (d.outcome_measures_size() == 0) {
    problems.Add("outcome_measures",
                 "at least one is required: the clinic must be able to see "
                 "whether the treatment works");
  }
  codes.clear();
  for (int i = 0; i < d.outcome_measures_size(); ++i) {
    const v1::OutcomeMeasure& measure = d.outcome_measures(i);
    const std::string path = Index("outcome_measures", i);
    problems.RequireCode(path + ".code", measure.code());
    if (!codes.insert(measure.code()).second) {
      problems.Add(path + ".code", "listed twice");
    }
    problems.RequireText(path + ".name", measure.name());
    problems.RequireText(path + ".unit", measure.unit());
    if (!(measure.max_value() > measure.min_value())) {
      problems.Add(path, "max_value must be above min_value");
    }
    problems.RequireUniqueCodes(path + ".sites", measure.sites());
  }
}

}  // namespace

bool IsLowerSnakeCode(const std::string& code) {
  if (code.empty() || code.size() > 64) return false;
  if (code[0] < 'a' || code[0] > 'z') return false;
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

bool IsSemanticVersion(const std::string& version) {
  // MAJOR.MINOR.PATCH, then an optional -prerelease and +build.
  const std::string core = version.substr(0, version.find_first_of("-+"));
  if (core.size() < version.size() && core.size() + 1 == version.size()) {
    return false;  // A bare "-" or "+".
  }
  const std::vector<std::string> parts = absl::StrSplit(core, '.');
  if (parts.size() != 3) return false;
  for (const std::string& part : parts) {
    if (part.empty() || (part.size() > 1 && part[0] == '0')) return false;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
    }
  }
  return true;
}

std::vector<std::string> FindDescriptionProblems(
    const v1::PluginDescription& d) {
  Problems problems;
  if (!IsLowerSnakeCode(d.id()) || d.id().size() < 2 || d.id().size() > 40) {
    problems.Add("id", absl::StrCat("'", d.id(),
                                    "' is not a lower_snake id of 2 to 40 "
                                    "characters"));
  }
  problems.RequireText("display_name", d.display_name());
  if (!IsSemanticVersion(d.version())) {
    problems.Add("version",
                 absl::StrCat("'", d.version(), "' is not a semantic version"));
  }
  if (d.indications_size() == 0) {
    problems.Add("indications", "at least one is required");
  }
  if (d.body_areas_size() == 0) {
    problems.Add("body_areas", "at least one is required");
  }
  problems.RequireUniqueCodes("body_areas", d.body_areas());
  CheckCourse(d, problems);
  const int64_t session_seconds = d.session_length().seconds();
  if (session_seconds <= 0 || session_seconds > kMaxSessionSeconds) {
    problems.Add("session_length", "must be above 0 and at most 4 hours");
  }
  CheckProducts(d, problems);
  CheckDepth("injection_depth_mm", d.injection_depth_mm(), problems);
  CheckContraindications(d, problems);
  for (int i = 0; i < d.preparation_instructions_size(); ++i) {
    const v1::PreparationInstruction& p = d.preparation_instructions(i);
    const std::string path = Index("preparation_instructions", i);
    problems.RequireCode(path + ".code", p.code());
    problems.RequireText(path + ".text", p.text());
    if (p.days_before_session() < 0) {
      problems.Add(path + ".days_before_session", "must not be negative");
    }
  }
  CheckConsent(d, problems);
  CheckJurisdictions(d, problems);
  CheckAdverseEvents(d, problems);
  CheckFollowUpsAndOutcomes(d, problems);
  CheckDayOfChecklist(d, problems);
  return problems.Take();
}

absl::Status ValidateDescription(const v1::PluginDescription& description) {
  const std::vector<std::string> problems =
      FindDescriptionProblems(description);
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid description (", problems.size(),
                   problems.size() == 1 ? " problem): " : " problems): ",
                   absl::StrJoin(problems, "; ")));
}

}  // namespace mesoclinic::plugin_host

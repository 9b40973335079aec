#include "conformance.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "core/plugin_host/adverse_event_terms.h"
#include "core/plugin_host/description_rules.h"
#include "core/plugin_host/loaded_plugin.h"
#include "mesoclinic/standard_rules.h"

namespace mesoclinic::plugin_check {
namespace {

namespace v1 = ::clinic::plugin::v1;
using plugin_host::Hook;
using plugin_host::LoadedPlugin;

// Bytes no protobuf parser accepts: field 1, length-delimited, claiming 2^35
// bytes that are not there.
constexpr absl::string_view kGarbage("\x0a\xff\xff\xff\xff\x7f\x01\x02", 8);

class Suite {
 public:
  Suite(const LoadedPlugin& plugin, ConformanceReport& report)
      : plugin_(plugin), d_(plugin.description()), report_(report) {}

  void Run() {
    CheckEligibility();
    CheckPlanCourse();
    CheckTreatmentRecords();
    CheckAdverseEvents();
    Record("determinism: every call repeated gives the same bytes",
           nondeterministic_.empty(),
           nondeterministic_.empty()
               ? absl::StrCat(calls_, " calls repeated")
               : absl::StrCat("differing answers: ",
                              absl::StrJoin(nondeterministic_, ", ")));
  }

 private:
  void Record(std::string name, bool passed, std::string detail = "") {
    report_.checks.push_back({std::move(name), passed, std::move(detail)});
  }

  // Calls a hook twice with the same bytes; notes a difference; parses.
  template <typename Result>
  absl::StatusOr<Result> Call(Hook hook, const google::protobuf::Message& request,
                              const std::string& label) {
    std::string bytes;
    request.SerializeToString(&bytes);
    absl::StatusOr<std::string> first = plugin_.CallRaw(hook, bytes);
    absl::StatusOr<std::string> second = plugin_.CallRaw(hook, bytes);
    ++calls_;
    if (first.ok() != second.ok() ||
        (first.ok() ? *first != *second
                    : first.status() != second.status())) {
      nondeterministic_.push_back(label);
    }
    if (!first.ok()) return first.status();
    Result result;
    if (!result.ParseFromString(*first)) {
      return absl::InternalError(
          absl::StrCat("the answer does not parse as ",
                       Result::descriptor()->full_name()));
    }
    return result;
  }

  // A garbage request must be INVALID_ARGUMENT, not a crash nor OK.
  void CheckGarbage(Hook hook) {
    absl::StatusOr<std::string> answer = plugin_.CallRaw(hook, kGarbage);
    Record(absl::StrCat(plugin_host::HookName(hook),
                        ": garbage request bytes are INVALID_ARGUMENT"),
           !answer.ok() &&
               answer.status().code() == absl::StatusCode::kInvalidArgument,
           answer.ok() ? "answered OK" : answer.status().ToString());
  }

  bool HasContraindication(const std::string& code, bool absolute) const {
    for (const v1::Contraindication& c : d_.contraindications()) {
      if (c.code() == code &&
          (!absolute ||
           c.severity() == v1::CONTRAINDICATION_SEVERITY_ABSOLUTE)) {
        return true;
      }
    }
    return false;
  }

  // A healthy adult within the description's limits.
  v1::PatientFacts HealthyAdult(v1::Sex sex) const {
    v1::PatientFacts facts;
    facts.set_age_years(
        std::max(35, d_.eligibility_criteria().min_age_years()));
    facts.set_sex(sex);
    facts.set_pregnancy_status(v1::PREGNANCY_STATUS_NOT_PREGNANT);
    facts.set_height_cm(170);
    facts.set_weight_kg(62);  // BMI 21.5.
    facts.set_session_in_days(7);
    return facts;
  }

  // Checks the answer is well-formed; returns the problem, or "".
  std::string Malformed(const v1::EligibilityResult& result) const {
    bool any_blocking = false;
    for (const v1::EligibilityReason& reason : result.reasons()) {
      if (!plugin_host::IsLowerSnakeCode(reason.code())) {
        return absl::StrCat("reason code '", reason.code(),
                            "' is not lower_snake");
      }
      if (reason.message().empty()) {
        return absl::StrCat("reason ", reason.code(), " has no message");
      }
      any_blocking = any_blocking || reason.blocking();
    }
    if (result.eligible() == any_blocking) {
      return "eligible must be true exactly when no reason is blocking";
    }
    for (const v1::ExcludedProduct& excluded : result.excluded_products()) {
      if (mesoclinic::plugin::standard::FindProduct(d_, excluded.product()) ==
          nullptr) {
        return absl::StrCat("excluded product '", excluded.product(),
                            "' is not an allowed product");
      }
    }
    return "";
  }

  static std::string Summarize(const v1::EligibilityResult& result) {
    std::vector<std::string> codes;
    for (const v1::EligibilityReason& reason : result.reasons()) {
      codes.push_back(absl::StrCat(reason.code(),
                                   reason.blocking() ? "(blocking)" : ""));
    }
    return absl::StrCat("eligible=", result.eligible() ? "true" : "false",
                        " reasons=[", absl::StrJoin(codes, ", "), "]");
  }

  static bool Blocks(const v1::EligibilityResult& result,
                     const std::string& code) {
    for (const v1::EligibilityReason& reason : result.reasons()) {
      if (reason.code() == code && reason.blocking()) return true;
    }
    return false;
  }

  // Checks one eligibility case. `expect`: +1 eligible, -1 blocked by
  // `code`, 0 only well-formed.
  void EligibilityCase(const std::string& name, const v1::PatientFacts& facts,
                       int expect, const std::string& code = "") {
    v1::EligibilityRequest request;
    *request.mutable_facts() = facts;
    absl::StatusOr<v1::EligibilityResult> result =
        Call<v1::EligibilityResult>(Hook::kCheckEligibility, request, name);
    if (!result.ok()) {
      Record(name, false, result.status().ToString());
      return;
    }
    if (std::string problem = Malformed(*result); !problem.empty()) {
      Record(name, false, problem);
      return;
    }
    const bool passed = expect == 0 || (expect > 0 && result->eligible()) ||
                        (expect < 0 && Blocks(*result, code));
    Record(name, passed, Summarize(*result));
  }

  void CheckEligibility() {
    // The healthy adult: eligible as a woman or, for a protocol that treats
    // men only, as a man.
    {
      v1::EligibilityRequest request;
      *request.mutable_facts() = HealthyAdult(v1::SEX_FEMALE);
      absl::StatusOr<v1::EligibilityResult> result =
          Call<v1::EligibilityResult>(Hook::kCheckEligibility, request,
                                      "eligibility: healthy adult");
      if (result.ok() && !result->eligible()) {
        *request.mutable_facts() = HealthyAdult(v1::SEX_MALE);
        result = Call<v1::EligibilityResult>(
            Hook::kCheckEligibility, request, "eligibility: healthy adult");
      }
      const std::string problem = result.ok() ? Malformed(*result) : "";
      Record("eligibility: a healthy adult without contraindications is "
             "eligible",
             result.ok() && problem.empty() && result->eligible(),
             !result.ok() ? result.status().ToString()
                          : !problem.empty() ? problem : Summarize(*result));
    }

    v1::PatientFacts pregnant = HealthyAdult(v1::SEX_FEMALE);
    pregnant.set_pregnancy_status(v1::PREGNANCY_STATUS_PREGNANT);
    EligibilityCase("eligibility: a pregnant patient is blocked (pregnancy)",
                    pregnant, HasContraindication("pregnancy", true) ? -1 : 0,
                    "pregnancy");

    const int washout = d_.eligibility_criteria().nsaid_free_days_before_session();
    v1::PatientFacts nsaid_yesterday = HealthyAdult(v1::SEX_FEMALE);
    nsaid_yesterday.set_session_in_days(0);
    v1::PatientMedication* ibuprofen = nsaid_yesterday.add_medications();
    ibuprofen->set_name("ibuprofen");
    ibuprofen->set_is_nsaid(true);
    ibuprofen->set_days_since_last_taken(1);
    const bool nsaid_rule =
        washout > 1 && HasContraindication("recent_nsaid", true);
    EligibilityCase(
        "eligibility: an NSAID taken the day before the session blocks",
        nsaid_yesterday, nsaid_rule ? -1 : 0, "recent_nsaid");
    if (washout > 0) {
      v1::PatientFacts nsaid_long_ago = nsaid_yesterday;
      nsaid_long_ago.mutable_medications(0)->set_days_since_last_taken(
          washout + 1);
      EligibilityCase(absl::StrCat("eligibility: an NSAID stopped ",
                                   washout + 1,
                                   " days before the session does not block"),
                      nsaid_long_ago, +1);
    }

    const double max_bmi = d_.eligibility_criteria().max_bmi();
    if (max_bmi > 0) {
      v1::PatientFacts heavy = HealthyAdult(v1::SEX_FEMALE);
      heavy.set_bmi(max_bmi + 5);
      EligibilityCase(
          "eligibility: a BMI above the ceiling blocks (bmi_over_ceiling)",
          heavy,
          HasContraindication("bmi_over_ceiling", true) ? -1 : 0,
          "bmi_over_ceiling");
    }

    EligibilityCase("eligibility: empty facts get a well-formed answer",
                    v1::PatientFacts(), 0);

    {
      v1::EligibilityRequest request;
      *request.mutable_facts() = HealthyAdult(v1::SEX_FEMALE);
      request.add_body_areas("no_such_area_anywhere");
      absl::StatusOr<v1::EligibilityResult> result =
          Call<v1::EligibilityResult>(Hook::kCheckEligibility, request,
                                      "eligibility: unknown area");
      Record("eligibility: an unknown body area is INVALID_ARGUMENT",
             !result.ok() &&
                 result.status().code() == absl::StatusCode::kInvalidArgument,
             result.ok() ? "answered OK" : result.status().ToString());
    }
    CheckGarbage(Hook::kCheckEligibility);
  }

  static v1::LocalDateTime Date(int year, int month, int day, int hour,
                                int minute) {
    v1::LocalDateTime when;
    when.set_year(year);
    when.set_month(month);
    when.set_day(day);
    when.set_hour(hour);
    when.set_minute(minute);
    return when;
  }

  // Checks a plan obeys the description; returns the problem, or "".
  std::string PlanProblem(const v1::PlanCourseRequest& request,
                          const v1::CoursePlan& plan, int expected_regular) {
    namespace standard = ::mesoclinic::plugin::standard;
    std::map<std::string, const v1::CoursePhase*> phases;
    for (const v1::CoursePhase& phase : d_.course().phases()) {
      phases[phase.name()] = &phase;
    }
    if (plan.sessions_size() == 0) return "no sessions";
    if (plan.session_length().seconds() != d_.session_length().seconds()) {
      return "session_length differs from the description's";
    }
    int regular = 0;
    for (int i = 0; i < plan.sessions_size(); ++i) {
      const v1::PlannedSession& session = plan.sessions(i);
      const std::string where = absl::StrCat("sessions[", i, "]: ");
      if (session.index() != i) return where + "index out of order";
      auto phase = phases.find(session.phase());
      if (phase == phases.end()) {
        return absl::StrCat(where, "unknown phase '", session.phase(), "'");
      }
      if (!phase->second->maintenance()) ++regular;
      if (!standard::CheckLocalDateTime(session.start(), "start").ok()) {
        return where + "start is not a valid local date-time";
      }
      if (i == 0) {
        if (standard::DaysBetween(request.first_session(), session.start()) !=
            0) {
          return where + "the first session is not on the requested day";
        }
        continue;
      }
      const int gap = standard::DaysBetween(plan.sessions(i - 1).start(),
                                            session.start());
      if (session.min_days_after_previous() !=
              phase->second->min_interval_days() ||
          session.max_days_after_previous() !=
              phase->second->max_interval_days()) {
        return where + "window differs from the phase's interval";
      }
      if (gap < session.min_days_after_previous() ||
          gap > session.max_days_after_previous()) {
        return absl::StrCat(where, gap, " days after the previous session, "
                                        "outside its window ",
                            session.min_days_after_previous(), " to ",
                            session.max_days_after_previous());
      }
    }
    if (regular < d_.course().min_total_sessions() ||
        regular > d_.course().max_total_sessions()) {
      return absl::StrCat(regular, " sessions, outside the protocol's ",
                          d_.course().min_total_sessions(), " to ",
                          d_.course().max_total_sessions());
    }
    if (expected_regular > 0 && regular != expected_regular) {
      return absl::StrCat(regular, " sessions; ", expected_regular,
                          " were asked for");
    }
    return "";
  }

  void PlanCase(const std::string& name, const v1::PlanCourseRequest& request,
                int expected_regular, bool expect_maintenance = false) {
    absl::StatusOr<v1::CoursePlan> plan =
        Call<v1::CoursePlan>(Hook::kPlanCourse, request, name);
    if (!plan.ok()) {
      Record(name, false, plan.status().ToString());
      return;
    }
    std::string problem = PlanProblem(request, *plan, expected_regular);
    if (problem.empty() && expect_maintenance) {
      const std::string& last_phase =
          plan->sessions(plan->sessions_size() - 1).phase();
      bool is_maintenance = false;
      for (const v1::CoursePhase& phase : d_.course().phases()) {
        is_maintenance |= phase.name() == last_phase && phase.maintenance();
      }
      if (!is_maintenance) problem = "no maintenance session was planned";
    }
    Record(name, problem.empty(),
           problem.empty() ? absl::StrCat(plan->sessions_size(), " sessions")
                           : problem);
  }

  void RejectCase(const std::string& name, const v1::PlanCourseRequest& request) {
    absl::StatusOr<v1::CoursePlan> plan =
        Call<v1::CoursePlan>(Hook::kPlanCourse, request, name);
    Record(name,
           !plan.ok() &&
               plan.status().code() == absl::StatusCode::kInvalidArgument,
           plan.ok() ? "answered OK" : plan.status().ToString());
  }

  void CheckPlanCourse() {
    v1::PlanCourseRequest base;
    *base.mutable_first_session() = Date(2025, 3, 3, 10, 30);
    PlanCase("plan: the default course obeys the protocol", base, 0);

    v1::PlanCourseRequest longest = base;
    longest.set_session_count(d_.course().max_total_sessions());
    *longest.mutable_first_session() = Date(2025, 12, 20, 9, 0);
    PlanCase("plan: the longest course, across a year end, obeys the "
             "protocol",
             longest, d_.course().max_total_sessions());

    bool has_maintenance = false;
    for (const v1::CoursePhase& phase : d_.course().phases()) {
      has_maintenance |= phase.maintenance();
    }
    if (has_maintenance) {
      v1::PlanCourseRequest with_maintenance = base;
      with_maintenance.set_include_maintenance(true);
      PlanCase("plan: include_maintenance adds maintenance sessions",
               with_maintenance, 0, /*expect_maintenance=*/true);
    }

    v1::PlanCourseRequest too_many = base;
    too_many.set_session_count(d_.course().max_total_sessions() + 1);
    RejectCase("plan: more sessions than the protocol allows is "
               "INVALID_ARGUMENT",
               too_many);
    v1::PlanCourseRequest bad_date = base;
    *bad_date.mutable_first_session() = Date(2025, 2, 30, 10, 0);
    RejectCase("plan: February 30 is INVALID_ARGUMENT", bad_date);
    v1::PlanCourseRequest bad_interval = base;
    bad_interval.set_preferred_interval_days(400);
    RejectCase("plan: a 400-day interval is INVALID_ARGUMENT", bad_interval);
    CheckGarbage(Hook::kPlanCourse);
  }

  static std::set<std::string> Codes(const v1::TreatmentRecordValidation& v) {
    std::set<std::string> codes;
    for (const v1::RecordViolation& violation : v.violations()) {
      codes.insert(violation.code());
    }
    return codes;
  }

  static std::string Malformed(const v1::TreatmentRecordValidation& v) {
    for (const v1::RecordViolation& violation : v.violations()) {
      if (violation.field().empty() || violation.message().empty() ||
          !plugin_host::IsLowerSnakeCode(violation.code())) {
        return absl::StrCat("violation '", violation.code(),
                            "' lacks a field, a lower_snake code or a "
                            "message");
      }
    }
    return "";
  }

  void CheckTreatmentRecords() {
    const v1::AllowedProduct& product = d_.allowed_products(0);
    const v1::DepthRange& depth = product.has_depth_override_mm()
                                      ? product.depth_override_mm()
                                      : d_.injection_depth_mm();
    v1::TreatmentRecord good;
    good.set_session_index(0);
    good.add_body_areas(d_.body_areas(0));
    v1::TreatmentProduct* line = good.add_products();
    line->set_product(product.name());
    line->set_lot_number("LOT-CHECK-1");
    if (product.max_concentration() > 0) {
      line->set_concentration(product.max_concentration() / 2);
    }
    line->set_volume_ml(product.max_volume_ml_per_session() / 2);
    line->set_depth_mm((depth.min_mm() + depth.max_mm()) / 2);
    line->set_injection_points(1);
    line->set_area(d_.body_areas(0));
    const v1::OutcomeMeasure& measure = d_.outcome_measures(0);
    v1::OutcomeMeasurement* measurement = good.add_outcome_measurements();
    measurement->set_code(measure.code());
    if (measure.sites_size() > 0) measurement->set_site(measure.sites(0));
    measurement->set_value(measure.min_value());
    {
      absl::StatusOr<v1::TreatmentRecordValidation> result =
          Call<v1::TreatmentRecordValidation>(Hook::kValidateTreatmentRecord,
                                              good, "record: typical");
      Record("record: a typical record within every limit has no violations",
             result.ok() && result->violations_size() == 0,
             result.ok() ? absl::StrCat("violations: ",
                                        absl::StrJoin(Codes(*result), ", "))
                         : result.status().ToString());
    }

    v1::TreatmentRecord bad = good;
    v1::TreatmentProduct* over = bad.mutable_products(0);
    over->set_volume_ml(product.max_volume_ml_per_session() + 1);
    over->set_depth_mm(depth.max_mm() + 5);
    over->set_injection_points(product.max_injection_points_per_session() + 1);
    v1::TreatmentProduct* unknown = bad.add_products();
    *unknown = good.products(0);
    unknown->set_product("no_such_product_anywhere");
    {
      absl::StatusOr<v1::TreatmentRecordValidation> result =
          Call<v1::TreatmentRecordValidation>(Hook::kValidateTreatmentRecord,
                                              bad, "record: bad");
      std::string problem;
      if (!result.ok()) {
        problem = result.status().ToString();
      } else {
        problem = Malformed(*result);
        const std::set<std::string> codes = Codes(*result);
        for (const char* code :
             {"product_not_allowed", "dose_over_limit", "depth_out_of_range",
              "too_many_injection_points"}) {
          if (problem.empty() && codes.count(code) == 0) {
            problem = absl::StrCat("missing violation ", code, "; got: ",
                                   absl::StrJoin(codes, ", "));
          }
        }
      }
      Record("record: product not allowed, dose over limit, depth out of "
             "range, too many points are all reported",
             problem.empty(), problem);
    }
    CheckGarbage(Hook::kValidateTreatmentRecord);
  }

  void CheckAdverseEvents() {
    for (const v1::ExpectedAdverseEvent& event : d_.expected_adverse_events()) {
      v1::AdverseEventReport report;
      report.set_term(event.term());
      report.set_severity_grade(1);
      report.set_days_since_session(event.onset_min_days());
      report.set_body_site(d_.body_areas(0));
      const std::string name =
          absl::StrCat("adverse event: expected ", event.term(),
                       " (grade 1, day ", event.onset_min_days(),
                       ") is assessed as expected");
      absl::StatusOr<v1::AdverseEventAssessment> result =
          Call<v1::AdverseEventAssessment>(Hook::kAssessAdverseEvent, report,
                                           name);
      Record(name,
             result.ok() && result->expected() &&
                 result->action() != v1::RECOMMENDED_ACTION_UNSPECIFIED &&
                 !result->rationale().empty(),
             result.ok() ? v1::RecommendedAction_Name(result->action())
                         : result.status().ToString());
    }

    std::set<std::string> listed;
    for (const v1::ExpectedAdverseEvent& event : d_.expected_adverse_events()) {
      listed.insert(event.term());
    }
    for (const std::string& term : plugin_host::AdverseEventTermCodes()) {
      if (listed.count(term) > 0) continue;
      v1::AdverseEventReport report;
      report.set_term(term);
      report.set_severity_grade(2);
      report.set_days_since_session(3);
      const std::string name = absl::StrCat(
          "adverse event: unlisted ", term, " is assessed as unexpected");
      absl::StatusOr<v1::AdverseEventAssessment> result =
          Call<v1::AdverseEventAssessment>(Hook::kAssessAdverseEvent, report,
                                           name);
      Record(name, result.ok() && !result->expected(),
             result.ok() ? v1::RecommendedAction_Name(result->action())
                         : result.status().ToString());
      break;  // One is enough.
    }

    {
      v1::AdverseEventReport report;
      report.set_term("swelling");
      report.set_severity_grade(3);
      report.set_serious(true);
      report.set_days_since_session(1);
      const std::string name =
          "adverse event: a serious event stops the course or refers";
      absl::StatusOr<v1::AdverseEventAssessment> result =
          Call<v1::AdverseEventAssessment>(Hook::kAssessAdverseEvent, report,
                                           name);
      const bool stops =
          result.ok() &&
          (result->action() == v1::RECOMMENDED_ACTION_STOP_TREATMENT ||
           result->action() == v1::RECOMMENDED_ACTION_REFER ||
           result->action() == v1::RECOMMENDED_ACTION_URGENT_CARE);
      Record(name, stops,
             result.ok() ? v1::RecommendedAction_Name(result->action())
                         : result.status().ToString());
    }
    for (const auto& [term, grade] :
         {std::pair<std::string, int>{"not_a_vocabulary_term", 1},
          std::pair<std::string, int>{"swelling", 0}}) {
      v1::AdverseEventReport report;
      report.set_term(term);
      report.set_severity_grade(grade);
      const std::string name =
          grade == 0 ? "adverse event: grade 0 is INVALID_ARGUMENT"
                     : "adverse event: a term outside the vocabulary is "
                       "INVALID_ARGUMENT";
      absl::StatusOr<v1::AdverseEventAssessment> result =
          Call<v1::AdverseEventAssessment>(Hook::kAssessAdverseEvent, report,
                                           name);
      Record(name,
             !result.ok() &&
                 result.status().code() == absl::StatusCode::kInvalidArgument,
             result.ok() ? "answered OK" : result.status().ToString());
    }
    CheckGarbage(Hook::kAssessAdverseEvent);
  }

  const LoadedPlugin& plugin_;
  const v1::PluginDescription& d_;
  ConformanceReport& report_;
  int calls_ = 0;
  std::vector<std::string> nondeterministic_;
};

}  // namespace

bool ConformanceReport::passed() const {
  return !checks.empty() && failures() == 0;
}

int ConformanceReport::failures() const {
  return static_cast<int>(std::count_if(
      checks.begin(), checks.end(),
      [](const CheckResult& check) { return !check.passed; }));
}

ConformanceReport CheckPlugin(const std::string& path) {
  ConformanceReport report;
  report.path = path;
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> plugin =
      LoadedPlugin::Load(path);
  if (!plugin.ok()) {
    report.checks.push_back(
        {"load: the server's loader accepts the plugin and its description",
         false, std::string(plugin.status().message())});
    return report;
  }
  report.plugin_id = (*plugin)->id();
  report.plugin_version = (*plugin)->version();
  report.checks.push_back(
      {"load: the server's loader accepts the plugin and its description",
       true,
       absl::StrCat((*plugin)->id(), " ", (*plugin)->version(), ", ABI ",
                    MESOCLINIC_PLUGIN_ABI_MAJOR, ".", (*plugin)->abi_minor())});
  Suite(**plugin, report).Run();
  return report;
}

std::string FormatReport(const ConformanceReport& report) {
  std::string out = absl::StrCat("clinic-plugin-check ", report.path, "\n");
  if (!report.plugin_id.empty()) {
    absl::StrAppend(&out, "plugin ", report.plugin_id, " ",
                    report.plugin_version, "\n");
  }
  out += "\n";
  for (const CheckResult& check : report.checks) {
    absl::StrAppend(&out, check.passed ? "  PASS  " : "  FAIL  ", check.name,
                    "\n");
    if (!check.passed && !check.detail.empty()) {
      // Description problems come as one "a; b; c" line: one per line here.
      for (absl::string_view part : absl::StrSplit(check.detail, "; ")) {
        absl::StrAppend(&out, "          ", part, "\n");
      }
    }
  }
  const int failures = report.failures();
  absl::StrAppend(&out, "\n",
                  failures == 0 ? "PASS" : "FAIL", ": ",
                  report.checks.size() - failures, " of ",
                  report.checks.size(), " checks passed\n");
  return out;
}

}  // namespace mesoclinic::plugin_check

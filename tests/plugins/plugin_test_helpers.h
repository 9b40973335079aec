#ifndef MESOCLINIC_TESTS_PLUGINS_PLUGIN_TEST_HELPERS_H_
#define MESOCLINIC_TESTS_PLUGINS_PLUGIN_TEST_HELPERS_H_

// Builders the plugin rule tests share: the real plugin loaded through the
// server's loader, a healthy patient to vary, requests, and answer digests.

#include <memory>
#include <set>
#include <string>

#include "core/plugin_host/loaded_plugin.h"
#include "gtest/gtest.h"

namespace mesoclinic::plugin_tests {

namespace v1 = ::clinic::plugin::v1;

// Loads the plugin at `path` or fails the test.
inline std::unique_ptr<plugin_host::LoadedPlugin> LoadPlugin(
    const std::string& path) {
  auto plugin = plugin_host::LoadedPlugin::Load(path);
  EXPECT_TRUE(plugin.ok()) << plugin.status();
  return plugin.ok() ? *std::move(plugin) : nullptr;
}

// A 35-year-old, not pregnant, BMI 21.5, no medication or condition, seen
// today.
inline v1::PatientFacts HealthyPatient(v1::Sex sex = v1::SEX_FEMALE) {
  v1::PatientFacts facts;
  facts.set_age_years(35);
  facts.set_sex(sex);
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_NOT_PREGNANT);
  facts.set_height_cm(170);
  facts.set_weight_kg(62);
  return facts;
}

// Adds an NSAID last taken `days_ago` days before today.
inline void TookNsaid(v1::PatientFacts* facts, int days_ago,
                      const std::string& name = "ibuprofen") {
  v1::PatientMedication* medication = facts->add_medications();
  medication->set_name(name);
  medication->set_is_nsaid(true);
  medication->set_days_since_last_taken(days_ago);
}

inline v1::EligibilityRequest Eligibility(const v1::PatientFacts& facts) {
  v1::EligibilityRequest request;
  *request.mutable_facts() = facts;
  return request;
}

inline bool HasBlocking(const v1::EligibilityResult& result,
                        const std::string& code) {
  for (const auto& reason : result.reasons()) {
    if (reason.code() == code && reason.blocking()) return true;
  }
  return false;
}

inline bool HasWarning(const v1::EligibilityResult& result,
                       const std::string& code) {
  for (const auto& reason : result.reasons()) {
    if (reason.code() == code && !reason.blocking()) return true;
  }
  return false;
}

inline std::set<std::string> ExcludedProducts(
    const v1::EligibilityResult& result) {
  std::set<std::string> out;
  for (const auto& excluded : result.excluded_products()) {
    out.insert(excluded.product());
  }
  return out;
}

inline v1::LocalDateTime At(int year, int month, int day, int hour = 10,
                            int minute = 30) {
  v1::LocalDateTime when;
  when.set_year(year);
  when.set_month(month);
  when.set_day(day);
  when.set_hour(hour);
  when.set_minute(minute);
  return when;
}

inline v1::PlanCourseRequest PlanFrom(const v1::LocalDateTime& first,
                                      int session_count = 0,
                                      int preferred_interval_days = 0) {
  v1::PlanCourseRequest request;
  *request.mutable_first_session() = first;
  request.set_session_count(session_count);
  request.set_preferred_interval_days(preferred_interval_days);
  return request;
}

// "2025-03-03 10:30", for readable date assertions.
inline std::string Format(const v1::LocalDateTime& when) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d %02d:%02d",
                when.year(), when.month(), when.day(), when.hour(),
                when.minute());
  return buffer;
}

inline std::vector<std::string> SessionDates(const v1::CoursePlan& plan) {
  std::vector<std::string> out;
  for (const auto& session : plan.sessions()) {
    out.push_back(Format(session.start()).substr(0, 10));
  }
  return out;
}

// One product line within limits; callers change what the test is about.
inline v1::TreatmentProduct Line(const std::string& product, double volume_ml,
                                 double depth_mm, int points,
                                 const std::string& area,
                                 double concentration = 0) {
  v1::TreatmentProduct line;
  line.set_product(product);
  line.set_lot_number("LOT-2025-0042");
  line.set_volume_ml(volume_ml);
  line.set_depth_mm(depth_mm);
  line.set_injection_points(points);
  line.set_area(area);
  line.set_concentration(concentration);
  return line;
}

// "code@field" for every violation, to assert on both at once.
inline std::set<std::string> Violations(
    const v1::TreatmentRecordValidation& validation) {
  std::set<std::string> out;
  for (const auto& violation : validation.violations()) {
    out.insert(violation.code() + "@" + violation.field());
  }
  return out;
}

inline v1::AdverseEventReport Event(const std::string& term, int grade,
                                    int days_since_session,
                                    bool serious = false) {
  v1::AdverseEventReport report;
  report.set_term(term);
  report.set_severity_grade(grade);
  report.set_days_since_session(days_since_session);
  report.set_serious(serious);
  return report;
}

// A suite on one real plugin: loads it as the server does and calls its
// eligibility and record-validation hooks, failing the test when a hook
// itself fails.
class PluginRulesTest : public ::testing::Test {
 protected:
  explicit PluginRulesTest(const char* plugin_path) : path_(plugin_path) {}

  void SetUp() override {
    plugin_ = LoadPlugin(path_);
    ASSERT_NE(plugin_, nullptr);
  }
  v1::EligibilityResult Check(const v1::PatientFacts& facts) {
    auto result = plugin_->CheckEligibility(Eligibility(facts));
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : v1::EligibilityResult();
  }
  v1::TreatmentRecordValidation Validate(const v1::TreatmentRecord& record) {
    auto result = plugin_->ValidateTreatmentRecord(record);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : v1::TreatmentRecordValidation();
  }

  const char* const path_;
  std::unique_ptr<plugin_host::LoadedPlugin> plugin_;
};

}  // namespace mesoclinic::plugin_tests

#endif  // MESOCLINIC_TESTS_PLUGINS_PLUGIN_TEST_HELPERS_H_

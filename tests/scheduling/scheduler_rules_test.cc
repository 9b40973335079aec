// The scheduling decisions' rules as plain C++, without a server: treatment
// record checks and their mapping to the plugin's record, stable reason
// codes on refusals, and the slot grid.

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/course_limit.h"
#include "core/scheduling/session.h"
#include "core/scheduling/treatment_record_checks.h"
#include "core/scheduling/treatment_record_conversion.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Pair;

TreatmentRecord ValidRecord() {
  TreatmentRecord record;
  record.areas = {"thighs"};
  record.products = {{"caffeine", "LOT1", 2, 2.5, 4, "thighs", 10}};
  record.outcomes = {{"circumference_cm", "left_thigh", 55}};
  return record;
}

TEST(TreatmentRecordChecksTest, AValidRecordPasses) {
  EXPECT_TRUE(CheckRecordShape(ValidRecord()).ok());
}

TEST(TreatmentRecordChecksTest, EveryShapeViolationIsReportedAtOnce) {
  TreatmentRecord record = ValidRecord();
  record.products[0].lot_number.clear();
  record.products[0].volume_ml = std::nan("");
  record.products[0].injection_points = -1;
  record.outcomes[0].value = std::numeric_limits<double>::infinity();
  const absl::Status status = CheckRecordShape(record);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), reasons::kTreatmentRecordInvalid);
  EXPECT_THAT(
      FieldViolationsOf(status),
      ElementsAre(
          Field(&FieldViolation::field,
                "treatment_record.products[0].lot_number"),
          Field(&FieldViolation::field,
                "treatment_record.products[0].volume_ml"),
          Field(&FieldViolation::field,
                "treatment_record.products[0].injection_points"),
          Field(&FieldViolation::field, "treatment_record.outcomes[0].value")));
}

TEST(TreatmentRecordChecksTest, MissingAreasAndProductsAreBothNamed) {
  const absl::Status status = CheckRecordShape(TreatmentRecord{});
  EXPECT_EQ(ErrorReason(status), reasons::kTreatmentRecordInvalid);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(Field(&FieldViolation::field,
                                "treatment_record.areas"),
                          Field(&FieldViolation::field,
                                "treatment_record.products")));
}

TEST(TreatmentRecordChecksTest, PluginViolationsUseTheApisFieldNames) {
  clinic::plugin::v1::TreatmentRecordValidation verdict;
  EXPECT_TRUE(RecordViolations(verdict).ok());
  auto* dose = verdict.add_violations();
  dose->set_field("products[0].volume_ml");
  dose->set_code("DOSE_TOO_HIGH");
  dose->set_message("at most 2 ml");
  auto* outcome = verdict.add_violations();
  outcome->set_field("outcome_measurements[0].code");
  outcome->set_code("UNKNOWN_CODE");
  outcome->set_message("not a cellulite outcome");
  const absl::Status status = RecordViolations(verdict);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), reasons::kTreatmentRecordInvalid);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"treatment_record.products[0]."
                                         "volume_ml",
                                         "DOSE_TOO_HIGH: at most 2 ml"},
                          FieldViolation{"treatment_record.outcomes[0].code",
                                         "UNKNOWN_CODE: not a cellulite "
                                         "outcome"}));
  EXPECT_THAT(status.message(), HasSubstr("DOSE_TOO_HIGH"));
}

TEST(TreatmentRecordConversionTest, ThePluginReadsTheWholeRecord) {
  const clinic::plugin::v1::TreatmentRecord out =
      PluginTreatmentRecord(ValidRecord(), 3);
  EXPECT_EQ(out.session_index(), 3);
  ASSERT_EQ(out.body_areas_size(), 1);
  EXPECT_EQ(out.body_areas(0), "thighs");
  ASSERT_EQ(out.products_size(), 1);
  EXPECT_EQ(out.products(0).lot_number(), "LOT1");
  EXPECT_EQ(out.products(0).volume_ml(), 2.5);
  EXPECT_EQ(out.products(0).injection_points(), 10);
  ASSERT_EQ(out.outcome_measurements_size(), 1);
  EXPECT_EQ(out.outcome_measurements(0).site(), "left_thigh");
  EXPECT_EQ(ApiFieldPath("body_areas[1]"), "areas[1]");
  EXPECT_EQ(ApiFieldPath("products[0].depth_mm"), "products[0].depth_mm");
}

TEST(RefusalReasonsTest, StateMachineAndGapRefusalsCarryTheirReason) {
  const absl::Status transition = CheckTransition(
      "sessions/a", SessionState::kCompleted, SessionState::kCancelled);
  EXPECT_EQ(ErrorReason(transition), reasons::kSessionStateConflict);
  const absl::Time first = absl::FromCivil(absl::CivilDay(2027, 3, 1),
                                           absl::UTCTimeZone());
  const absl::Status gap = CheckGap(first, first + absl::Hours(24 * 3), 7,
                                    10, absl::UTCTimeZone(), "session");
  EXPECT_EQ(ErrorReason(gap), reasons::kIntervalOutsideProtocol);
}

// A protocol's course: `course_proper` sessions at most, and a maintenance
// phase of `touch_ups` sessions (none when 0) that repeats or runs once.
::clinic::plugin::v1::Course Protocol(int course_proper, int touch_ups,
                                      bool repeats) {
  ::clinic::plugin::v1::Course course;
  course.set_max_total_sessions(course_proper);
  auto* initial = course.add_phases();
  initial->set_name("initial");
  initial->set_max_sessions(course_proper);
  if (touch_ups > 0) {
    auto* maintenance = course.add_phases();
    maintenance->set_name("maintenance");
    maintenance->set_max_sessions(touch_ups);
    maintenance->set_maintenance(true);
    maintenance->set_repeats(repeats);
  }
  return course;
}

TEST(CourseLimitTest, WithoutMaintenanceACourseHoldsMaxTotalSessions) {
  const CourseLimit limit = CourseLimitOf(Protocol(5, 0, false));
  EXPECT_TRUE(CheckCourseHasRoom(limit, 4, "courses/c").ok());
  const absl::Status full = CheckCourseHasRoom(limit, 5, "courses/c");
  EXPECT_EQ(full.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(full), reasons::kCourseFull);
  EXPECT_THAT(ErrorMetadata(full),
              ElementsAre(Pair("course", "courses/c"),
                          Pair("max_sessions", "5")));
  EXPECT_THAT(full.message(), HasSubstr("allows at most 5"));
}

TEST(CourseLimitTest, AMaintenancePhaseThatRunsOnceAddsItsTouchUpsOnce) {
  // Joint pain: 5 sessions, then up to 6 "as needed".
  const CourseLimit limit = CourseLimitOf(Protocol(5, 6, false));
  EXPECT_EQ(limit.total(), 11);
  EXPECT_TRUE(CheckCourseHasRoom(limit, 10, "courses/c").ok());
  const absl::Status full = CheckCourseHasRoom(limit, 11, "courses/c");
  EXPECT_EQ(ErrorReason(full), reasons::kCourseFull);
  EXPECT_THAT(full.message(),
              HasSubstr("at most 11 (5 in the course and 6 maintenance "
                        "touch-ups)"));
}

TEST(CourseLimitTest, ARepeatingMaintenancePhaseSetsNoMaximum) {
  const CourseLimit limit = CourseLimitOf(Protocol(10, 1, true));
  EXPECT_TRUE(limit.unlimited);
  EXPECT_TRUE(CheckCourseHasRoom(limit, 10, "courses/c").ok());
  EXPECT_TRUE(CheckCourseHasRoom(limit, 200, "courses/c").ok());
}

}  // namespace
}  // namespace mesoclinic::scheduling

// The course planner with the real plugins: a repeating maintenance phase
// (the cellulite touch-up, every 6 to 8 months for as long as the patient
// continues) planned round after round in the clinic's wall-clock time.

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/plugin_host/loaded_plugin.h"
#include "core/treatments/course_planner.h"
#include "gtest/gtest.h"

namespace mesoclinic::treatments {
namespace {

std::unique_ptr<plugin_host::LoadedPlugin> Load(const char* path) {
  auto plugin = plugin_host::LoadedPlugin::Load(path);
  EXPECT_TRUE(plugin.ok()) << plugin.status();
  return plugin.ok() ? *std::move(plugin) : nullptr;
}

absl::TimeZone Paris() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Paris", &zone));
  return zone;
}

CourseRequest WithMaintenance(int rounds) {
  return {.first_session =
              absl::FromCivil(absl::CivilMinute(2025, 3, 3, 10, 30), Paris()),
          .include_maintenance = true,
          .maintenance_rounds = rounds};
}

TEST(CoursePlannerTest, RepeatingMaintenancePlansEveryRoundAsked) {
  const auto cellulite = Load(CELLULITE_PLUGIN_PATH);
  ASSERT_NE(cellulite, nullptr);
  auto slots = PlanCourseInZone(*cellulite, WithMaintenance(3), Paris());
  ASSERT_TRUE(slots.ok()) << slots.status();
  // The default course (6 sessions), then three touch-ups 196 days apart,
  // at 10:30 in Paris whatever the season.
  ASSERT_EQ(slots->size(), 9u);
  for (int i = 6; i < 9; ++i) {
    const PlannedSlot& slot = (*slots)[i];
    EXPECT_EQ(slot.phase, "touch_up");
    EXPECT_EQ(slot.min_days_after_previous, 182);
    EXPECT_EQ(slot.max_days_after_previous, 245);
    const absl::CivilMinute local = absl::ToCivilMinute(slot.start, Paris());
    const absl::CivilMinute before =
        absl::ToCivilMinute((*slots)[i - 1].start, Paris());
    EXPECT_EQ(absl::CivilDay(local) - absl::CivilDay(before), 196) << i;
    EXPECT_EQ(local.hour(), 10);
    EXPECT_EQ(local.minute(), 30);
  }
  // Past the course, the booking window is the touch-up's, round after
  // round.
  EXPECT_EQ(GapWindowForIndex(*cellulite, 12), std::make_pair(182, 245));
}

TEST(CoursePlannerTest, NoRoundsAskedPlansOneTouchUpAsBefore) {
  const auto cellulite = Load(CELLULITE_PLUGIN_PATH);
  ASSERT_NE(cellulite, nullptr);
  auto slots = PlanCourseInZone(*cellulite, WithMaintenance(0), Paris());
  ASSERT_TRUE(slots.ok()) << slots.status();
  ASSERT_EQ(slots->size(), 7u);
  EXPECT_EQ(slots->back().phase, "touch_up");
}

TEST(CoursePlannerTest, MaintenanceThatDoesNotRepeatRefusesRounds) {
  const auto hair_loss = Load(HAIR_LOSS_PLUGIN_PATH);
  ASSERT_NE(hair_loss, nullptr);
  auto slots = PlanCourseInZone(*hair_loss, WithMaintenance(2), Paris());
  EXPECT_EQ(slots.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(slots.status().message().find("does not repeat"),
            std::string::npos)
      << slots.status();
}

TEST(CoursePlannerTest, RoundsAreBounded) {
  const auto cellulite = Load(CELLULITE_PLUGIN_PATH);
  ASSERT_NE(cellulite, nullptr);
  for (int rounds : {-1, 101}) {
    EXPECT_EQ(PlanCourseInZone(*cellulite, WithMaintenance(rounds), Paris())
                  .status()
                  .code(),
              absl::StatusCode::kInvalidArgument)
        << rounds;
  }
}

}  // namespace
}  // namespace mesoclinic::treatments

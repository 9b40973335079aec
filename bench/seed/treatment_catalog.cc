#include "bench/seed/treatment_catalog.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "core/base/sha256.h"
#include "core/base/status_macros.h"
#include "core/treatments/course_planner.h"

namespace mesoclinic::bench {
namespace {

// Course shares of a mesotherapy clinic: cellulite first, joint pain
// (short courses) next, hair loss (long ones) last.
struct KnownShare {
  absl::string_view id;
  double share;
};
constexpr KnownShare kKnownShares[] = {
    {"cellulite", 0.45}, {"joint_pain", 0.35}, {"hair_loss", 0.20}};

absl::StatusOr<CourseShape> PlanShape(const plugin_host::LoadedPlugin& plugin,
                                      int session_count, bool maintenance,
                                      absl::TimeZone zone) {
  // Any weekday morning: plans count whole local days, so the shape holds
  // for every first day.
  const absl::CivilDay reference(2030, 1, 7);
  const absl::Time first =
      absl::FromCivil(absl::CivilMinute(reference.year(), reference.month(),
                                        reference.day(), 10, 0),
                      zone);
  ASSIGN_OR_RETURN(const std::vector<treatments::PlannedSlot> slots,
                   treatments::PlanCourseInZone(
                       plugin,
                       {.first_session = first,
                        .session_count = session_count,
                        .include_maintenance = maintenance},
                       zone));
  CourseShape shape{session_count, maintenance, {}};
  for (const treatments::PlannedSlot& slot : slots) {
    shape.visits.push_back(
        {static_cast<int>(absl::ToCivilDay(slot.start, zone) - reference),
         slot.min_days_after_previous, slot.max_days_after_previous});
  }
  return shape;
}

}  // namespace

double Treatment::MeanSessionsPerCourse() const {
  double sessions = 0;
  for (const CourseShape& shape : shapes) sessions += shape.visits.size();
  return shapes.empty() ? 0 : sessions / shapes.size();
}

absl::StatusOr<std::vector<Treatment>> LoadTreatmentCatalog(
    const plugin_host::PluginRegistry& plugins, absl::TimeZone zone,
    int slot_minutes) {
  std::vector<Treatment> catalog;
  double known = 0;
  int unknown = 0;
  for (const plugin_host::LoadedPlugin* plugin : plugins.plugins()) {
    Treatment treatment;
    treatment.plugin = plugin;
    treatment.id = plugin->id();
    treatment.session_length = treatments::SessionLength(*plugin);
    treatment.slots = static_cast<int>(
        (absl::ToInt64Minutes(treatment.session_length) + slot_minutes - 1) /
        slot_minutes);
    treatment.consent_version = plugin->description().consent().version();
    treatment.consent_sha256 =
        Sha256Hex(plugin->description().consent().full_text());
    const auto& course = plugin->description().course();
    for (int count = course.min_total_sessions();
         count <= course.max_total_sessions(); ++count) {
      for (const bool maintenance : {false, true}) {
        absl::StatusOr<CourseShape> shape =
            PlanShape(*plugin, count, maintenance, zone);
        // Counts the protocol's phases cannot hold are refused by the
        // plugin, as BookCourse would be: not a shape.
        if (shape.ok()) treatment.shapes.push_back(*std::move(shape));
      }
    }
    if (treatment.shapes.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "plugin ", plugin->id(), " plans no course of any session count"));
    }
    for (const KnownShare& share : kKnownShares) {
      if (share.id == treatment.id) treatment.course_share = share.share;
    }
    known += treatment.course_share;
    if (treatment.course_share == 0) ++unknown;
    catalog.push_back(std::move(treatment));
  }
  if (catalog.empty()) {
    return absl::FailedPreconditionError(
        "no treatment plugin loaded: pass --plugin_dir naming the built "
        "plugins");
  }
  double total = 0;
  for (Treatment& treatment : catalog) {
    if (treatment.course_share == 0) {
      treatment.course_share =
          known >= 1 ? 0.1 : (1 - known) / static_cast<double>(unknown);
    }
    total += treatment.course_share;
  }
  for (Treatment& treatment : catalog) treatment.course_share /= total;
  return catalog;
}

}  // namespace mesoclinic::bench

// PluginRegistry::LoadDirectory loads the good plugins of a folder and
// refuses the others, one by one, without stopping.

#include "core/plugin_host/plugin_registry.h"

#include <filesystem>
#include <map>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::plugin_host {
namespace {

using ::testing::HasSubstr;

// Copies `from` into `dir` as `name`.
void Put(const testing::TempDir& dir, const std::string& from,
         const std::string& name) {
  std::filesystem::copy_file(from, dir.File(name));
}

std::map<std::string, absl::Status> ByFileName(
    const std::vector<PluginRefusal>& refusals) {
  std::map<std::string, absl::Status> out;
  for (const PluginRefusal& refusal : refusals) {
    out[std::filesystem::path(refusal.path).filename().string()] =
        refusal.reason;
  }
  return out;
}

TEST(PluginRegistryLoadDirectory, LoadsGoodPluginsAndRefusesBadOnes) {
  testing::TempDir dir;
  Put(dir, FIXTURE_GOOD_PATH, "a_fixture.so");
  Put(dir, FIXTURE_DUPLICATE_PATH, "b_fixture_again.so");
  Put(dir, FIXTURE_NO_ENTRY_PATH, "c_no_entry.so");
  Put(dir, FIXTURE_ABI_MAJOR_2_PATH, "d_abi2.so");
  Put(dir, FIXTURE_NEWER_MINOR_PATH, "e_minor.so");
  Put(dir, FIXTURE_INVALID_DESCRIPTION_PATH, "f_invalid.so");
  Put(dir, FIXTURE_MISBEHAVING_PATH, "g_misbehaving.so");
  // Not a .so: ignored, not refused.
  std::filesystem::copy_file(FIXTURE_GOOD_PATH, dir.File("readme.txt"));

  PluginRegistry::LoadResult result =
      PluginRegistry::LoadDirectory(dir.path().string());

  std::vector<std::string> ids;
  for (const LoadedPlugin* plugin : result.registry.plugins()) {
    ids.push_back(plugin->id());
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("fixture", "fixture_misbehaving"));
  // File-name order: a_fixture.so won, b_fixture_again.so is the duplicate.
  EXPECT_EQ(result.registry.Find("fixture")->path(), dir.File("a_fixture.so"));

  std::map<std::string, absl::Status> refused = ByFileName(result.refusals);
  ASSERT_EQ(refused.size(), 5u);
  EXPECT_EQ(refused["b_fixture_again.so"].code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(refused["b_fixture_again.so"].message(),
              HasSubstr("duplicate plugin id 'fixture'"));
  EXPECT_EQ(refused["c_no_entry.so"].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(refused["d_abi2.so"].code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused["e_minor.so"].code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused["f_invalid.so"].code(),
            absl::StatusCode::kInvalidArgument);

  // The plugin that survived still serves after its neighbours were refused.
  clinic::plugin::v1::EligibilityRequest request;
  request.mutable_facts()->set_age_years(40);
  request.mutable_facts()->set_pregnancy_status(
      clinic::plugin::v1::PREGNANCY_STATUS_NOT_PREGNANT);
  auto answer = result.registry.Find("fixture")->CheckEligibility(request);
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_TRUE(answer->eligible());
}

TEST(PluginRegistryLoadDirectory, MissingFolderGivesOneRefusal) {
  PluginRegistry::LoadResult result =
      PluginRegistry::LoadDirectory("/nonexistent/mesoclinic/plugins");
  EXPECT_TRUE(result.registry.empty());
  ASSERT_EQ(result.refusals.size(), 1u);
  EXPECT_EQ(result.refusals[0].path, "/nonexistent/mesoclinic/plugins");
  EXPECT_EQ(result.refusals[0].reason.code(), absl::StatusCode::kNotFound);
}

TEST(PluginRegistryLoadDirectory, EmptyFolderGivesEmptyRegistry) {
  testing::TempDir dir;
  PluginRegistry::LoadResult result =
      PluginRegistry::LoadDirectory(dir.path().string());
  EXPECT_TRUE(result.registry.empty());
  EXPECT_TRUE(result.refusals.empty());
}

TEST(PluginRegistryFind, UnknownIdIsNull) {
  PluginRegistry registry;
  EXPECT_EQ(registry.Find("cellulite"), nullptr);
}

TEST(PluginRegistryAdd, DuplicateIdIsAlreadyExists) {
  PluginRegistry registry;
  auto first = LoadedPlugin::Load(FIXTURE_GOOD_PATH);
  auto second = LoadedPlugin::Load(FIXTURE_DUPLICATE_PATH);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(registry.Add(*std::move(first)).ok());
  absl::Status status = registry.Add(*std::move(second));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(status.message(), HasSubstr(FIXTURE_GOOD_PATH));
  EXPECT_EQ(registry.size(), 1u);
}

}  // namespace
}  // namespace mesoclinic::plugin_host

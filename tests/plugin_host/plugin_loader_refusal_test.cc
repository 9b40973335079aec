// LoadedPlugin::Load refuses each kind of broken plugin with a clear reason.

#include "core/plugin_host/loaded_plugin.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::plugin_host {
namespace {

using ::testing::HasSubstr;

absl::Status LoadStatus(const std::string& path) {
  return LoadedPlugin::Load(path).status();
}

TEST(PluginLoaderRefusal, AcceptsAGoodPlugin) {
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> plugin =
      LoadedPlugin::Load(FIXTURE_GOOD_PATH);
  ASSERT_TRUE(plugin.ok()) << plugin.status();
  EXPECT_EQ((*plugin)->id(), "fixture");
  EXPECT_EQ((*plugin)->version(), "0.1.0");
  EXPECT_EQ((*plugin)->path(), FIXTURE_GOOD_PATH);
  EXPECT_EQ((*plugin)->abi_minor(), MESOCLINIC_PLUGIN_ABI_MINOR);
  EXPECT_EQ((*plugin)->description().body_areas(0), "forearm");
}

TEST(PluginLoaderRefusal, MissingEntrySymbol) {
  absl::Status status = LoadStatus(FIXTURE_NO_ENTRY_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(status.message(), HasSubstr("mesoclinic_plugin_v1"));
}

TEST(PluginLoaderRefusal, OtherAbiMajor) {
  absl::Status status = LoadStatus(FIXTURE_ABI_MAJOR_2_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("another major version"));
}

TEST(PluginLoaderRefusal, NewerAbiMinor) {
  absl::Status status = LoadStatus(FIXTURE_NEWER_MINOR_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("newer than this server"));
}

TEST(PluginLoaderRefusal, TableTooSmall) {
  absl::Status status = LoadStatus(FIXTURE_SMALL_TABLE_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("ABI 1.0 needs at least"));
}

TEST(PluginLoaderRefusal, EntryReturnsNoTable) {
  absl::Status status = LoadStatus(FIXTURE_NULL_TABLE_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("returned no table"));
}

// The entry function has no error channel: the reason comes back through
// the describe hook's error message.
TEST(PluginLoaderRefusal, DescribeThatThrowsSaysWhat) {
  absl::Status status = LoadStatus(FIXTURE_DESCRIBE_THROWS_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(),
              HasSubstr("Describe() threw: protocol table missing"));
}

TEST(PluginLoaderRefusal, InvalidDescriptionListsEveryProblem) {
  absl::Status status = LoadStatus(FIXTURE_INVALID_DESCRIPTION_PATH);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("consent: a consent document is "
                                          "required"));
  EXPECT_THAT(status.message(),
              HasSubstr("'spontaneous_levitation' is not in the adverse-event "
                        "vocabulary"));
}

TEST(PluginLoaderRefusal, FileIsNotALibrary) {
  testing::TempDir dir;
  const std::string path = dir.File("text.so");
  std::ofstream(path) << "not an ELF file\n";
  absl::Status status = LoadStatus(path);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("cannot load the library"));
}

TEST(PluginLoaderRefusal, FileDoesNotExist) {
  EXPECT_EQ(LoadStatus("/nonexistent/plugin.so").code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace mesoclinic::plugin_host

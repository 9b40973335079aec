// The three plugins and the host in one process, loaded from clinicd's
// default plugin folder. If any plugin carried its own copy of the generated
// clinic.plugin.v1 code, registering plugin.proto a second time would abort
// this process while loading.

#include "core/plugin_host/plugin_registry.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/plugins/plugin_test_helpers.h"

namespace mesoclinic::plugin_tests {
namespace {

TEST(AllPluginsInOneProcess, LoadWithoutRefusalsAndServe) {
  plugin_host::PluginRegistry::LoadResult result =
      plugin_host::PluginRegistry::LoadDirectory(DEFAULT_PLUGIN_DIR);
  for (const auto& refusal : result.refusals) {
    ADD_FAILURE() << refusal.path << ": " << refusal.reason;
  }
  std::vector<std::string> ids;
  for (const plugin_host::LoadedPlugin* plugin : result.registry.plugins()) {
    ids.push_back(plugin->id());
    auto eligibility =
        plugin->CheckEligibility(Eligibility(HealthyPatient(v1::SEX_MALE)));
    ASSERT_TRUE(eligibility.ok()) << eligibility.status();
    EXPECT_TRUE(eligibility->eligible()) << plugin->id();
    EXPECT_TRUE(plugin->PlanCourse(PlanFrom(At(2025, 6, 2))).ok());
  }
  EXPECT_THAT(ids, ::testing::ElementsAre("cellulite", "hair_loss",
                                          "joint_pain"));
}

TEST(AllPluginsInOneProcess, SchemaIsRegisteredOnceInTheGeneratedPool) {
  plugin_host::PluginRegistry::LoadResult result =
      plugin_host::PluginRegistry::LoadDirectory(DEFAULT_PLUGIN_DIR);
  ASSERT_EQ(result.registry.size(), 3u);
  const google::protobuf::FileDescriptor* file =
      google::protobuf::DescriptorPool::generated_pool()->FindFileByName(
          "clinic/plugin/v1/plugin.proto");
  ASSERT_NE(file, nullptr);
  // The host's message types are the very ones the plugins' answers parse
  // into: one descriptor per type.
  EXPECT_EQ(file->FindMessageTypeByName("PluginDescription"),
            v1::PluginDescription::descriptor());
}

}  // namespace
}  // namespace mesoclinic::plugin_tests

#include "core/base/secret_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

class SecretFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("secret_file_test_" + std::to_string(getpid()) + "_" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string PathOf(const std::string& name) const {
    return (folder_ / name).string();
  }

  std::filesystem::path folder_;
};

mode_t ModeOf(const std::string& path) {
  struct stat info;
  EXPECT_EQ(stat(path.c_str(), &info), 0);
  return info.st_mode & 0777;
}

TEST_F(SecretFileTest, ANewKeyIsRandomOwnerOnlyAndReadBackTheSame) {
  const std::string path = PathOf("chain.key");
  absl::StatusOr<std::string> created = ReadOrCreateKeyFile(path, 32);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->size(), 32u);
  EXPECT_EQ(ModeOf(path), 0600u);
  absl::StatusOr<std::string> again = ReadOrCreateKeyFile(path, 32);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, *created);

  absl::StatusOr<std::string> other = CreateKeyFile(PathOf("other.key"), 32);
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_NE(*other, *created);
}

TEST_F(SecretFileTest, AKeyIsNeverOverwritten) {
  const std::string path = PathOf("backup.key");
  absl::StatusOr<std::string> first = CreateKeyFile(path, 32);
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::string> second = CreateKeyFile(path, 32);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(*ReadKeyFile(path, 32), *first);
}

TEST_F(SecretFileTest, AMissingKeyIsNotFound) {
  EXPECT_EQ(ReadKeyFile(PathOf("none.key"), 32).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SecretFileTest, AKeyOthersMayReadIsRefused) {
  const std::string path = PathOf("chain.key");
  ASSERT_TRUE(CreateKeyFile(path, 32).ok());
  ASSERT_EQ(chmod(path.c_str(), 0640), 0);
  absl::StatusOr<std::string> key = ReadKeyFile(path, 32);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(key.status().message().find("chmod 600"), std::string::npos)
      << key.status();
}

TEST_F(SecretFileTest, AFileThatIsNotAKeyOfTheRightSizeIsRefused) {
  for (const std::string& contents :
       {std::string("abcd\n"), std::string(64, 'g') + "\n",
        std::string(62, 'a') + "\n"}) {
    const std::string path = PathOf("bad.key");
    ASSERT_TRUE(WriteSecretFile(path, contents).ok());
    absl::StatusOr<std::string> key = ReadKeyFile(path, 32);
    EXPECT_EQ(key.status().code(), absl::StatusCode::kFailedPrecondition)
        << contents;
    EXPECT_NE(key.status().message().find("64 hexadecimal digits"),
              std::string::npos)
        << key.status();
  }
}

TEST_F(SecretFileTest, WriteSecretFileReplacesAndKeepsOwnerOnly) {
  const std::string path = PathOf("admin.key");
  ASSERT_TRUE(WriteSecretFile(path, "first\n").ok());
  ASSERT_TRUE(WriteSecretFile(path, "second\n").ok());
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "second");
  EXPECT_EQ(ModeOf(path), 0600u);
}

}  // namespace
}  // namespace mesoclinic

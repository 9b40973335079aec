#ifndef MESOCLINIC_TESTS_SUPPORT_TEMP_DIR_H_
#define MESOCLINIC_TESTS_SUPPORT_TEMP_DIR_H_

#include <filesystem>
#include <string>

namespace mesoclinic::testing {

// A fresh folder under the system's temporary folder, removed with its
// contents when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // path()/name, as a string.
  std::string File(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SUPPORT_TEMP_DIR_H_

#ifndef MESOCLINIC_TESTS_STORAGE_FILE_BYTES_H_
#define MESOCLINIC_TESTS_STORAGE_FILE_BYTES_H_

// A file's bytes, whole: what the backup tests compare, search and damage.

#include <fstream>
#include <iterator>
#include <string>

namespace mesoclinic::testing {

// The bytes of the file at `path`; empty when there is none.
inline std::string ReadFileBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

// Replaces the file at `path` with `bytes` (created with the umask's mode).
inline void WriteFileBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_STORAGE_FILE_BYTES_H_

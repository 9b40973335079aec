// The main() a fuzz target is linked with when it is not built for libFuzzer
// (the normal g++ build): it runs the target once on every file of the
// folders (or the files) named on the command line, in name order, so that
// the default test run replays the seed corpus and every past crash.
//
//   request_validation_fuzzer tests/fuzz/corpus/request_validation
//       tests/fuzz/regressions/request_validation
//
// A crash or a failed check aborts, which fails the test. Files whose name
// starts with '.' (.gitkeep) are skipped. Running no input at all is an
// error: a missing corpus must not pass silently.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

namespace fs = std::filesystem;

// The inputs named by `argument`: the file itself, or the files directly in
// the folder. Empty, with a message, when it is neither.
std::vector<fs::path> InputsIn(const fs::path& argument) {
  std::error_code error;
  if (fs::is_regular_file(argument, error)) return {argument};
  std::vector<fs::path> inputs;
  if (!fs::is_directory(argument, error)) {
    std::fprintf(stderr, "replay: %s is neither a file nor a folder\n",
                 argument.c_str());
    return inputs;
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(argument)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && !name.empty() && name[0] != '.') {
      inputs.push_back(entry.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

bool ReadFile(const fs::path& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes->assign(std::istreambuf_iterator<char>(in),
                std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

int main(int argc, char** argv) {
  int replayed = 0;
  for (int i = 1; i < argc; ++i) {
    for (const fs::path& input : InputsIn(argv[i])) {
      std::string bytes;
      if (!ReadFile(input, &bytes)) {
        std::fprintf(stderr, "replay: cannot read %s\n", input.c_str());
        return 1;
      }
      // Printed first, so that a crash shows which input caused it.
      std::fprintf(stderr, "replay: %s (%zu bytes)\n", input.c_str(),
                   bytes.size());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()),
                             bytes.size());
      ++replayed;
    }
  }
  if (replayed == 0) {
    std::fprintf(stderr, "replay: no input found\n");
    return 1;
  }
  std::printf("replay: %d inputs ran without a crash\n", replayed);
  return 0;
}

// The reason codes a client may switch on are all documented: every code in
// core/base/error_reasons.h has its row in docs/api-guide.md, and the guide
// lists no code the server does not have.

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream file(path);
  EXPECT_TRUE(file.good()) << path;
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Every match of `pattern`'s first group in `text`.
std::set<std::string> Matches(const std::string& text,
                              const std::string& pattern) {
  std::set<std::string> found;
  const std::regex regex(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), regex);
       it != std::sregex_iterator(); ++it) {
    found.insert((*it)[1].str());
  }
  return found;
}

TEST(ErrorReasonsTest, EveryCodeIsDocumentedAndNoOther) {
  const std::set<std::string> codes =
      Matches(ReadFile(MESOCLINIC_SOURCE_DIR "/core/base/error_reasons.h"),
              R"re(inline constexpr char k\w+\[\] = "([A-Z_]+)";)re");
  ASSERT_GT(codes.size(), 20u);
  // The guide's table: "| `SLOT_TAKEN` | FAILED_PRECONDITION | ... |".
  const std::set<std::string> documented =
      Matches(ReadFile(MESOCLINIC_SOURCE_DIR "/docs/api-guide.md"),
              R"(\n\| `([A-Z_]+)` \| `[A-Z_]+` \|)");
  EXPECT_EQ(codes, documented);
}

}  // namespace
}  // namespace mesoclinic

// The role matrix printed in docs/api-guide.md is the one the server
// enforces: a reader of the guide is never told a role may call a method
// that it may not, or the other way round.

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "core/auth/role_matrix.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::auth {
namespace {

using staff::Role;

struct DocumentedRoles {
  bool front_desk = false;
  bool practitioner = false;
  bool admin = false;
};

std::map<std::string, DocumentedRoles> ReadGuideTable() {
  std::ifstream guide(MESOCLINIC_API_GUIDE);
  EXPECT_TRUE(guide.good()) << MESOCLINIC_API_GUIDE;
  const std::regex row(
      R"(^\| `(\w+)\.(\w+)` \| (yes|—) \| (yes|—) \| (yes|—) \|$)");
  std::map<std::string, DocumentedRoles> table;
  std::string line;
  while (std::getline(guide, line)) {
    std::smatch match;
    if (!std::regex_match(line, match, row)) continue;
    table["/clinic.v1." + match[1].str() + "/" + match[2].str()] = {
        match[3] == "yes", match[4] == "yes", match[5] == "yes"};
  }
  return table;
}

TEST(RoleMatrixDocTest, TheGuideListsEveryMethodWithItsRoles) {
  const RoleMatrix matrix = RoleMatrix::Default();
  const std::map<std::string, DocumentedRoles> table = ReadGuideTable();
  for (const std::string& method : matrix.Methods()) {
    SCOPED_TRACE(method);
    const auto it = table.find(method);
    ASSERT_NE(it, table.end()) << "missing from docs/api-guide.md";
    EXPECT_EQ(it->second.front_desk, matrix.Allows(method, Role::kFrontDesk));
    EXPECT_EQ(it->second.practitioner,
              matrix.Allows(method, Role::kPractitioner));
    EXPECT_EQ(it->second.admin, matrix.Allows(method, Role::kAdmin));
  }
  for (const auto& [method, roles] : table) {
    EXPECT_TRUE(matrix.Names(method))
        << method << " is in the guide but not in the matrix";
  }
}

}  // namespace
}  // namespace mesoclinic::auth

#ifndef MESOCLINIC_TESTS_SERVER_DATABASE_SNAPSHOT_H_
#define MESOCLINIC_TESTS_SERVER_DATABASE_SNAPSHOT_H_

// Every row of a SQLite database's tables, read through a read-only
// connection of its own beside the running server, so that a test can say
// what a series of calls changed in storage: nothing, it hopes.

#include <map>
#include <set>
#include <string>
#include <vector>

namespace mesoclinic::testing {

class DatabaseSnapshot {
 public:
  // Reads every table of the database at `path` except those `excluded`.
  static DatabaseSnapshot Take(const std::string& path,
                               const std::set<std::string>& excluded);

  // What differs from `before`, table by table (rows gone and rows new,
  // each shortened for reading); empty when nothing does.
  std::string DifferencesFrom(const DatabaseSnapshot& before) const;

  // Table name -> its rows, rendered as text and sorted.
  const std::map<std::string, std::vector<std::string>>& tables() const {
    return tables_;
  }

 private:
  std::map<std::string, std::vector<std::string>> tables_;
};

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SERVER_DATABASE_SNAPSHOT_H_

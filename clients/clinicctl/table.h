#ifndef MESOCLINIC_CLIENTS_CLINICCTL_TABLE_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_TABLE_H_

// Output for people: aligned columns under a header, and "label: value"
// detail listings. Widths count characters, not bytes, so "Amélie" lines up.

#include <ostream>
#include <string>
#include <vector>

namespace mesoclinic::clinicctl {

class Table {
 public:
  explicit Table(std::vector<std::string> header);

  void AddRow(std::vector<std::string> cells);
  size_t size() const { return rows_.size(); }

  // Columns separated by two spaces; trailing spaces trimmed.
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// One record, one field per line: "Name:   patients/abc". Empty values are
// left out.
class DetailList {
 public:
  DetailList& Add(std::string label, std::string value);
  void Print(std::ostream& out) const;

 private:
  std::vector<std::pair<std::string, std::string>> rows_;
};

// Characters in UTF-8 `text` (code points).
size_t DisplayWidth(const std::string& text);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_TABLE_H_

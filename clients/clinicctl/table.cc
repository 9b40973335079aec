#include "clients/clinicctl/table.h"

#include <algorithm>

namespace mesoclinic::clinicctl {
namespace {

void Pad(std::ostream& out, size_t count) {
  for (size_t i = 0; i < count; ++i) out << ' ';
}

}  // namespace

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

Table::Table(std::vector<std::string> header) : header_(std::move(header)) {}

void Table::AddRow(std::vector<std::string> cells) {
  cells.resize(header_.size());
  rows_.push_back(std::move(cells));
}

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(row[i]));
    }
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto print = [&](const std::vector<std::string>& row) {
    // The last non-empty cell ends the line: no trailing spaces.
    size_t last = row.size();
    while (last > 0 && row[last - 1].empty()) --last;
    for (size_t i = 0; i < last; ++i) {
      out << row[i];
      if (i + 1 < last) Pad(out, widths[i] - DisplayWidth(row[i]) + 2);
    }
    out << '\n';
  };
  print(header_);
  for (const auto& row : rows_) print(row);
}

DetailList& DetailList::Add(std::string label, std::string value) {
  if (!value.empty()) rows_.emplace_back(std::move(label), std::move(value));
  return *this;
}

void DetailList::Print(std::ostream& out) const {
  size_t width = 0;
  for (const auto& row : rows_) width = std::max(width, DisplayWidth(row.first));
  for (const auto& [label, value] : rows_) {
    out << label << ':';
    Pad(out, width - DisplayWidth(label) + 2);
    out << value << '\n';
  }
}

}  // namespace mesoclinic::clinicctl

#include "tests/observability/exposition_text.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace mesoclinic::testing {
namespace {

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':';
}
bool IsNameChar(char c) {
  return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c));
}

// Takes a metric or label name off the front of `line`; empty if none.
std::string TakeName(absl::string_view& line) {
  if (line.empty() || !IsNameStart(line.front())) return "";
  std::size_t end = 1;
  while (end < line.size() && IsNameChar(line[end])) ++end;
  std::string name(line.substr(0, end));
  line.remove_prefix(end);
  return name;
}

// Takes `{a="x",b="y"}` off the front of `line` into `labels`.
bool TakeLabels(absl::string_view& line,
                std::map<std::string, std::string>& labels) {
  if (line.empty() || line.front() != '{') return true;
  line.remove_prefix(1);
  while (!line.empty() && line.front() != '}') {
    const std::string name = TakeName(line);
    if (name.empty() || line.size() < 2 || line.substr(0, 2) != "=\"") {
      return false;
    }
    line.remove_prefix(2);
    std::string value;
    while (!line.empty() && line.front() != '"') {
      if (line.front() == '\\' && line.size() > 1) line.remove_prefix(1);
      value.push_back(line.front());
      line.remove_prefix(1);
    }
    if (line.empty()) return false;
    line.remove_prefix(1);  // The closing quote.
    labels[name] = value;
    if (!line.empty() && line.front() == ',') line.remove_prefix(1);
  }
  if (line.empty()) return false;
  line.remove_prefix(1);  // The closing brace.
  return true;
}

}  // namespace

absl::StatusOr<std::vector<Sample>> ParseExposition(absl::string_view text) {
  std::vector<Sample> samples;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    const std::string original(line);
    Sample sample;
    sample.name = TakeName(line);
    double value = 0;
    if (sample.name.empty() || !TakeLabels(line, sample.labels) ||
        line.empty() || line.front() != ' ' ||
        !absl::SimpleAtod(line.substr(1), &value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("not a sample line: ", original));
    }
    sample.value = value;
    samples.push_back(std::move(sample));
  }
  return samples;
}

double SumOf(const std::vector<Sample>& samples, absl::string_view name,
             const std::map<std::string, std::string>& labels) {
  double sum = 0;
  for (const Sample& sample : samples) {
    if (sample.name != name) continue;
    const bool matches = std::all_of(
        labels.begin(), labels.end(), [&](const auto& label) {
          const auto it = sample.labels.find(label.first);
          return it != sample.labels.end() && it->second == label.second;
        });
    if (matches) sum += sample.value;
  }
  return sum;
}

bool AnyLabelValue(const std::vector<Sample>& samples,
                   absl::string_view value) {
  return std::any_of(samples.begin(), samples.end(), [&](const Sample& s) {
    return std::any_of(
        s.labels.begin(), s.labels.end(),
        [&](const auto& label) { return label.second == value; });
  });
}

}  // namespace mesoclinic::testing

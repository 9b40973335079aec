#ifndef MESOCLINIC_TESTS_OBSERVABILITY_EXPOSITION_TEXT_H_
#define MESOCLINIC_TESTS_OBSERVABILITY_EXPOSITION_TEXT_H_

// Reads the Prometheus text exposition format (0.0.4) back, as a scraper
// does, so that tests check what a scraper would see.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mesoclinic::testing {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// Every sample of `text`. INVALID_ARGUMENT naming the line when a line is
// neither empty, a comment ("# HELP", "# TYPE"), nor `name{labels} value`
// (or `name value`) with a valid metric name, quoted label values and a
// number.
absl::StatusOr<std::vector<Sample>> ParseExposition(absl::string_view text);

// The sum of the samples named `name` whose labels include `labels`; 0
// when there is none.
double SumOf(const std::vector<Sample>& samples, absl::string_view name,
             const std::map<std::string, std::string>& labels = {});

// Whether any sample has a label whose value is `value`.
bool AnyLabelValue(const std::vector<Sample>& samples, absl::string_view value);

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_OBSERVABILITY_EXPOSITION_TEXT_H_

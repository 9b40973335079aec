#include "tests/reliability/findings.h"

#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/str_cat.h"

namespace mesoclinic::reliability {

void Findings::Add(const std::string& check, const std::string& detail) {
  findings_.push_back(absl::StrCat(check, ": ", detail));
}

std::string Findings::Report(int shown) const {
  std::string report;
  for (int i = 0; i < size() && i < shown; ++i) {
    absl::StrAppend(
        &report, i == 0 ? "FIRST VIOLATION: " : "also: ", findings_[i], "\n");
  }
  if (size() > shown) {
    absl::StrAppend(&report, "... and ", size() - shown, " more\n");
  }
  return report;
}

std::string MessageDifference(const google::protobuf::Message& expected,
                              const google::protobuf::Message& actual) {
  google::protobuf::util::MessageDifferencer differencer;
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  if (differencer.Compare(expected, actual)) return "";
  return differences;
}

}  // namespace mesoclinic::reliability

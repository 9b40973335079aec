#ifndef MESOCLINIC_TESTS_RELIABILITY_FINDINGS_H_
#define MESOCLINIC_TESTS_RELIABILITY_FINDINGS_H_

// The violations a crash-test cycle found, each under the check that found
// it, in the order found: the first is the one to look at.

#include <string>
#include <vector>

#include <google/protobuf/message.h>

namespace mesoclinic::reliability {

class Findings {
 public:
  void Add(const std::string& check, const std::string& detail);

  bool empty() const { return findings_.empty(); }
  int size() const { return static_cast<int>(findings_.size()); }
  // The first `shown` findings, one a line, and how many more there are.
  std::string Report(int shown) const;

 private:
  std::vector<std::string> findings_;
};

// Empty when the two messages are equal, otherwise their differences.
std::string MessageDifference(const google::protobuf::Message& expected,
                              const google::protobuf::Message& actual);

}  // namespace mesoclinic::reliability

#endif  // MESOCLINIC_TESTS_RELIABILITY_FINDINGS_H_

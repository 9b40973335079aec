#ifndef MESOCLINIC_TESTS_FUZZ_FUZZ_CHECK_H_
#define MESOCLINIC_TESTS_FUZZ_FUZZ_CHECK_H_

// FUZZ_CHECK(condition, message): a property every input must keep. When it
// does not, the target prints where and why and aborts, which libFuzzer
// reports as a crash (and the replay test as a failure), like a sanitizer
// finding.

#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(condition, message)                                    \
  do {                                                                    \
    if (!(condition)) {                                                   \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed: %s\n", __FILE__, \
                   __LINE__, #condition, std::string(message).c_str());   \
      std::abort();                                                       \
    }                                                                     \
  } while (false)

#endif  // MESOCLINIC_TESTS_FUZZ_FUZZ_CHECK_H_

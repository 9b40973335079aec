#ifndef MESOCLINIC_CORE_BASE_JSON_TEXT_H_
#define MESOCLINIC_CORE_BASE_JSON_TEXT_H_

// JSON string literals for log lines and Connect errors. Either may carry
// anything: a file name with a quote, a plugin's message with a newline,
// bytes that are not UTF-8 (a malformed request echoed in an error). Each
// must still give valid JSON on one line, or a log shipper drops the line
// and a client cannot read the error.

#include <string>

#include "absl/strings/string_view.h"

namespace mesoclinic {

// Appends `text` to `out` as a JSON string, quotes included: `"` and `\`
// escaped, control characters (newlines among them) as \uXXXX or their
// short forms, and every byte that is not part of valid UTF-8 as U+FFFD, so
// that the result is always valid JSON on one line.
void AppendJsonString(absl::string_view text, std::string& out);

}  // namespace mesoclinic

#endif  // MESOCLINIC_CORE_BASE_JSON_TEXT_H_

#include "clients/clinicctl/output.h"

#include <google/protobuf/util/json_util.h>

#include "absl/strings/str_cat.h"

namespace mesoclinic::clinicctl {

std::string ToJson(const google::protobuf::Message& message, bool pretty) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  std::string json;
  // Serializing a valid message cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!pretty || json.empty() || json.back() != '\n') json += '\n';
  return json;
}

void Emit(CliContext& context, const google::protobuf::Message& response,
          const std::function<void()>& for_people) {
  if (context.json()) {
    context.out() << ToJson(response, /*pretty=*/true);
  } else {
    for_people();
  }
}

std::string FormatNumber(double value) { return absl::StrCat(value); }

}  // namespace mesoclinic::clinicctl

#ifndef MESOCLINIC_CLIENTS_CLINICCTL_OUTPUT_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_OUTPUT_H_

// Printing a response: with --json, the whole response message in the
// protobuf JSON mapping (for scripts); otherwise whatever the command prints
// for people.

#include <functional>
#include <string>

#include <google/protobuf/message.h>

#include "clients/clinicctl/cli_context.h"

namespace mesoclinic::clinicctl {

// The message in the protobuf JSON mapping, indented (`pretty`) or on one
// line.
std::string ToJson(const google::protobuf::Message& message, bool pretty);

// With --json, prints `response` as JSON; otherwise runs `for_people`.
void Emit(CliContext& context, const google::protobuf::Message& response,
          const std::function<void()>& for_people);

// "yes" / "no".
inline std::string YesNo(bool value) { return value ? "yes" : "no"; }

// A number without trailing zeros: "2.5", "3".
std::string FormatNumber(double value);

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_OUTPUT_H_

#include "clients/clinicctl/arg_parser.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"

namespace mesoclinic::clinicctl {
namespace {

const std::string kEmpty;
const std::vector<std::string> kNone;

}  // namespace

ArgParser& ArgParser::Add(Flag flag) {
  flags_.push_back(std::move(flag));
  return *this;
}

ArgParser& ArgParser::Value(std::string name, std::string value_name,
                            std::string help) {
  return Add({std::move(name), std::move(value_name), std::move(help),
              Kind::kValue});
}

ArgParser& ArgParser::Required(std::string name, std::string value_name,
                               std::string help) {
  return Add({std::move(name), std::move(value_name), std::move(help),
              Kind::kRequired});
}

ArgParser& ArgParser::Repeated(std::string name, std::string value_name,
                               std::string help) {
  return Add({std::move(name), std::move(value_name), std::move(help),
              Kind::kRepeated});
}

ArgParser& ArgParser::Switch(std::string name, std::string help) {
  return Add({std::move(name), "", std::move(help), Kind::kSwitch});
}

ArgParser& ArgParser::Positional(std::string name, std::string help) {
  positions_.push_back({std::move(name), std::move(help), true});
  return *this;
}

ArgParser& ArgParser::OptionalPositional(std::string name, std::string help) {
  positions_.push_back({std::move(name), std::move(help), false});
  return *this;
}

const ArgParser::Flag* ArgParser::Find(const std::string& name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

void ArgParser::TakeFlag(const std::vector<std::string>& args, size_t& i,
                         ParsedArgs& parsed) const {
  const std::string& arg = args[i];
  const size_t equals = arg.find('=');
  const std::string name =
      arg.substr(2, equals == std::string::npos ? std::string::npos
                                                : equals - 2);
  const Flag* flag = Find(name);
  if (flag == nullptr) throw UsageError(absl::StrCat("unknown flag --", name));
  if (flag->kind == Kind::kSwitch) {
    bool on = true;
    if (equals != std::string::npos) {
      const std::string value = arg.substr(equals + 1);
      if (value == "true") {
        on = true;
      } else if (value == "false") {
        on = false;
      } else {
        throw UsageError(absl::StrCat("--", name, " takes no value (or =true, "
                                      "=false), not \"", value, "\""));
      }
    }
    parsed.switches_[name] = on;
    return;
  }
  std::string value;
  if (equals != std::string::npos) {
    value = arg.substr(equals + 1);
  } else if (i + 1 < args.size()) {
    value = args[++i];
  } else {
    throw UsageError(
        absl::StrCat("--", name, " needs a value (", flag->value_name, ")"));
  }
  std::vector<std::string>& values = parsed.values_[name];
  if (!values.empty() && flag->kind != Kind::kRepeated) {
    throw UsageError(absl::StrCat("--", name, " given more than once"));
  }
  values.push_back(std::move(value));
}

ParsedArgs ArgParser::Parse(const std::vector<std::string>& args) const {
  ParsedArgs parsed;
  std::vector<std::string> positional;
  bool flags_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (!flags_ended && arg == "--") {
      flags_ended = true;
    } else if (!flags_ended && absl::StartsWith(arg, "--") && arg.size() > 2) {
      TakeFlag(args, i, parsed);
    } else if (!flags_ended && absl::StartsWith(arg, "-") && arg.size() > 1 &&
               !absl::ascii_isdigit(static_cast<unsigned char>(arg[1]))) {
      throw UsageError(absl::StrCat("unknown flag ", arg,
                                    " (flags are spelled --name)"));
    } else {
      positional.push_back(arg);
    }
  }
  if (positional.size() > positions_.size()) {
    throw UsageError(absl::StrCat("unexpected argument \"",
                                  positional[positions_.size()], "\""));
  }
  for (size_t i = 0; i < positions_.size(); ++i) {
    if (i < positional.size()) {
      parsed.positions_[positions_[i].name] = positional[i];
    } else if (positions_[i].required) {
      throw UsageError(absl::StrCat("missing <", positions_[i].name, ">"));
    }
  }
  for (const Flag& flag : flags_) {
    if (flag.kind == Kind::kRequired && !parsed.Has(flag.name)) {
      throw UsageError(absl::StrCat("missing --", flag.name, " ",
                                    flag.value_name));
    }
  }
  return parsed;
}

ParsedArgs ArgParser::ParseKnown(const std::vector<std::string>& args,
                                 std::vector<std::string>& rest) const {
  ParsedArgs parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      rest.insert(rest.end(), args.begin() + i, args.end());
      break;
    }
    if (absl::StartsWith(arg, "--") &&
        Find(arg.substr(2, arg.find('=') - 2)) != nullptr) {
      TakeFlag(args, i, parsed);
    } else {
      rest.push_back(arg);
    }
  }
  return parsed;
}

std::string ArgParser::Synopsis() const {
  std::string text;
  auto append = [&](const std::string& part) {
    if (!text.empty()) text += " ";
    text += part;
  };
  for (const Position& position : positions_) {
    append(position.required ? absl::StrCat("<", position.name, ">")
                             : absl::StrCat("[<", position.name, ">]"));
  }
  bool optional_flags = false;
  for (const Flag& flag : flags_) {
    if (flag.kind == Kind::kRequired) {
      append(absl::StrCat("--", flag.name, " ", flag.value_name));
    } else {
      optional_flags = true;
    }
  }
  if (optional_flags) append("[flags]");
  return text;
}

std::string ArgParser::Help() const {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Position& position : positions_) {
    rows.emplace_back(absl::StrCat("<", position.name, ">"), position.help);
  }
  for (const Flag& flag : flags_) {
    std::string left = absl::StrCat("--", flag.name);
    if (flag.kind != Kind::kSwitch) absl::StrAppend(&left, " ", flag.value_name);
    std::string help = flag.help;
    if (flag.kind == Kind::kRequired) help = absl::StrCat("required. ", help);
    if (flag.kind == Kind::kRepeated) absl::StrAppend(&help, " (repeatable)");
    rows.emplace_back(std::move(left), std::move(help));
  }
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string text;
  for (const auto& [left, help] : rows) {
    absl::StrAppend(&text, "  ", left, std::string(width - left.size() + 2, ' '),
                    help, "\n");
  }
  return text;
}

const std::string& ParsedArgs::Get(const std::string& flag) const {
  const auto it = values_.find(flag);
  return it == values_.end() ? kEmpty : it->second.front();
}

std::string ParsedArgs::GetOr(const std::string& flag,
                              const std::string& fallback) const {
  return Has(flag) ? Get(flag) : fallback;
}

const std::vector<std::string>& ParsedArgs::All(const std::string& flag) const {
  const auto it = values_.find(flag);
  return it == values_.end() ? kNone : it->second;
}

bool ParsedArgs::Switch(const std::string& flag) const {
  const auto it = switches_.find(flag);
  return it != switches_.end() && it->second;
}

int ParsedArgs::GetInt(const std::string& flag, int fallback) const {
  if (!Has(flag)) return fallback;
  int value = 0;
  if (!absl::SimpleAtoi(Get(flag), &value)) {
    throw UsageError(absl::StrCat("--", flag, ": \"", Get(flag),
                                  "\" is not a whole number"));
  }
  return value;
}

double ParsedArgs::GetDouble(const std::string& flag, double fallback) const {
  if (!Has(flag)) return fallback;
  double value = 0;
  if (!absl::SimpleAtod(Get(flag), &value)) {
    throw UsageError(absl::StrCat("--", flag, ": \"", Get(flag),
                                  "\" is not a number"));
  }
  return value;
}

const std::string& ParsedArgs::Positional(const std::string& name) const {
  const auto it = positions_.find(name);
  return it == positions_.end() ? kEmpty : it->second;
}

}  // namespace mesoclinic::clinicctl

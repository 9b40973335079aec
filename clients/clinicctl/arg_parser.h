#ifndef MESOCLINIC_CLIENTS_CLINICCTL_ARG_PARSER_H_
#define MESOCLINIC_CLIENTS_CLINICCTL_ARG_PARSER_H_

// A small parser for one command's arguments: positional arguments and
// "--name value" / "--name=value" flags, single, repeated or on/off. Every
// mistake is a UsageError naming the argument. Unlike absl flags it keeps no
// global state, so that each command declares only its own flags.

#include <map>
#include <string>
#include <vector>

namespace mesoclinic::clinicctl {

class ParsedArgs;

class ArgParser {
 public:
  // A flag taking one value, given at most once.
  ArgParser& Value(std::string name, std::string value_name, std::string help);
  // The same, but the command cannot run without it.
  ArgParser& Required(std::string name, std::string value_name,
                      std::string help);
  // A flag that may be given several times, such as --product.
  ArgParser& Repeated(std::string name, std::string value_name,
                      std::string help);
  // An on/off flag: "--all", or "--all=false".
  ArgParser& Switch(std::string name, std::string help);
  // Positional arguments, in order; optional ones after required ones.
  ArgParser& Positional(std::string name, std::string help);
  ArgParser& OptionalPositional(std::string name, std::string help);

  // Parses a command's arguments. "--" ends the flags.
  ParsedArgs Parse(const std::vector<std::string>& args) const;

  // Takes the declared flags out of `args`, wherever they are, and leaves
  // every other argument in `rest`, in order. Positional declarations are
  // ignored.
  ParsedArgs ParseKnown(const std::vector<std::string>& args,
                        std::vector<std::string>& rest) const;

  // "<patient> --reason TEXT [--at TIME]".
  std::string Synopsis() const;
  // One aligned line per argument and flag, with its help.
  std::string Help() const;

 private:
  enum class Kind { kValue, kRequired, kRepeated, kSwitch };
  struct Flag {
    std::string name;
    std::string value_name;
    std::string help;
    Kind kind;
  };
  struct Position {
    std::string name;
    std::string help;
    bool required;
  };

  ArgParser& Add(Flag flag);
  const Flag* Find(const std::string& name) const;
  // Reads the flag at args[i] (advancing i past its value) into `parsed`.
  void TakeFlag(const std::vector<std::string>& args, size_t& i,
                ParsedArgs& parsed) const;

  std::vector<Flag> flags_;
  std::vector<Position> positions_;
};

class ParsedArgs {
 public:
  bool Has(const std::string& flag) const { return values_.contains(flag); }
  // The flag's value; "" when not given.
  const std::string& Get(const std::string& flag) const;
  std::string GetOr(const std::string& flag, const std::string& fallback) const;
  // Every value of a repeated flag, in order.
  const std::vector<std::string>& All(const std::string& flag) const;
  bool Switch(const std::string& flag) const;
  // The flag as a number; `fallback` when not given; a UsageError when not
  // a whole number.
  int GetInt(const std::string& flag, int fallback) const;
  double GetDouble(const std::string& flag, double fallback) const;
  // A positional argument; "" when an optional one was not given.
  const std::string& Positional(const std::string& name) const;

 private:
  friend class ArgParser;
  std::map<std::string, std::vector<std::string>> values_;
  std::map<std::string, bool> switches_;
  std::map<std::string, std::string> positions_;
};

}  // namespace mesoclinic::clinicctl

#endif  // MESOCLINIC_CLIENTS_CLINICCTL_ARG_PARSER_H_

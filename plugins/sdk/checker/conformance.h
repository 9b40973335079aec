#ifndef MESOCLINIC_PLUGINS_SDK_CHECKER_CONFORMANCE_H_
#define MESOCLINIC_PLUGINS_SDK_CHECKER_CONFORMANCE_H_

// The conformance suite clinic-plugin-check runs against one plugin: it
// loads the plugin as the server does (plugin_host::LoadedPlugin::Load, which
// also applies the description rules), then calls every hook with typical
// and edge inputs and checks that the answers are well-formed, consistent
// with the plugin's own description, and deterministic.

#include <string>
#include <vector>

namespace mesoclinic::plugin_check {

struct CheckResult {
  std::string name;    // "eligibility: a pregnant patient is blocked"
  bool passed = false;
  std::string detail;  // Why it failed, or what was seen; may be empty.
};

struct ConformanceReport {
  std::string path;
  std::string plugin_id;       // Empty when the plugin did not load.
  std::string plugin_version;
  std::vector<CheckResult> checks;

  bool passed() const;
  int failures() const;
};

// Runs the whole suite against the plugin at `path`.
ConformanceReport CheckPlugin(const std::string& path);

// The report as printed: one PASS/FAIL line per check, details indented, a
// summary line last.
std::string FormatReport(const ConformanceReport& report);

}  // namespace mesoclinic::plugin_check

#endif  // MESOCLINIC_PLUGINS_SDK_CHECKER_CONFORMANCE_H_

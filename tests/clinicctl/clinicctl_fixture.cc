#include "tests/clinicctl/clinicctl_fixture.h"

#include "absl/strings/str_cat.h"

namespace mesoclinic::testing {

TestServer* ClinicctlTest::server_ = nullptr;

void ClinicctlTest::SetUpTestSuite() { server_ = new TestServer(); }

void ClinicctlTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
}

std::string ClinicctlTest::ServerFlag() {
  return absl::StrCat("--server=", server().address());
}

CliResult ClinicctlTest::Run(staff::Role role,
                             const std::vector<std::string>& args) {
  std::vector<std::string> all = {ServerFlag()};
  all.insert(all.end(), args.begin(), args.end());
  return RunProcess(CLINICCTL_BINARY, all,
                    {{"CLINIC_API_KEY", server().api_key(role)}});
}

CliResult ClinicctlTest::RunRaw(const std::vector<std::string>& args,
                                const std::map<std::string, std::string>& env) {
  return RunProcess(CLINICCTL_BINARY, args, env);
}

std::string ClinicctlTest::CreatePatient(const std::string& given_name,
                                         const std::string& family_name) {
  const CliResult created =
      Run(staff::Role::kPractitioner,
          {"--json", "patients", "create", "--given-name", given_name,
           "--family-name", family_name, "--date-of-birth", "1985-04-12",
           "--sex", "female", "--pregnancy", "not-pregnant", "--height-cm",
           "168", "--weight-kg", "60",
           // Screened: no medication, allergy or condition, as asked.
           "--confirm", "all"});
  EXPECT_EQ(created.exit_code, 0) << created.err;
  return JsonString(created.out, "name");
}

std::string JsonString(const std::string& json, const std::string& key) {
  const std::string quoted = absl::StrCat("\"", key, "\": \"");
  const size_t start = json.find(quoted);
  if (start == std::string::npos) return "";
  const size_t value = start + quoted.size();
  return json.substr(value, json.find('"', value) - value);
}

}  // namespace mesoclinic::testing

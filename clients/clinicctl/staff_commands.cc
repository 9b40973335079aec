// clinicctl staff: staff members, their API keys, and who is signed in.

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/request_id.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clinic/v1/staff.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::StaffService::Stub;

constexpr char kStaffHelp[] = "staff id or staff/{id}";

std::string StaffNameArg(const ParsedArgs& args) {
  return ResourceName("staff", args.Positional("staff"), "<staff>");
}

void PrintMember(CliContext& context, const v1::StaffMember& member) {
  const absl::TimeZone& zone = context.zone();
  DetailList()
      .Add("Staff member", member.name())
      .Add("Name", member.display_name())
      .Add("Role", EnumText(member.role()))
      .Add("E-mail", member.email())
      .Add("Licence", member.licence_number())
      .Add("Active", member.active() ? "yes"
                                     : absl::StrCat("no, since ",
                                                    FormatTime(member.deactivate_time(), zone)))
      .Add("Created", FormatTime(member.create_time(), zone))
      .Print(context.out());
}

int Create(CliContext& context, const ParsedArgs& args) {
  v1::CreateStaffMemberRequest request;
  v1::StaffMember& member = *request.mutable_staff_member();
  member.set_display_name(args.Get("display-name"));
  member.set_role(ParseEnum<v1::Role>(args.Get("role"), "--role"));
  member.set_email(args.Get("email"));
  member.set_licence_number(args.Get("licence"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::CreateStaffMember, request);
  Emit(context, response, [&] { PrintMember(context, response.staff_member()); });
  return 0;
}

int Get(CliContext& context, const ParsedArgs& args) {
  v1::GetStaffMemberRequest request;
  request.set_name(StaffNameArg(args));
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::GetStaffMember, request);
  Emit(context, response, [&] { PrintMember(context, response.staff_member()); });
  return 0;
}

int List(CliContext& context, const ParsedArgs& args) {
  v1::ListStaffMembersRequest request;
  if (args.Has("role")) {
    request.set_role(ParseEnum<v1::Role>(args.Get("role"), "--role"));
  }
  request.set_include_inactive(args.Switch("include-inactive"));
  auto stub = context.Stub<v1::StaffService>();
  const auto response =
      FetchPages<v1::ListStaffMembersRequest, v1::ListStaffMembersResponse>(
          context, args, request, "staff members", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListStaffMembers, page);
          });
  Emit(context, response, [&] {
    Table table({"ID", "NAME", "ROLE", "LICENCE", "E-MAIL", "ACTIVE"});
    for (const v1::StaffMember& member : response.staff_members()) {
      table.AddRow({ShortId(member.name()), member.display_name(),
                    EnumText(member.role()), member.licence_number(),
                    member.email(), YesNo(member.active())});
    }
    table.Print(context.out());
  });
  return 0;
}

int Deactivate(CliContext& context, const ParsedArgs& args) {
  v1::DeactivateStaffMemberRequest request;
  request.set_name(StaffNameArg(args));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response =
      context.Unary(*stub, &Stub::DeactivateStaffMember, request);
  Emit(context, response, [&] {
    context.out() << "deactivated " << response.staff_member().name() << " ("
                  << response.staff_member().display_name()
                  << "): their keys no longer work\n";
  });
  return 0;
}

// Writes the secret to a new file only its owner can read.
void SaveSecret(const std::string& path, const std::string& secret) {
  const mode_t previous = umask(077);
  std::ofstream file(path, std::ios::trunc);
  umask(previous);
  file << secret << "\n";
  file.close();
  if (!file) {
    throw UsageError(absl::StrCat("--save: cannot write ", path, ": ",
                                  std::strerror(errno)));
  }
}

int IssueKey(CliContext& context, const ParsedArgs& args) {
  v1::IssueApiKeyRequest request;
  request.set_parent(StaffNameArg(args));
  request.set_description(args.Get("description"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::IssueApiKey, request);
  if (args.Has("save")) SaveSecret(args.Get("save"), response.secret());
  Emit(context, response, [&] {
    context.out() << "key:    " << response.api_key().name() << "\n";
    if (args.Has("save")) {
      context.out() << "secret: written to " << args.Get("save")
                    << " (mode 0600)\n";
    } else {
      context.out() << "secret: " << response.secret() << "\n"
                    << "This secret is shown once: hand it over safely "
                       "(clinicctl --key-file FILE, or CLINIC_API_KEY).\n";
    }
  });
  return 0;
}

std::string KeyNameArg(const ParsedArgs& args) {
  return ChildResourceName("staff", "apiKeys", args.Positional("key"),
                           args.Get("staff"), "<key>");
}

int RevokeKey(CliContext& context, const ParsedArgs& args) {
  v1::RevokeApiKeyRequest request;
  request.set_name(KeyNameArg(args));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::RevokeApiKey, request);
  Emit(context, response, [&] {
    context.out() << "revoked " << response.api_key().name() << "\n";
  });
  return 0;
}

int Keys(CliContext& context, const ParsedArgs& args) {
  v1::ListApiKeysRequest request;
  request.set_parent(StaffNameArg(args));
  auto stub = context.Stub<v1::StaffService>();
  const auto response = FetchAllPages<v1::ListApiKeysRequest,
                                      v1::ListApiKeysResponse>(
      request, [&](const auto& page) {
        return context.Unary(*stub, &Stub::ListApiKeys, page);
      });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"KEY", "DESCRIPTION", "CREATED", "REVOKED"});
    for (const v1::ApiKey& key : response.api_keys()) {
      table.AddRow({key.name(), key.description(),
                    FormatTime(key.create_time(), zone),
                    FormatTime(key.revoke_time(), zone)});
    }
    table.Print(context.out());
  });
  return 0;
}

int WhoAmI(CliContext& context, const ParsedArgs&) {
  auto stub = context.Stub<v1::StaffService>();
  const auto response =
      context.Unary(*stub, &Stub::GetCaller, v1::GetCallerRequest());
  Emit(context, response, [&] {
    PrintMember(context, response.staff_member());
    DetailList().Add("Key", response.api_key()).Print(context.out());
  });
  return 0;
}

const RegisterGroup kStaff(CommandGroup{
    .name = "staff",
    .summary = "staff members and their API keys (admins); whoami",
    .commands = {
        {.name = "create",
         .summary = "add a staff member",
         .args = ArgParser()
                     .Required("display-name", "TEXT", "the name shown")
                     .Required("role", "ROLE",
                               "front-desk, practitioner or admin")
                     .Value("email", "EMAIL", "e-mail address")
                     .Value("licence", "NUMBER",
                            "licence number (required for practitioners)"),
         .example = "staff create --display-name \"Dr Claire Moreau\" --role "
                    "practitioner --licence RPPS-10101",
         .run = Create},
        {.name = "get",
         .summary = "show one staff member",
         .args = ArgParser().Positional("staff", kStaffHelp),
         .example = "staff get 9k2m4x7q1v0d3a8b",
         .run = Get},
        {.name = "list",
         .summary = "list staff members by name",
         .args = WithPagingFlags(
             ArgParser()
                 .Value("role", "ROLE", "only this role")
                 .Switch("include-inactive", "include deactivated members")),
         .example = "staff list --role practitioner",
         .run = List},
        {.name = "deactivate",
         .summary = "deactivate a staff member: their keys stop working",
         .args = ArgParser().Positional("staff", kStaffHelp),
         .example = "staff deactivate 9k2m4x7q1v0d3a8b",
         .run = Deactivate},
        {.name = "issue-key",
         .summary = "issue an API key; its secret is shown once",
         .args = ArgParser()
                     .Positional("staff", kStaffHelp)
                     .Value("description", "TEXT",
                            "what the key is for (\"front desk tablet\")")
                     .Value("save", "FILE",
                            "write the secret to FILE (mode 0600) instead of "
                            "printing it"),
         .example = "staff issue-key 9k2m4x7q1v0d3a8b --description \"front "
                    "desk tablet\" --save lucie.key",
         .run = IssueKey},
        {.name = "revoke-key",
         .summary = "revoke an API key: it stops working at once",
         .args = ArgParser()
                     .Positional("key", "staff/{id}/apiKeys/{key_id}, or the "
                                        "key id with --staff")
                     .Value("staff", "STAFF", "the key's staff member"),
         .example = "staff revoke-key staff/9k2m4x7q1v0d3a8b/apiKeys/"
                    "0123456789abcdef",
         .run = RevokeKey},
        {.name = "keys",
         .summary = "list a staff member's API keys (never their secrets)",
         .args = ArgParser().Positional("staff", kStaffHelp),
         .example = "staff keys 9k2m4x7q1v0d3a8b",
         .run = Keys},
        {.name = "whoami",
         .summary = "show the staff member and key you are signed in with",
         .args = ArgParser(),
         .example = "staff whoami",
         .run = WhoAmI},
    }});

}  // namespace
}  // namespace mesoclinic::clinicctl

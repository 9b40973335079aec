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

std::string StaffName(const std::string& staff) {
  return ResourceName("staff", staff, "<staff>");
}

// Commands about one staff member and nothing else.
struct MemberFlags {
  std::string staff;
};

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

struct CreateFlags {
  std::string display_name;
  std::string role;
  std::string email;
  std::string licence;
};

int Create(CliContext& context, const CreateFlags& flags) {
  v1::CreateStaffMemberRequest request;
  v1::StaffMember& member = *request.mutable_staff_member();
  member.set_display_name(flags.display_name);
  member.set_role(ParseEnum<v1::Role>(flags.role, "--role"));
  member.set_email(flags.email);
  member.set_licence_number(flags.licence);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::CreateStaffMember, request);
  Emit(context, response, [&] { PrintMember(context, response.staff_member()); });
  return 0;
}

int Get(CliContext& context, const MemberFlags& flags) {
  v1::GetStaffMemberRequest request;
  request.set_name(StaffName(flags.staff));
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::GetStaffMember, request);
  Emit(context, response, [&] { PrintMember(context, response.staff_member()); });
  return 0;
}

struct ListFlags {
  std::string role;
  bool include_inactive = false;
  PageFlags page;
};

int List(CliContext& context, const ListFlags& flags) {
  v1::ListStaffMembersRequest request;
  if (!flags.role.empty()) {
    request.set_role(ParseEnum<v1::Role>(flags.role, "--role"));
  }
  request.set_include_inactive(flags.include_inactive);
  auto stub = context.Stub<v1::StaffService>();
  const auto response =
      FetchPages<v1::ListStaffMembersRequest, v1::ListStaffMembersResponse>(
          context, flags.page, request, "staff members", [&](const auto& page) {
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

int Deactivate(CliContext& context, const MemberFlags& flags) {
  v1::DeactivateStaffMemberRequest request;
  request.set_name(StaffName(flags.staff));
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

struct IssueKeyFlags {
  std::string staff;
  std::string description;
  std::string save;
};

int IssueKey(CliContext& context, const IssueKeyFlags& flags) {
  v1::IssueApiKeyRequest request;
  request.set_parent(StaffName(flags.staff));
  request.set_description(flags.description);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::IssueApiKey, request);
  if (!flags.save.empty()) SaveSecret(flags.save, response.secret());
  Emit(context, response, [&] {
    context.out() << "key:    " << response.api_key().name() << "\n";
    if (!flags.save.empty()) {
      context.out() << "secret: written to " << flags.save
                    << " (mode 0600)\n";
    } else {
      context.out() << "secret: " << response.secret() << "\n"
                    << "This secret is shown once: hand it over safely "
                       "(clinicctl --key-file FILE, or CLINIC_API_KEY).\n";
    }
  });
  return 0;
}

struct RevokeKeyFlags {
  std::string key;
  std::string staff;
};

int RevokeKey(CliContext& context, const RevokeKeyFlags& flags) {
  v1::RevokeApiKeyRequest request;
  request.set_name(ChildResourceName("staff", "apiKeys", flags.key,
                                     flags.staff, "<key>"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::RevokeApiKey, request);
  Emit(context, response, [&] {
    context.out() << "revoked " << response.api_key().name() << "\n";
  });
  return 0;
}

int Keys(CliContext& context, const MemberFlags& flags) {
  v1::ListApiKeysRequest request;
  request.set_parent(StaffName(flags.staff));
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

struct SetPasswordFlags {
  std::string staff;
  bool temporary = false;
  bool setup_link = false;
};

// Exactly one of --temporary and --setup-link: the server makes the
// secret, shown here once.
int SetPassword(CliContext& context, const SetPasswordFlags& flags) {
  if (flags.temporary == flags.setup_link) {
    throw UsageError("give exactly one of --temporary and --setup-link");
  }
  v1::SetStaffPasswordRequest request;
  request.set_name(StaffName(flags.staff));
  if (flags.temporary) {
    request.set_temporary_password(true);
  } else {
    request.set_setup_link(true);
  }
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::StaffService>();
  const auto response = context.Unary(*stub, &Stub::SetStaffPassword, request);
  Emit(context, response, [&] {
    context.out() << "staff member: " << response.staff_member().name()
                  << "\n";
    if (flags.temporary) {
      context.out() << "temporary password: " << response.temporary_password()
                    << "\n"
                    << "This password is shown once: hand it over safely. "
                       "The member must change it at their first sign-in.\n";
    } else {
      context.out() << "setup token: " << response.setup_token() << "\n"
                    << "expires: "
                    << FormatTime(response.setup_token_expire_time(),
                                  context.zone())
                    << "\n"
                    << "This token is shown once and works once: hand it "
                       "over safely; the member chooses a password with "
                       "it.\n";
    }
    context.out() << "Their sign-in sessions have ended.\n";
  });
  return 0;
}

int WhoAmI(CliContext& context) {
  auto stub = context.Stub<v1::StaffService>();
  const auto response =
      context.Unary(*stub, &Stub::GetCaller, v1::GetCallerRequest());
  Emit(context, response, [&] {
    PrintMember(context, response.staff_member());
    DetailList().Add("Key", response.api_key()).Print(context.out());
  });
  return 0;
}

// Adds a command whose one argument is a staff member.
void AddMemberCommand(CommandGroup& group, CommandInfo info,
                      int (*run)(CliContext&, const MemberFlags&)) {
  auto [command, flags] = group.Add(std::move(info), run);
  Positional(*command, "staff", flags->staff, kStaffHelp);
}

void AddStaffCommands(CommandGroup& group) {
  auto [create, create_flags] = group.Add(
      {.name = "create",
       .summary = "add a staff member",
       .example = "staff create --display-name \"Dr Claire Moreau\" --role "
                  "practitioner --licence RPPS-10101"},
      Create);
  Required(*create, "--display-name", create_flags->display_name, "TEXT",
           "the name shown");
  Required(*create, "--role", create_flags->role, "ROLE",
           "front-desk, practitioner or admin");
  Value(*create, "--email", create_flags->email, "EMAIL", "e-mail address");
  Value(*create, "--licence", create_flags->licence, "NUMBER",
        "licence number (required for practitioners)");

  AddMemberCommand(group,
                   {.name = "get",
                    .summary = "show one staff member",
                    .example = "staff get 9k2m4x7q1v0d3a8b"},
                   Get);

  auto [list, list_flags] = group.Add(
      {.name = "list",
       .summary = "list staff members by name",
       .example = "staff list --role practitioner"},
      List);
  Value(*list, "--role", list_flags->role, "ROLE", "only this role");
  Switch(*list, "--include-inactive", list_flags->include_inactive,
         "include deactivated members");
  AddPagingFlags(*list, list_flags->page);

  AddMemberCommand(
      group,
      {.name = "deactivate",
       .summary = "deactivate a staff member: their keys stop working",
       .example = "staff deactivate 9k2m4x7q1v0d3a8b"},
      Deactivate);

  auto [issue, issue_flags] = group.Add(
      {.name = "issue-key",
       .summary = "issue an API key; its secret is shown once",
       .example = "staff issue-key 9k2m4x7q1v0d3a8b --description \"front "
                  "desk tablet\" --save lucie.key"},
      IssueKey);
  Positional(*issue, "staff", issue_flags->staff, kStaffHelp);
  Value(*issue, "--description", issue_flags->description, "TEXT",
        "what the key is for (\"front desk tablet\")");
  Value(*issue, "--save", issue_flags->save, "FILE",
        "write the secret to FILE (mode 0600) instead of printing it");

  auto [revoke, revoke_flags] = group.Add(
      {.name = "revoke-key",
       .summary = "revoke an API key: it stops working at once",
       .example = "staff revoke-key staff/9k2m4x7q1v0d3a8b/apiKeys/"
                  "0123456789abcdef"},
      RevokeKey);
  Positional(*revoke, "key", revoke_flags->key,
             "staff/{id}/apiKeys/{key_id}, or the key id with --staff");
  Value(*revoke, "--staff", revoke_flags->staff, "STAFF",
        "the key's staff member");

  AddMemberCommand(
      group,
      {.name = "keys",
       .summary = "list a staff member's API keys (never their secrets)",
       .example = "staff keys 9k2m4x7q1v0d3a8b"},
      Keys);

  auto [set_password, set_password_flags] = group.Add(
      {.name = "set-password",
       .summary = "give a staff member a temporary password or a one-time "
                  "setup link for signing in at a browser; shown once",
       .example = "staff set-password 9k2m4x7q1v0d3a8b --setup-link"},
      SetPassword);
  Positional(*set_password, "staff", set_password_flags->staff, kStaffHelp);
  Switch(*set_password, "--temporary", set_password_flags->temporary,
         "a random password the member must change at first sign-in");
  Switch(*set_password, "--setup-link", set_password_flags->setup_link,
         "a one-time token, valid 72 hours, to choose a password with");

  group.Add({.name = "whoami",
             .summary = "show the staff member and key you are signed in with",
             .example = "staff whoami"},
            WhoAmI);
}

const RegisterGroup kStaff(
    "staff", "staff members and their API keys (admins); whoami",
    AddStaffCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl

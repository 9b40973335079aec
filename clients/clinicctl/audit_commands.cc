// clinicctl audit: read and verify the audit trail (admins).

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/exit_status.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clinic/v1/audit.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::AuditService::Stub;

struct ListFlags {
  std::string patient;
  std::string staff;
  std::string method;
  std::string from;
  std::string to;
  PageFlags page;
};

int List(CliContext& context, const ListFlags& flags) {
  v1::ListAuditEventsRequest request;
  if (!flags.patient.empty()) {
    request.set_patient(ResourceName("patients", flags.patient, "--patient"));
  }
  if (!flags.staff.empty()) {
    request.set_staff_member(ResourceName("staff", flags.staff, "--staff"));
  }
  request.set_method(flags.method);
  if (!flags.from.empty()) {
    *request.mutable_start_time() =
        ToProto(context.ParseTime(flags.from, "--from"));
  }
  if (!flags.to.empty()) {
    *request.mutable_end_time() = ToProto(context.ParseTime(flags.to, "--to"));
  }
  auto stub = context.Stub<v1::AuditService>();
  const auto response =
      FetchPages<v1::ListAuditEventsRequest, v1::ListAuditEventsResponse>(
          context, flags.page, request, "audit events", [&](const auto& page) {
            return context.Unary(*stub, &Stub::ListAuditEvents, page);
          });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"SEQ", "TIME", "STAFF", "ROLE", "METHOD", "RESOURCE",
                 "OUTCOME", "PATIENTS"});
    for (const v1::AuditEvent& event : response.audit_events()) {
      std::vector<std::string> patients;
      for (const std::string& patient : event.patients()) {
        patients.push_back(ShortId(patient));
      }
      table.AddRow({absl::StrCat(event.sequence()),
                    FormatTime(event.time(), zone), ShortId(event.staff_member()),
                    EnumText(event.role()),
                    std::string(absl::StripPrefix(event.method(), "/clinic.v1.")),
                    event.resource(), event.outcome(),
                    absl::StrJoin(patients, ",")});
    }
    table.Print(context.out());
    if (!response.next_page_token().empty()) {
      context.out() << "(more: --page-token " << response.next_page_token()
                    << ", or --all)\n";
    }
  });
  return 0;
}

int Verify(CliContext& context) {
  auto stub = context.Stub<v1::AuditService>();
  const auto progress = context.StartProgress();
  progress->Update("verifying the audit chain…");
  const auto response = context.Unary(*stub, &Stub::VerifyAuditChain,
                                      v1::VerifyAuditChainRequest());
  progress->Done();
  Emit(context, response, [&] {
    if (response.intact()) {
      context.out() << "intact: " << response.records_checked()
                    << " records checked, " << response.resources_checked()
                    << " stored resources match them\n";
    } else if (response.first_broken_sequence() > 0) {
      context.out() << "BROKEN at record " << response.first_broken_sequence()
                    << ": " << response.problem() << " ("
                    << response.records_checked() << " records checked)\n";
    } else {
      context.out() << "BROKEN: " << response.problem() << " ("
                    << response.records_checked() << " records and "
                    << response.resources_checked()
                    << " stored resources checked)\n";
    }
    for (const v1::ResourceProblem& problem : response.resource_problems()) {
      context.out() << "  " << problem.description() << "\n";
    }
    if (response.resource_problem_count() > response.resource_problems_size()) {
      context.out() << "  ... and "
                    << response.resource_problem_count() -
                           response.resource_problems_size()
                    << " more\n";
    }
    for (const std::string& unproven : response.unproven()) {
      context.out() << "not proven: " << unproven << "\n";
    }
  });
  return response.intact() ? kExitOk : kExitRefused;
}

struct CheckpointFlags {
  std::string out;
  bool force = false;
};

// Writes the checkpoint to `path`: a new file unless `replace`.
void SaveCheckpoint(const std::string& path, const std::string& text,
                    bool replace) {
  // "x": fail rather than replace a file that appeared since the check.
  std::FILE* file = std::fopen(path.c_str(), replace ? "w" : "wx");
  const bool written =
      file != nullptr &&
      std::fwrite(text.data(), 1, text.size(), file) == text.size();
  const int error = errno;
  if (file != nullptr && std::fclose(file) == 0 && written) return;
  throw UsageError(absl::StrCat("--out: cannot write ", path, ": ",
                                std::strerror(error)));
}

int Checkpoint(CliContext& context, const CheckpointFlags& flags) {
  if (flags.force && flags.out.empty()) {
    throw UsageError("--force goes with --out FILE");
  }
  std::error_code error;
  if (!flags.out.empty() && !flags.force &&
      std::filesystem::exists(flags.out, error)) {
    throw UsageError(absl::StrCat("--out: ", flags.out,
                                  " exists already: give --force to replace "
                                  "it, or another file name"));
  }
  auto stub = context.Stub<v1::AuditService>();
  const auto response = context.Unary(*stub, &Stub::CreateAuditCheckpoint,
                                      v1::CreateAuditCheckpointRequest());
  if (!flags.out.empty()) {
    SaveCheckpoint(flags.out, response.checkpoint_file(), flags.force);
  }
  Emit(context, response, [&] {
    if (flags.out.empty()) {
      // The file itself, to pipe into mail or a printer.
      context.out() << response.checkpoint_file();
      return;
    }
    context.out() << "checkpoint written to " << flags.out << "\n"
                  << "sequence:    " << response.sequence() << "\n"
                  << "hash:        " << absl::BytesToHexString(response.hash())
                  << "\n"
                  << "time:        "
                  << FormatTime(response.time(), context.zone()) << "\n"
                  << "fingerprint: " << response.key_fingerprint() << "\n"
                  << "Keep it away from the server; check a database against "
                     "it: clinicd verify --checkpoint="
                  << flags.out << "\n";
  });
  return kExitOk;
}

void AddAuditCommands(CommandGroup& group) {
  auto [list, list_flags] = group.Add(
      {.name = "list",
       .summary = "list audit events, oldest first",
       .example = "audit list --patient 3v1k9q2m7x4d8a0b --all"},
      List);
  Value(*list, "--patient", list_flags->patient, "PATIENT",
        "only events touching this patient");
  Value(*list, "--staff", list_flags->staff, "STAFF",
        "only events by this staff member");
  Value(*list, "--method", list_flags->method, "METHOD",
        "only this method, such as /clinic.v1.PatientService/GetPatient");
  Value(*list, "--from", list_flags->from, "TIME",
        "only events at or after TIME");
  Value(*list, "--to", list_flags->to, "TIME", "only events before TIME");
  AddPagingFlags(*list, list_flags->page);

  group.Add({.name = "verify",
             .summary = "recompute the hash chain; exit 1 when it is broken",
             .example = "audit verify",
             .details = "Prints \"intact: N records checked, M stored "
                        "resources match them\", or the first broken record "
                        "and why, or every stored resource (a patient, a "
                        "session, ...) changed, added or deleted outside "
                        "clinicd. Note N: a shorter chain later means records "
                        "were removed from the end."},
            Verify);

  auto [checkpoint, checkpoint_flags] = group.Add(
      {.name = "checkpoint",
       .summary = "sign the chain's current end, to keep away from the server",
       .example = "audit checkpoint --out checkpoint-2026-01-12.txt",
       .details =
           "Asks the server to sign the audit chain's last record (sequence "
           "and hash) with its audit signing key, and writes the checkpoint "
           "file to --out (or prints it). Keep it off the server (mail it to "
           "the owner, print it): clinicd verify --checkpoint=FILE later "
           "proves that no record up to it was rewritten or removed, even "
           "by someone who rolled the whole database back."},
      Checkpoint);
  Value(*checkpoint, "--out", checkpoint_flags->out, "FILE",
        "write the checkpoint file here (never over an existing file "
        "without --force) and print its sequence, hash and key fingerprint");
  Switch(*checkpoint, "--force", checkpoint_flags->force,
         "replace the --out file if it exists");
}

const RegisterGroup kAudit(
    "audit",
    "the audit trail: list events, verify the hash chain, sign checkpoints "
    "(admins)",
    AddAuditCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl

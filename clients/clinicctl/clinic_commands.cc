// clinicctl clinic: the clinic's time zone and hours, rooms, practitioners'
// working hours and closures.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/command_registry.h"
#include "clients/clinicctl/output.h"
#include "clients/clinicctl/paging.h"
#include "clients/clinicctl/request_id.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clients/clinicctl/weekly_hours.h"
#include "clinic/v1/clinic.grpc.pb.h"

namespace mesoclinic::clinicctl {
namespace {

namespace v1 = clinic::v1;
using Stub = v1::ClinicService::Stub;

constexpr char kHoursHelp[] =
    "DAYS HH:MM-HH:MM, such as \"mon-fri 09:00-18:00\" or \"sat 09:00-12:00\"";

void PrintHours(CliContext& context, const v1::WeeklyHours& hours) {
  Table table({"DAY", "HOURS"});
  for (const auto& [day, ranges] : DescribeWeeklyHours(hours)) {
    table.AddRow({day, ranges});
  }
  if (table.size() == 0) {
    context.out() << "(no hours: closed every day)\n";
  } else {
    table.Print(context.out());
  }
}

void PrintSettings(CliContext& context, const v1::ClinicSettings& settings) {
  DetailList()
      .Add("Time zone", settings.time_zone())
      .Add("Slot granularity",
           absl::StrCat(settings.slot_granularity_minutes(), " minutes"))
      .Add("Jurisdiction", settings.jurisdiction().empty()
                               ? "(not set)"
                               : settings.jurisdiction())
      .Add("Etag", settings.etag())
      .Print(context.out());
  context.out() << "\nOpening hours:\n";
  PrintHours(context, settings.opening_hours());
}

int Settings(CliContext& context) {
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::GetClinicSettings,
                                      v1::GetClinicSettingsRequest());
  Emit(context, response, [&] { PrintSettings(context, response.settings()); });
  return 0;
}

struct SetHoursFlags {
  std::vector<std::string> hours;
  std::string time_zone;
  std::optional<int> granularity;
  // "none" clears it.
  std::optional<std::string> jurisdiction;
};

int SetHours(CliContext& context, const SetHoursFlags& flags) {
  if (flags.hours.empty() && flags.time_zone.empty() && !flags.granularity &&
      !flags.jurisdiction) {
    throw UsageError("nothing to change: give --hours, --time-zone, "
                     "--granularity or --jurisdiction");
  }
  auto stub = context.Stub<v1::ClinicService>();
  // Every field is replaced: start from the current settings.
  const auto current = context.Unary(*stub, &Stub::GetClinicSettings,
                                     v1::GetClinicSettingsRequest());
  v1::UpdateClinicSettingsRequest request;
  *request.mutable_settings() = current.settings();
  request.mutable_settings()->clear_etag();
  if (!flags.time_zone.empty()) {
    request.mutable_settings()->set_time_zone(flags.time_zone);
  }
  if (flags.granularity) {
    request.mutable_settings()->set_slot_granularity_minutes(
        *flags.granularity);
  }
  if (flags.jurisdiction) {
    request.mutable_settings()->set_jurisdiction(
        *flags.jurisdiction == "none" ? "" : *flags.jurisdiction);
  }
  if (!flags.hours.empty()) {
    v1::WeeklyHours& hours = *request.mutable_settings()->mutable_opening_hours();
    hours.Clear();
    for (const std::string& text : flags.hours) {
      AddWeeklyRanges(text, "--hours", hours);
    }
  }
  request.set_etag(current.settings().etag());
  request.set_request_id(NewRequestId());
  const auto response = context.Unary(*stub, &Stub::UpdateClinicSettings, request);
  Emit(context, response, [&] { PrintSettings(context, response.settings()); });
  return 0;
}

struct RoomsFlags {
  bool include_inactive = false;
};

int Rooms(CliContext& context, const RoomsFlags& flags) {
  v1::ListRoomsRequest request;
  request.set_include_inactive(flags.include_inactive);
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = FetchAllPages<v1::ListRoomsRequest,
                                      v1::ListRoomsResponse>(
      request, [&](const auto& page) {
        return context.Unary(*stub, &Stub::ListRooms, page);
      });
  Emit(context, response, [&] {
    Table table({"ID", "NAME", "ACTIVE"});
    for (const v1::Room& room : response.rooms()) {
      table.AddRow({ShortId(room.name()), room.display_name(), YesNo(room.active())});
    }
    table.Print(context.out());
  });
  return 0;
}

// Commands whose one argument is a name or an id.
struct OneArgument {
  std::string value;
};

int AddRoom(CliContext& context, const OneArgument& display_name) {
  v1::CreateRoomRequest request;
  request.mutable_room()->set_display_name(display_name.value);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::CreateRoom, request);
  Emit(context, response, [&] {
    context.out() << "added " << response.room().name() << " ("
                  << response.room().display_name() << ")\n";
  });
  return 0;
}

int DeactivateRoom(CliContext& context, const OneArgument& room) {
  v1::DeactivateRoomRequest request;
  request.set_name(ResourceName("rooms", room.value, "<room>"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::DeactivateRoom, request);
  Emit(context, response, [&] {
    context.out() << "deactivated " << response.room().name()
                  << ": no new bookings; booked sessions stay\n";
  });
  return 0;
}

struct ClosuresFlags {
  std::string from = "now";
  std::string to;
};

int Closures(CliContext& context, const ClosuresFlags& flags) {
  v1::ListClosuresRequest request;
  const absl::Time from = context.ParseTime(flags.from, "--from");
  *request.mutable_start_time() = ToProto(from);
  *request.mutable_end_time() =
      ToProto(!flags.to.empty() ? context.ParseTime(flags.to, "--to")
                                : from + absl::Hours(24 * 365));
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = FetchAllPages<v1::ListClosuresRequest,
                                      v1::ListClosuresResponse>(
      request, [&](const auto& page) {
        return context.Unary(*stub, &Stub::ListClosures, page);
      });
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    Table table({"ID", "WHAT", "FROM", "TO", "REASON"});
    for (const v1::Closure& closure : response.closures()) {
      table.AddRow({ShortId(closure.name()),
                    closure.resource().empty() ? "clinic" : closure.resource(),
                    FormatTime(closure.start_time(), zone),
                    FormatTime(closure.end_time(), zone), closure.reason()});
    }
    table.Print(context.out());
  });
  return 0;
}

struct CloseFlags {
  std::string from;
  std::string to;
  std::string staff;
  std::string room;
  std::string reason;
};

int Close(CliContext& context, const CloseFlags& flags) {
  if (!flags.staff.empty() && !flags.room.empty()) {
    throw UsageError("--staff and --room: give one, or neither for the clinic");
  }
  v1::CreateClosureRequest request;
  v1::Closure& closure = *request.mutable_closure();
  if (!flags.staff.empty()) {
    closure.set_resource(ResourceName("staff", flags.staff, "--staff"));
  } else if (!flags.room.empty()) {
    closure.set_resource(ResourceName("rooms", flags.room, "--room"));
  }
  *closure.mutable_start_time() =
      ToProto(context.ParseTime(flags.from, "--from"));
  *closure.mutable_end_time() = ToProto(context.ParseTime(flags.to, "--to"));
  closure.set_reason(flags.reason);
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::CreateClosure, request);
  Emit(context, response, [&] {
    const absl::TimeZone& zone = context.zone();
    context.out() << "closed: " << response.closure().name() << " ("
                  << (closure.resource().empty() ? "clinic" : closure.resource())
                  << ", " << FormatTime(response.closure().start_time(), zone)
                  << " to " << FormatTime(response.closure().end_time(), zone)
                  << ")\n";
  });
  return 0;
}

int Reopen(CliContext& context, const OneArgument& closure) {
  v1::DeleteClosureRequest request;
  request.set_name(ResourceName("closures", closure.value, "<closure>"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::DeleteClosure, request);
  Emit(context, response,
       [&] { context.out() << "removed " << request.name() << "\n"; });
  return 0;
}

std::string PractitionerName(const std::string& practitioner) {
  return ResourceName("staff", practitioner, "<practitioner>");
}

int WorkingHours(CliContext& context, const OneArgument& practitioner) {
  v1::GetWorkingHoursRequest request;
  request.set_practitioner(PractitionerName(practitioner.value));
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::GetWorkingHours, request);
  Emit(context, response, [&] { PrintHours(context, response.hours()); });
  return 0;
}

struct SetWorkingHoursFlags {
  std::string practitioner;
  std::vector<std::string> hours;
  bool none = false;
};

int SetWorkingHours(CliContext& context, const SetWorkingHoursFlags& flags) {
  if (flags.hours.empty() && !flags.none) {
    throw UsageError("give --hours (repeatable), or --none for no hours");
  }
  v1::SetWorkingHoursRequest request;
  request.set_practitioner(PractitionerName(flags.practitioner));
  for (const std::string& text : flags.hours) {
    AddWeeklyRanges(text, "--hours", *request.mutable_hours());
  }
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::SetWorkingHours, request);
  Emit(context, response, [&] { PrintHours(context, response.hours()); });
  return 0;
}

// Adds a command whose one argument is `name`.
void AddOneArgumentCommand(CommandGroup& group, CommandInfo info,
                           int (*run)(CliContext&, const OneArgument&),
                           const std::string& name, const std::string& help) {
  auto [command, argument] = group.Add(std::move(info), run);
  Positional(*command, name, argument->value, help);
}

void AddClinicCommands(CommandGroup& group) {
  group.Add({.name = "settings",
             .summary = "show the time zone, opening hours, slot "
                        "granularity and jurisdiction",
             .example = "clinic settings"},
            Settings);

  auto [set_hours, set_hours_flags] = group.Add(
      {.name = "set-hours",
       .summary = "change opening hours, time zone, granularity or "
                  "jurisdiction (admins)",
       .example = "clinic set-hours --hours \"mon-fri 09:00-19:00\" --hours "
                  "\"sat 09:00-13:00\""},
      SetHours);
  Repeated(*set_hours, "--hours", set_hours_flags->hours, "HOURS",
           absl::StrCat(kHoursHelp, "; replaces all hours"));
  Value(*set_hours, "--time-zone", set_hours_flags->time_zone, "ZONE",
        "IANA zone, such as Europe/Paris");
  Value(*set_hours, "--granularity", set_hours_flags->granularity, "MINUTES",
        "slots start on multiples of this: 5, 10, 15, 20, 30 or 60");
  Value(*set_hours, "--jurisdiction", set_hours_flags->jurisdiction, "CODE",
        "where the clinic practises, ISO 3166-1 alpha-2 such as FR (none to "
        "clear): chooses the off-label consent text and the treatment types "
        "it forbids");

  auto [rooms, rooms_flags] = group.Add({.name = "rooms",
                                         .summary = "list treatment rooms",
                                         .example = "clinic rooms"},
                                        Rooms);
  Switch(*rooms, "--include-inactive", rooms_flags->include_inactive,
         "include rooms out of service");

  AddOneArgumentCommand(group,
                        {.name = "add-room",
                         .summary = "add a treatment room (admins)",
                         .example = "clinic add-room \"Room 1\""},
                        AddRoom, "display-name", "the room's name");
  AddOneArgumentCommand(group,
                        {.name = "deactivate-room",
                         .summary = "take a room out of service (admins)",
                         .example = "clinic deactivate-room 4d8a0b3v1k9q2m7x"},
                        DeactivateRoom, "room", "room id or rooms/{id}");

  auto [closures, closures_flags] = group.Add(
      {.name = "closures",
       .summary = "list closures (clinic, practitioners' leave, rooms)",
       .example = "clinic closures --from 2027-01-01 --to 2027-12-31"},
      Closures);
  Value(*closures, "--from", closures_flags->from, "TIME",
        "from (default now)");
  Value(*closures, "--to", closures_flags->to, "TIME",
        "to (default a year after --from)");

  auto [close, close_flags] = group.Add(
      {.name = "close",
       .summary = "close the clinic, a practitioner or a room for a while",
       .example = "clinic close --from \"2027-12-24 00:00\" --to "
                  "\"2027-12-27 00:00\" --reason Christmas"},
      Close);
  Required(*close, "--from", close_flags->from, "TIME",
           "start of the closure");
  Required(*close, "--to", close_flags->to, "TIME", "end of the closure");
  Value(*close, "--staff", close_flags->staff, "STAFF",
        "a practitioner's leave");
  Value(*close, "--room", close_flags->room, "ROOM", "a room's maintenance");
  Value(*close, "--reason", close_flags->reason, "TEXT", "such as Christmas");

  AddOneArgumentCommand(group,
                        {.name = "reopen",
                         .summary = "remove a closure",
                         .example = "clinic reopen 7x4d8a0b3v1k9q2m"},
                        Reopen, "closure", "closure id or closures/{id}");
  AddOneArgumentCommand(
      group,
      {.name = "working-hours",
       .summary = "show a practitioner's weekly working hours",
       .example = "clinic working-hours 9k2m4x7q1v0d3a8b"},
      WorkingHours, "practitioner", "staff id or staff/{id}");

  auto [set_working, set_working_flags] = group.Add(
      {.name = "set-working-hours",
       .summary = "replace a practitioner's weekly working hours",
       .example = "clinic set-working-hours 9k2m4x7q1v0d3a8b --hours "
                  "\"mon-thu 09:00-17:00\""},
      SetWorkingHours);
  Positional(*set_working, "practitioner", set_working_flags->practitioner,
             "staff id or staff/{id}");
  Repeated(*set_working, "--hours", set_working_flags->hours, "HOURS",
           kHoursHelp);
  Switch(*set_working, "--none", set_working_flags->none,
         "no working hours at all");
}

const RegisterGroup kClinic(
    "clinic", "time zone, opening hours, rooms, working hours, closures",
    AddClinicCommands);

}  // namespace
}  // namespace mesoclinic::clinicctl

// clinicctl clinic: the clinic's time zone and hours, rooms, practitioners'
// working hours and closures.

#include <string>

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
      .Add("Etag", settings.etag())
      .Print(context.out());
  context.out() << "\nOpening hours:\n";
  PrintHours(context, settings.opening_hours());
}

int Settings(CliContext& context, const ParsedArgs&) {
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::GetClinicSettings,
                                      v1::GetClinicSettingsRequest());
  Emit(context, response, [&] { PrintSettings(context, response.settings()); });
  return 0;
}

int SetHours(CliContext& context, const ParsedArgs& args) {
  if (!args.Has("hours") && !args.Has("time-zone") && !args.Has("granularity")) {
    throw UsageError("nothing to change: give --hours, --time-zone or "
                     "--granularity");
  }
  auto stub = context.Stub<v1::ClinicService>();
  // Every field is replaced: start from the current settings.
  const auto current = context.Unary(*stub, &Stub::GetClinicSettings,
                                     v1::GetClinicSettingsRequest());
  v1::UpdateClinicSettingsRequest request;
  *request.mutable_settings() = current.settings();
  request.mutable_settings()->clear_etag();
  if (args.Has("time-zone")) {
    request.mutable_settings()->set_time_zone(args.Get("time-zone"));
  }
  if (args.Has("granularity")) {
    request.mutable_settings()->set_slot_granularity_minutes(
        args.GetInt("granularity", 0));
  }
  if (args.Has("hours")) {
    v1::WeeklyHours& hours = *request.mutable_settings()->mutable_opening_hours();
    hours.Clear();
    for (const std::string& text : args.All("hours")) {
      AddWeeklyRanges(text, "--hours", hours);
    }
  }
  request.set_etag(current.settings().etag());
  request.set_request_id(NewRequestId());
  const auto response = context.Unary(*stub, &Stub::UpdateClinicSettings, request);
  Emit(context, response, [&] { PrintSettings(context, response.settings()); });
  return 0;
}

int Rooms(CliContext& context, const ParsedArgs& args) {
  v1::ListRoomsRequest request;
  request.set_include_inactive(args.Switch("include-inactive"));
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

int AddRoom(CliContext& context, const ParsedArgs& args) {
  v1::CreateRoomRequest request;
  request.mutable_room()->set_display_name(args.Positional("display-name"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::CreateRoom, request);
  Emit(context, response, [&] {
    context.out() << "added " << response.room().name() << " ("
                  << response.room().display_name() << ")\n";
  });
  return 0;
}

int DeactivateRoom(CliContext& context, const ParsedArgs& args) {
  v1::DeactivateRoomRequest request;
  request.set_name(ResourceName("rooms", args.Positional("room"), "<room>"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::DeactivateRoom, request);
  Emit(context, response, [&] {
    context.out() << "deactivated " << response.room().name()
                  << ": no new bookings; booked sessions stay\n";
  });
  return 0;
}

int Closures(CliContext& context, const ParsedArgs& args) {
  v1::ListClosuresRequest request;
  const absl::Time from = context.ParseTime(args.GetOr("from", "now"), "--from");
  *request.mutable_start_time() = ToProto(from);
  *request.mutable_end_time() =
      ToProto(args.Has("to") ? context.ParseTime(args.Get("to"), "--to")
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

int Close(CliContext& context, const ParsedArgs& args) {
  if (args.Has("staff") && args.Has("room")) {
    throw UsageError("--staff and --room: give one, or neither for the clinic");
  }
  v1::CreateClosureRequest request;
  v1::Closure& closure = *request.mutable_closure();
  if (args.Has("staff")) {
    closure.set_resource(ResourceName("staff", args.Get("staff"), "--staff"));
  } else if (args.Has("room")) {
    closure.set_resource(ResourceName("rooms", args.Get("room"), "--room"));
  }
  *closure.mutable_start_time() = ToProto(context.ParseTime(args.Get("from"), "--from"));
  *closure.mutable_end_time() = ToProto(context.ParseTime(args.Get("to"), "--to"));
  closure.set_reason(args.Get("reason"));
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

int Reopen(CliContext& context, const ParsedArgs& args) {
  v1::DeleteClosureRequest request;
  request.set_name(ResourceName("closures", args.Positional("closure"), "<closure>"));
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::DeleteClosure, request);
  Emit(context, response,
       [&] { context.out() << "removed " << request.name() << "\n"; });
  return 0;
}

std::string PractitionerArg(const ParsedArgs& args) {
  return ResourceName("staff", args.Positional("practitioner"), "<practitioner>");
}

int WorkingHours(CliContext& context, const ParsedArgs& args) {
  v1::GetWorkingHoursRequest request;
  request.set_practitioner(PractitionerArg(args));
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::GetWorkingHours, request);
  Emit(context, response, [&] { PrintHours(context, response.hours()); });
  return 0;
}

int SetWorkingHours(CliContext& context, const ParsedArgs& args) {
  if (!args.Has("hours") && !args.Switch("none")) {
    throw UsageError("give --hours (repeatable), or --none for no hours");
  }
  v1::SetWorkingHoursRequest request;
  request.set_practitioner(PractitionerArg(args));
  for (const std::string& text : args.All("hours")) {
    AddWeeklyRanges(text, "--hours", *request.mutable_hours());
  }
  request.set_request_id(NewRequestId());
  auto stub = context.Stub<v1::ClinicService>();
  const auto response = context.Unary(*stub, &Stub::SetWorkingHours, request);
  Emit(context, response, [&] { PrintHours(context, response.hours()); });
  return 0;
}

const RegisterGroup kClinic(CommandGroup{
    .name = "clinic",
    .summary = "time zone, opening hours, rooms, working hours, closures",
    .commands = {
        {.name = "settings",
         .summary = "show the time zone, opening hours and slot granularity",
         .args = ArgParser(),
         .example = "clinic settings",
         .run = Settings},
        {.name = "set-hours",
         .summary = "change opening hours, time zone or granularity (admins)",
         .args = ArgParser()
                     .Repeated("hours", "HOURS",
                               absl::StrCat(kHoursHelp, "; replaces all hours"))
                     .Value("time-zone", "ZONE", "IANA zone, such as Europe/Paris")
                     .Value("granularity", "MINUTES",
                            "slots start on multiples of this: 5, 10, 15, 20, "
                            "30 or 60"),
         .example = "clinic set-hours --hours \"mon-fri 09:00-19:00\" --hours "
                    "\"sat 09:00-13:00\"",
         .run = SetHours},
        {.name = "rooms",
         .summary = "list treatment rooms",
         .args = ArgParser().Switch("include-inactive",
                                    "include rooms out of service"),
         .example = "clinic rooms",
         .run = Rooms},
        {.name = "add-room",
         .summary = "add a treatment room (admins)",
         .args = ArgParser().Positional("display-name", "the room's name"),
         .example = "clinic add-room \"Room 1\"",
         .run = AddRoom},
        {.name = "deactivate-room",
         .summary = "take a room out of service (admins)",
         .args = ArgParser().Positional("room", "room id or rooms/{id}"),
         .example = "clinic deactivate-room 4d8a0b3v1k9q2m7x",
         .run = DeactivateRoom},
        {.name = "closures",
         .summary = "list closures (clinic, practitioners' leave, rooms)",
         .args = ArgParser()
                     .Value("from", "TIME", "from (default now)")
                     .Value("to", "TIME", "to (default a year after --from)"),
         .example = "clinic closures --from 2027-01-01 --to 2027-12-31",
         .run = Closures},
        {.name = "close",
         .summary = "close the clinic, a practitioner or a room for a while",
         .args = ArgParser()
                     .Required("from", "TIME", "start of the closure")
                     .Required("to", "TIME", "end of the closure")
                     .Value("staff", "STAFF", "a practitioner's leave")
                     .Value("room", "ROOM", "a room's maintenance")
                     .Value("reason", "TEXT", "such as Christmas"),
         .example = "clinic close --from \"2027-12-24 00:00\" --to \"2027-12-27 "
                    "00:00\" --reason Christmas",
         .run = Close},
        {.name = "reopen",
         .summary = "remove a closure",
         .args = ArgParser().Positional("closure", "closure id or closures/{id}"),
         .example = "clinic reopen 7x4d8a0b3v1k9q2m",
         .run = Reopen},
        {.name = "working-hours",
         .summary = "show a practitioner's weekly working hours",
         .args = ArgParser().Positional("practitioner", "staff id or staff/{id}"),
         .example = "clinic working-hours 9k2m4x7q1v0d3a8b",
         .run = WorkingHours},
        {.name = "set-working-hours",
         .summary = "replace a practitioner's weekly working hours",
         .args = ArgParser()
                     .Positional("practitioner", "staff id or staff/{id}")
                     .Repeated("hours", "HOURS", kHoursHelp)
                     .Switch("none", "no working hours at all"),
         .example = "clinic set-working-hours 9k2m4x7q1v0d3a8b --hours "
                    "\"mon-thu 09:00-17:00\"",
         .run = SetWorkingHours},
    }});

}  // namespace
}  // namespace mesoclinic::clinicctl

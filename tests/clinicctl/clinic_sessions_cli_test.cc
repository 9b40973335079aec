// clinicctl clinic and sessions: the calendar (zone, hours, rooms, working
// hours, closures), then a day at the front desk and in the treatment room:
// slots, booking, moving, checking in, completing with products and lots,
// courses, cancelling, and the live schedule.

#include <google/protobuf/util/json_util.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clinic/v1/scheduling.pb.h"
#include "tests/clinicctl/clinicctl_fixture.h"
#include "tests/support/fixed_offset_zone.h"

namespace mesoclinic::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using staff::Role;

// A fixed-offset zone where it is now between 11:00 and 12:00, so that a
// session "today at 13:00" is in the future and still today.
FixedOffsetZone ClinicZone() {
  return FixedOffsetZoneWhereHourIs(absl::Now(), /*local_hour=*/11);
}

std::string ZoneName() { return ClinicZone().name; }

std::string LocalDay(int days_from_today) {
  return absl::FormatTime("%Y-%m-%d",
                          absl::Now() + absl::Hours(24 * days_from_today),
                          ClinicZone().zone);
}

// `args` with "no" to every question of the day-of checklist the built-in
// protocols share, none of which a "no" stops.
std::vector<std::string> WithAllClearAnswers(std::vector<std::string> args) {
  for (const char* question :
       {"pregnancy_possible", "nsaid_or_anticoagulant_since_last_visit",
        "site_infection_or_broken_skin", "unwell_or_fever"}) {
    args.push_back("--answer");
    args.push_back(absl::StrCat(question, "=no"));
  }
  return args;
}

class ClinicSessionsTest : public ClinicctlTest {
 protected:
  static void SetUpTestSuite() {
    ClinicctlTest::SetUpTestSuite();
    const CliResult hours =
        Run(Role::kAdmin, {"--json", "clinic", "set-hours", "--time-zone",
                           ZoneName(), "--hours", "mon-sun 00:00-24:00"});
    ASSERT_EQ(hours.exit_code, 0) << hours.err;
    const CliResult room =
        Run(Role::kAdmin, {"--json", "clinic", "add-room", "Room 1"});
    ASSERT_EQ(room.exit_code, 0) << room.err;
    room_ = new std::string(JsonString(room.out, "name"));
    const CliResult working =
        Run(Role::kPractitioner, {"clinic", "set-working-hours", Practitioner(),
                                  "--hours", "mon-sun 00:00-24:00"});
    ASSERT_EQ(working.exit_code, 0) << working.err;
  }
  static void TearDownTestSuite() {
    delete room_;
    ClinicctlTest::TearDownTestSuite();
  }

  // A patient with an active consent to cellulite.
  static std::string ConsentedPatient(const std::string& family_name) {
    const std::string patient = CreatePatient("Amélie", family_name);
    const CliResult consent =
        Run(Role::kPractitioner, {"consents", "record", patient, "cellulite",
                                  "--method", "paper", "--yes"});
    EXPECT_EQ(consent.exit_code, 0) << consent.err;
    return patient;
  }

  static std::string BookToday(const std::string& patient, const std::string& at) {
    const CliResult booked = Run(
        Role::kFrontDesk,
        {"--json", "sessions", "book", patient, "cellulite", "--practitioner",
         Practitioner(), "--room", *room_, "--at", LocalDay(0) + " " + at});
    EXPECT_EQ(booked.exit_code, 0) << booked.err;
    return JsonString(booked.out, "name");
  }

  static std::string* room_;
};

std::string* ClinicSessionsTest::room_ = nullptr;

TEST_F(ClinicSessionsTest, SetJurisdictionShowsAndClearsIt) {
  const CliResult set = Run(Role::kAdmin, {"clinic", "set-hours",
                                           "--jurisdiction", "FR"});
  ASSERT_EXIT_CODE(set, 0);
  EXPECT_THAT(set.out, ::testing::ContainsRegex("Jurisdiction: +FR\n"));
  const CliResult lower = Run(Role::kAdmin, {"clinic", "set-hours",
                                             "--jurisdiction", "fr"});
  EXPECT_EXIT_CODE(lower, 1);
  EXPECT_THAT(lower.err, HasSubstr("settings.jurisdiction"));
  const CliResult cleared = Run(Role::kAdmin, {"clinic", "set-hours",
                                               "--jurisdiction", "none"});
  ASSERT_EXIT_CODE(cleared, 0);
  EXPECT_THAT(cleared.out, HasSubstr("(not set)"));
}

TEST_F(ClinicSessionsTest, CalendarSettingsRoomsAndClosures) {
  const CliResult settings = Run(Role::kFrontDesk, {"clinic", "settings"});
  ASSERT_EXIT_CODE(settings, 0);
  EXPECT_THAT(settings.out, HasSubstr(ZoneName()));
  EXPECT_THAT(settings.out, ::testing::ContainsRegex("sunday +00:00-24:00\n"));

  const CliResult refused = Run(Role::kFrontDesk, {"clinic", "set-hours",
                                                   "--granularity", "30"});
  EXPECT_EXIT_CODE(refused, 1);
  const CliResult bad_hours = Run(Role::kAdmin, {"clinic", "set-hours",
                                                 "--hours", "weekdays 9-5"});
  EXPECT_EXIT_CODE(bad_hours, 2);

  const CliResult rooms = Run(Role::kFrontDesk, {"clinic", "rooms"});
  ASSERT_EXIT_CODE(rooms, 0);
  EXPECT_THAT(rooms.out, HasSubstr("Room 1"));

  const CliResult working =
      Run(Role::kFrontDesk, {"clinic", "working-hours", Practitioner()});
  ASSERT_EXIT_CODE(working, 0);
  EXPECT_THAT(working.out, HasSubstr("monday"));

  const CliResult closed = Run(
      Role::kAdmin, {"--json", "clinic", "close", "--room", *room_, "--from",
                     LocalDay(20) + " 08:00", "--to", LocalDay(20) + " 12:00",
                     "--reason", "maintenance"});
  ASSERT_EXIT_CODE(closed, 0);
  const std::string closure = JsonString(closed.out, "name");
  const CliResult closures = Run(Role::kFrontDesk, {"clinic", "closures"});
  ASSERT_EXIT_CODE(closures, 0);
  EXPECT_THAT(closures.out, HasSubstr("maintenance"));
  EXPECT_THAT(closures.out, HasSubstr(LocalDay(20) + " 08:00"));
  ASSERT_EXIT_CODE(Run(Role::kAdmin, {"clinic", "reopen", closure}), 0);
  EXPECT_THAT(Run(Role::kFrontDesk, {"clinic", "closures"}).out,
              Not(HasSubstr("maintenance")));
}

TEST_F(ClinicSessionsTest, BookMoveCheckInComplete) {
  const std::string patient = ConsentedPatient("Durand");
  const CliResult slots = Run(Role::kFrontDesk, {"sessions", "slots", "cellulite",
                                                 "--from", "tomorrow"});
  ASSERT_EXIT_CODE(slots, 0);
  EXPECT_THAT(slots.out, HasSubstr("START"));
  EXPECT_THAT(slots.out, HasSubstr(LocalDay(1) + " 00:00"));

  const std::string session = BookToday(patient, "13:00");
  ASSERT_THAT(session, HasSubstr("sessions/"));
  const CliResult got = Run(Role::kFrontDesk, {"sessions", "get", session});
  EXPECT_THAT(got.out, HasSubstr(LocalDay(0) + " 13:00"));

  // --dry-run shows the move and makes none.
  const CliResult preview =
      Run(Role::kFrontDesk, {"sessions", "move", session, "--to",
                             LocalDay(0) + " 14:00", "--dry-run"});
  ASSERT_EXIT_CODE(preview, 0);
  EXPECT_THAT(preview.out, HasSubstr("nothing was moved"));
  EXPECT_THAT(preview.out, HasSubstr(LocalDay(0) + " 14:00"));
  EXPECT_THAT(Run(Role::kFrontDesk, {"sessions", "get", session}).out,
              HasSubstr(LocalDay(0) + " 13:00"));

  const CliResult moved = Run(Role::kFrontDesk, {"sessions", "move", session,
                                                 "--to", LocalDay(0) + " 14:00"});
  ASSERT_EXIT_CODE(moved, 0);
  EXPECT_THAT(moved.out, HasSubstr(LocalDay(0) + " 14:00"));

  const CliResult checked_in = Run(Role::kFrontDesk, {"sessions", "check-in", session});
  ASSERT_EXIT_CODE(checked_in, 0);
  EXPECT_THAT(checked_in.out, HasSubstr("checked_in"));

  const CliResult list = Run(Role::kFrontDesk, {"sessions", "list", "--day", "today"});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_THAT(list.out, HasSubstr(session.substr(9)));

  const CliResult invalid = Run(
      Role::kPractitioner,
      {"sessions", "complete", session, "--product",
       "name=caffeine,lot=CF2291,volume=9,depth=2,area=thighs,points=20,"
       "concentration=10"});
  EXPECT_EXIT_CODE(invalid, 1);
  EXPECT_THAT(invalid.err, HasSubstr("INVALID_ARGUMENT"));
  const CliResult malformed = Run(Role::kPractitioner,
                                  {"sessions", "complete", session, "--product",
                                   "name=caffeine,volume=lots"});
  EXPECT_EXIT_CODE(malformed, 2);

  // The day-of checklist unanswered: refused, naming the questions.
  const CliResult unanswered = Run(
      Role::kPractitioner,
      {"sessions", "complete", session, "--product",
       "name=caffeine,lot=CF2291,volume=2,depth=2,area=thighs,points=20,"
       "concentration=10"});
  EXPECT_EXIT_CODE(unanswered, 1);
  EXPECT_THAT(unanswered.err, HasSubstr("pregnancy_possible"));

  const CliResult completed = Run(
      Role::kPractitioner,
      WithAllClearAnswers(
          {"sessions", "complete", session, "--product",
           "name=caffeine,lot=CF2291,volume=2,depth=2,area=thighs,points=20,"
           "concentration=10",
           "--outcome", "code=circumference_cm,site=thigh_left,value=58.5",
           "--notes", "well tolerated"}));
  ASSERT_EXIT_CODE(completed, 0);
  EXPECT_THAT(completed.out, HasSubstr("completed"));
  EXPECT_THAT(completed.out, HasSubstr("CF2291"));
  EXPECT_THAT(completed.out, HasSubstr("58.5"));
  EXPECT_THAT(completed.out, HasSubstr("pregnancy_possible=no"));

  // The front desk never sees the treatment record.
  const CliResult front_desk = Run(Role::kFrontDesk, {"sessions", "get", session});
  EXPECT_THAT(front_desk.out, Not(HasSubstr("CF2291")));

  const CliResult no_show = Run(Role::kFrontDesk, {"sessions", "no-show", session});
  EXPECT_EXIT_CODE(no_show, 1);
  EXPECT_THAT(no_show.err, HasSubstr("FAILED_PRECONDITION"));
}

TEST_F(ClinicSessionsTest, BookCourseAndCancel) {
  const std::string patient = ConsentedPatient("Moreau");
  const CliResult booked = Run(
      Role::kFrontDesk,
      {"--json", "sessions", "book-course", patient, "cellulite",
       "--practitioner", Practitioner(), "--room", *room_, "--first",
       LocalDay(1) + " 10:00", "--sessions", "8"});
  ASSERT_EXIT_CODE(booked, 0);
  clinic::v1::BookCourseResponse course;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(booked.out, &course).ok());
  ASSERT_EQ(course.course().sessions_size(), 8);

  const CliResult shown =
      Run(Role::kFrontDesk, {"sessions", "course", course.course().name()});
  ASSERT_EXIT_CODE(shown, 0);
  EXPECT_THAT(shown.out, HasSubstr(LocalDay(1) + " 10:00"));
  EXPECT_THAT(shown.out, HasSubstr(LocalDay(8) + " 10:00"));
  EXPECT_THAT(shown.out, HasSubstr(" #8"));

  const std::string last = course.course().sessions(7).name();
  const CliResult cancelled = Run(Role::kFrontDesk, {"sessions", "cancel", last,
                                                     "--reason", "moving away"});
  ASSERT_EXIT_CODE(cancelled, 0);
  EXPECT_THAT(cancelled.out, HasSubstr("cancelled"));
  EXPECT_THAT(cancelled.out, HasSubstr("moving away"));

  // Without consent nothing is booked, and the server says why.
  const std::string unconsented = CreatePatient("Jules", "Sans");
  const CliResult refused = Run(
      Role::kFrontDesk,
      {"sessions", "book", unconsented, "cellulite", "--practitioner",
       Practitioner(), "--room", *room_, "--at", LocalDay(2) + " 10:00"});
  EXPECT_EXIT_CODE(refused, 1);
  EXPECT_THAT(refused.err, HasSubstr("FAILED_PRECONDITION"));
}

TEST_F(ClinicSessionsTest, BookAConsultationForAPatientWithoutConsent) {
  const std::string newcomer = CreatePatient("Inès", "Nouvelle");
  const CliResult booked = Run(
      Role::kFrontDesk,
      {"sessions", "book-consultation", newcomer, "--practitioner",
       Practitioner(), "--room", *room_, "--at", LocalDay(3) + " 11:00",
       "--minutes", "45"});
  ASSERT_EXIT_CODE(booked, 0);
  EXPECT_THAT(booked.out, HasSubstr("(a consultation: no treatment)"));
  EXPECT_THAT(booked.out, HasSubstr(LocalDay(3) + " 11:45"));
  const CliResult listed =
      Run(Role::kFrontDesk, {"sessions", "list", "--patient", newcomer});
  ASSERT_EXIT_CODE(listed, 0);
  EXPECT_THAT(listed.out, HasSubstr("consultation"));
}

TEST_F(ClinicSessionsTest, ReportFollowUpAndTraceAnAdverseEvent) {
  const std::string patient = ConsentedPatient("Bruise");
  const std::string session = BookToday(patient, "16:00");
  ASSERT_EXIT_CODE(Run(Role::kFrontDesk, {"sessions", "check-in", session}), 0);
  ASSERT_EXIT_CODE(
      Run(Role::kPractitioner,
          WithAllClearAnswers(
              {"sessions", "complete", session, "--product",
               "name=caffeine,lot=CF7777,volume=2,depth=2,area=thighs,"
               "points=20,concentration=10"})),
      0);
  const CliResult reported = Run(
      Role::kPractitioner,
      // The session is later today: the event is reported against the
      // treatment type and the lot, as for one treated elsewhere.
      {"--json", "adverse-events", "report", patient, "--type", "cellulite",
       "--product", "name=caffeine,lot=CF7777,relatedness=possible",
       "--term", "bruising", "--grade", "1", "--site", "thighs",
       "--relatedness", "probable", "--outcome", "recovering"});
  ASSERT_EXIT_CODE(reported, 0);
  const std::string event = JsonString(reported.out, "name");
  ASSERT_THAT(event, HasSubstr("adverseEvents/"));

  const CliResult followed =
      Run(Role::kPractitioner, {"adverse-events", "follow-up", event,
                                "--outcome", "recovered", "--notes", "bruise gone"});
  ASSERT_EXIT_CODE(followed, 0);
  EXPECT_THAT(followed.out, HasSubstr("bruise gone"));
  EXPECT_THAT(followed.out, HasSubstr("recovered"));

  const CliResult traced =
      Run(Role::kPractitioner, {"adverse-events", "trace-lot", "caffeine", "CF7777"});
  ASSERT_EXIT_CODE(traced, 0);
  EXPECT_THAT(traced.out, HasSubstr("1 patients"));
  EXPECT_THAT(traced.out, HasSubstr(event.substr(14)));

  const CliResult list = Run(Role::kPractitioner,
                             {"adverse-events", "list", "--patient", patient});
  ASSERT_EXIT_CODE(list, 0);
  EXPECT_THAT(list.out, HasSubstr("bruising"));

  const CliResult exported = Run(Role::kPractitioner, {"adverse-events", "export", event});
  ASSERT_EXIT_CODE(exported, 0);
  EXPECT_THAT(exported.out, HasSubstr("\"resourceType\""));

  const CliResult refused = Run(Role::kFrontDesk, {"adverse-events", "get", event});
  EXPECT_EXIT_CODE(refused, 1);
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));

  // Completing the session made the protocol's follow-up checks due.
  const CliResult tasks =
      Run(Role::kPractitioner, {"--json", "adverse-events", "tasks"});
  ASSERT_EXIT_CODE(tasks, 0);
  const std::string task = JsonString(tasks.out, "name");
  ASSERT_THAT(task, HasSubstr("followUpTasks/"));
  const CliResult done =
      Run(Role::kPractitioner,
          {"adverse-events", "complete-task", task, "--note", "all settled"});
  ASSERT_EXIT_CODE(done, 0);
  EXPECT_THAT(done.out, HasSubstr("done"));
  EXPECT_EXIT_CODE(Run(Role::kPractitioner,
                       {"adverse-events", "complete-task", task}),
                   1);

  // A serious unexpected event has an expedited report to send.
  const CliResult serious = Run(
      Role::kPractitioner,
      {"--json", "adverse-events", "report", patient, "--type", "cellulite",
       "--term", "granuloma", "--grade", "3", "--serious", "hospitalisation",
       "--relatedness", "possible", "--outcome", "not-recovered"});
  ASSERT_EXIT_CODE(serious, 0);
  const std::string serious_event = JsonString(serious.out, "name");
  const CliResult sent = Run(Role::kPractitioner,
                             {"adverse-events", "mark-submitted", serious_event,
                              "--authority", "ANSM"});
  ASSERT_EXIT_CODE(sent, 0);
  EXPECT_THAT(sent.out, HasSubstr("Expedited report sent"));
  EXPECT_EXIT_CODE(Run(Role::kPractitioner,
                       {"adverse-events", "review-hold", "courses/nocourse00000000",
                        "--reason", "x"}),
                   2);  // --decision is required.
}

TEST_F(ClinicSessionsTest, APatientsPhoneCallUpgradedByAFollowUpAndASystemicHold) {
  const std::string patient = ConsentedPatient("Phoned");
  // The patient's own report needs their words.
  const std::vector<std::string> report = {
      "--json", "adverse-events", "report", patient, "--type", "cellulite",
      "--term", "swelling", "--grade", "1", "--relatedness", "possible",
      "--outcome", "recovering", "--reporter", "patient"};
  const CliResult wordless = Run(Role::kPractitioner, report);
  EXPECT_EXIT_CODE(wordless, 1);
  EXPECT_THAT(wordless.err, HasSubstr("reporter_narrative"));
  std::vector<std::string> with_words = report;
  with_words.insert(with_words.end(),
                    {"--reporter-words", "my thigh is puffy since Tuesday"});
  const CliResult phoned = Run(Role::kPractitioner, with_words);
  ASSERT_EXIT_CODE(phoned, 0);
  const std::string event = JsonString(phoned.out, "name");
  EXPECT_THAT(phoned.out, HasSubstr("my thigh is puffy since Tuesday"));

  // A follow-up upgrades grade, seriousness and causality.
  const CliResult upgraded = Run(
      Role::kPractitioner,
      {"adverse-events", "follow-up", event, "--outcome", "not-recovered",
       "--grade", "3", "--serious", "hospitalisation", "--relatedness",
       "certain", "--notes", "admitted for antibiotics"});
  ASSERT_EXIT_CODE(upgraded, 0);
  EXPECT_THAT(upgraded.out, HasSubstr("(now 3)"));
  EXPECT_THAT(upgraded.out, HasSubstr("(now certain)"));
  EXPECT_THAT(upgraded.out, HasSubstr("Expedited report due"));

  // The assessment is not pending: nothing to retry.
  const CliResult retried =
      Run(Role::kPractitioner, {"adverse-events", "retry-assessment", event});
  EXPECT_EXIT_CODE(retried, 1);
  EXPECT_THAT(retried.err, HasSubstr("FAILED_PRECONDITION"));

  // The vocabulary, with how to grade each term.
  const CliResult terms = Run(Role::kPractitioner, {"adverse-events", "terms"});
  ASSERT_EXIT_CODE(terms, 0);
  EXPECT_THAT(terms.out, HasSubstr("anaphylaxis"));
  EXPECT_THAT(terms.out, HasSubstr("holds every treatment"));
  EXPECT_THAT(terms.out, HasSubstr("  grade 5: "));

  // Anaphylaxis holds every treatment of the patient until reviewed.
  ASSERT_EXIT_CODE(
      Run(Role::kPractitioner,
          {"adverse-events", "report", patient, "--type", "cellulite",
           "--term", "anaphylaxis", "--grade", "3", "--serious",
           "life-threatening", "--relatedness", "probable", "--outcome",
           "recovered"}),
      0);
  const CliResult reviewed = Run(
      Role::kPractitioner,
      {"adverse-events", "review-patient-hold", patient, "--decision",
       "resume", "--reason", "allergist found no allergy to the products"});
  ASSERT_EXIT_CODE(reviewed, 0);
  EXPECT_THAT(reviewed.out, HasSubstr("the hold on every treatment is reviewed"));
}

TEST_F(ClinicSessionsTest, WatchPrintsTheDaysSessionsAsJsonLines) {
  const std::string patient = ConsentedPatient("Watch");
  const std::string session = BookToday(patient, "15:00");
  const CliResult watched = Run(Role::kFrontDesk, {"--json", "sessions", "watch",
                                                   "--day", "today", "--for", "1s"});
  ASSERT_EXIT_CODE(watched, 0);
  bool seen = false;
  for (absl::string_view line : absl::StrSplit(watched.out, '\n', absl::SkipEmpty())) {
    clinic::v1::WatchScheduleResponse change;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(std::string(line), &change).ok())
        << line;
    EXPECT_EQ(change.change(), clinic::v1::WatchScheduleResponse::CHANGE_EXISTING);
    seen = seen || change.session().name() == session;
  }
  EXPECT_TRUE(seen) << watched.out;
}

}  // namespace
}  // namespace mesoclinic::testing

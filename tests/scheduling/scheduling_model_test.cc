// The scheduling model as plain C++: weekly hours, interval arithmetic, the
// session state machine and the course gap rules, with Europe/Paris
// daylight-saving changes (2027-03-28 spring forward, 2027-10-31 fall back).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/scheduling/booking_rules.h"
#include "core/scheduling/calendar.h"
#include "core/scheduling/free_time.h"
#include "core/scheduling/session.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

absl::TimeZone Paris() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Paris", &zone));
  return zone;
}

// A local Paris wall-clock time as an instant.
absl::Time Local(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi), Paris());
}

absl::Time Utc(int y, int mo, int d, int h, int mi = 0) {
  return absl::FromCivil(absl::CivilMinute(y, mo, d, h, mi),
                         absl::UTCTimeZone());
}

MinuteRange Hours(int start_hour, int end_hour) {
  return {start_hour * 60, end_hour * 60};
}

// ---------------------------------------------------------------------------
// WeeklyHours
// ---------------------------------------------------------------------------

TEST(WeeklyHoursTest, IsoWeekdayRunsMondayOneToSundaySeven) {
  EXPECT_EQ(IsoWeekday(absl::CivilDay(2027, 3, 1)), 1);   // Monday.
  EXPECT_EQ(IsoWeekday(absl::CivilDay(2027, 3, 6)), 6);   // Saturday.
  EXPECT_EQ(IsoWeekday(absl::CivilDay(2027, 3, 28)), 7);  // Sunday.
}

TEST(WeeklyHoursTest, ValidHoursPassAndAdjacentRangesDoNotOverlap) {
  WeeklyHours hours;
  EXPECT_TRUE(hours.empty());
  hours.Add(1, Hours(9, 12));
  hours.Add(1, Hours(12, 18));  // Touching is not overlapping.
  hours.Add(7, {0, 24 * 60});   // 24:00 is a valid end.
  EXPECT_FALSE(hours.empty());
  EXPECT_TRUE(hours.Validate("hours").ok());
}

TEST(WeeklyHoursTest, RangesAreKeptInOrderWhateverTheOrderAdded) {
  WeeklyHours hours;
  hours.Add(2, Hours(14, 18));
  hours.Add(2, Hours(8, 12));
  ASSERT_EQ(hours.On(2).size(), 2u);
  EXPECT_EQ(hours.On(2)[0].start, 8 * 60);
  EXPECT_EQ(hours.On(2)[1].start, 14 * 60);
}

TEST(WeeklyHoursTest, OverlappingRangesAreRefusedNamingTheFieldAndDay) {
  WeeklyHours hours;
  hours.Add(3, Hours(13, 18));
  hours.Add(3, {9 * 60, 13 * 60 + 1});
  const absl::Status status = hours.Validate("settings.opening_hours");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("settings.opening_hours"));
  EXPECT_THAT(status.message(), HasSubstr("ranges of day 3 overlap"));
}

TEST(WeeklyHoursTest, RangesOutsideTheDayOrBackwardsAreRefused) {
  for (const MinuteRange range :
       {MinuteRange{-1, 60}, MinuteRange{600, 24 * 60 + 1},
        MinuteRange{600, 600}, MinuteRange{700, 600}}) {
    WeeklyHours hours;
    hours.Add(2, range);
    const absl::Status status = hours.Validate("hours");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << range.start << "-" << range.end;
    EXPECT_THAT(status.message(), HasSubstr("hours: "));
    EXPECT_THAT(status.message(), HasSubstr("between 00:00 and 24:00 (day 2)"));
  }
}

TEST(WeeklyHoursTest, WeekdayOutOfRangeIsRefused) {
  for (const int weekday : {0, 8, -1}) {
    WeeklyHours hours;
    hours.Add(weekday, Hours(9, 17));
    const absl::Status status = hours.Validate("hours");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << weekday;
    EXPECT_THAT(status.message(), HasSubstr("hours: day must be MONDAY to SUNDAY"));
  }
}

TEST(WeeklyHoursTest, ContainsMeansTheSameLocalHoursOnBothSidesOfDst) {
  WeeklyHours hours;
  hours.Add(1, Hours(9, 18));  // Mondays 09:00-18:00 local.
  const absl::TimeZone zone = Paris();
  // Monday 2027-03-22 (CET, UTC+1) and Monday 2027-03-29 (CEST, UTC+2).
  for (const int day : {22, 29}) {
    SCOPED_TRACE(day);
    const absl::Time nine = Local(2027, 3, day, 9);
    EXPECT_TRUE(hours.Contains({nine, nine + absl::Minutes(15)}, zone));
    const absl::Time last = Local(2027, 3, day, 17, 45);
    EXPECT_TRUE(hours.Contains({last, last + absl::Minutes(15)}, zone));
    const absl::Time early = Local(2027, 3, day, 8, 50);
    EXPECT_FALSE(hours.Contains({early, early + absl::Minutes(15)}, zone));
    const absl::Time late = Local(2027, 3, day, 17, 50);
    EXPECT_FALSE(hours.Contains({late, late + absl::Minutes(15)}, zone));
  }
  // The same UTC time of day is inside on one side and outside on the other.
  const absl::Time before = Utc(2027, 3, 22, 7, 30);  // 08:30 CET.
  const absl::Time after = Utc(2027, 3, 29, 7, 30);   // 09:30 CEST.
  EXPECT_FALSE(hours.Contains({before, before + absl::Minutes(15)}, zone));
  EXPECT_TRUE(hours.Contains({after, after + absl::Minutes(15)}, zone));
  // 16:30 UTC is 17:30 CET (open) but 18:30 CEST (closed).
  const absl::Time evening_before = Utc(2027, 3, 22, 16, 30);
  const absl::Time evening_after = Utc(2027, 3, 29, 16, 30);
  EXPECT_TRUE(hours.Contains(
      {evening_before, evening_before + absl::Minutes(15)}, zone));
  EXPECT_FALSE(hours.Contains(
      {evening_after, evening_after + absl::Minutes(15)}, zone));
}

TEST(WeeklyHoursTest, ContainsNeedsOneRangeAndTheRightDay) {
  WeeklyHours hours;
  hours.Add(1, Hours(9, 12));
  hours.Add(1, Hours(14, 18));
  const absl::TimeZone zone = Paris();
  const absl::Time lunch = Local(2027, 3, 1, 11, 50);
  EXPECT_FALSE(hours.Contains({lunch, lunch + absl::Minutes(15)}, zone));
  const absl::Time afternoon = Local(2027, 3, 1, 14);
  EXPECT_TRUE(hours.Contains({afternoon, afternoon + absl::Minutes(15)}, zone));
  // Tuesday has no range: closed.
  const absl::Time tuesday = Local(2027, 3, 2, 10);
  EXPECT_FALSE(hours.Contains({tuesday, tuesday + absl::Minutes(15)}, zone));
}

TEST(WeeklyHoursTest, IntervalsOnDstDaysFollowTheWallClock) {
  WeeklyHours hours;
  hours.Add(7, {0, 24 * 60});
  hours.Add(7, Hours(1, 4));  // Overlapping, but IntervalsOn does not care.
  const absl::TimeZone zone = Paris();
  std::vector<Interval> spring = hours.IntervalsOn(absl::CivilDay(2027, 3, 28), zone);
  ASSERT_EQ(spring.size(), 2u);
  EXPECT_EQ(spring[0].end - spring[0].start, absl::Hours(23));
  // 01:00 to 04:00 local on the spring-forward night is two real hours.
  EXPECT_EQ(spring[1].end - spring[1].start, absl::Hours(2));
  std::vector<Interval> autumn = hours.IntervalsOn(absl::CivilDay(2027, 10, 31), zone);
  ASSERT_EQ(autumn.size(), 2u);
  EXPECT_EQ(autumn[0].end - autumn[0].start, absl::Hours(25));
  EXPECT_EQ(autumn[1].end - autumn[1].start, absl::Hours(4));
}

// ---------------------------------------------------------------------------
// Settings, intervals and closures
// ---------------------------------------------------------------------------

TEST(ClinicSettingsTest, ValidateNamesTheBadField) {
  ClinicSettings settings;
  settings.time_zone_name = "Europe/Paris";
  settings.opening_hours.Add(1, Hours(9, 18));
  EXPECT_TRUE(ValidateSettings(settings).ok());

  ClinicSettings zone = settings;
  zone.time_zone_name = "Mars/Olympus_Mons";
  EXPECT_THAT(ValidateSettings(zone).message(), HasSubstr("settings.time_zone"));
  zone.time_zone_name = "";
  EXPECT_EQ(ValidateSettings(zone).code(), absl::StatusCode::kInvalidArgument);

  for (const int minutes : {0, 7, 25, 45, 120}) {
    ClinicSettings granularity = settings;
    granularity.slot_granularity_minutes = minutes;
    const absl::Status status = ValidateSettings(granularity);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << minutes;
    EXPECT_THAT(status.message(), HasSubstr("settings.slot_granularity_minutes"));
  }
  for (const int minutes : {5, 10, 15, 20, 30, 60}) {
    ClinicSettings granularity = settings;
    granularity.slot_granularity_minutes = minutes;
    EXPECT_TRUE(ValidateSettings(granularity).ok()) << minutes;
  }
  ClinicSettings hours = settings;
  hours.opening_hours.Add(1, Hours(17, 19));
  EXPECT_THAT(ValidateSettings(hours).message(),
              HasSubstr("settings.opening_hours"));
}

TEST(IntervalTest, TouchingIntervalsDoNotOverlap) {
  const absl::Time t = Utc(2027, 1, 4, 10);
  const Interval a{t, t + absl::Minutes(15)};
  const Interval b{t + absl::Minutes(15), t + absl::Minutes(30)};
  const Interval c{t + absl::Minutes(10), t + absl::Minutes(20)};
  EXPECT_FALSE(a.Overlaps(b));
  EXPECT_FALSE(b.Overlaps(a));
  EXPECT_TRUE(a.Overlaps(c));
  EXPECT_TRUE(c.Overlaps(b));
  EXPECT_TRUE(a.Contains(a));
  EXPECT_FALSE(a.Contains(c));
}

TEST(ClosureTest, BlocksOnlyWhatItCloses) {
  Closure clinic;
  clinic.scope = ClosureScope::kClinic;
  EXPECT_TRUE(clinic.Blocks("p1", "r1"));
  Closure leave;
  leave.scope = ClosureScope::kPractitioner;
  leave.scope_id = "p1";
  EXPECT_TRUE(leave.Blocks("p1", "r1"));
  EXPECT_FALSE(leave.Blocks("p2", "r1"));
  EXPECT_FALSE(leave.Blocks("", "p1"));
  Closure room;
  room.scope = ClosureScope::kRoom;
  room.scope_id = "r1";
  EXPECT_TRUE(room.Blocks("p2", "r1"));
  EXPECT_FALSE(room.Blocks("r1", "r2"));
}

// ---------------------------------------------------------------------------
// Free time
// ---------------------------------------------------------------------------

// Intervals on 2027-03-01 (a Monday) in Paris, from local hour:minute pairs.
Interval At(int h1, int m1, int h2, int m2) {
  return {Local(2027, 3, 1, h1, m1), Local(2027, 3, 1, h2, m2)};
}

std::vector<std::string> Format(const std::vector<Interval>& intervals) {
  std::vector<std::string> out;
  for (const Interval& i : intervals) {
    out.push_back(absl::FormatTime("%H:%M", i.start, Paris()) + "-" +
                  absl::FormatTime("%H:%M", i.end, Paris()));
  }
  return out;
}

std::vector<std::string> Format(const std::vector<absl::Time>& times) {
  std::vector<std::string> out;
  for (const absl::Time t : times) {
    out.push_back(absl::FormatTime("%H:%M", t, Paris()));
  }
  return out;
}

TEST(FreeTimeTest, SubtractRemovesHolesInAnyOrder) {
  EXPECT_THAT(Format(Subtract({At(9, 0, 18, 0)},
                              {At(12, 0, 13, 0), At(10, 0, 11, 0)})),
              ElementsAre("09:00-10:00", "11:00-12:00", "13:00-18:00"));
}

TEST(FreeTimeTest, SubtractHandlesEdgesOverlapsAndTouching) {
  // Holes overhanging both ends, overlapping each other, and touching.
  EXPECT_THAT(Format(Subtract({At(9, 0, 12, 0), At(14, 0, 18, 0)},
                              {At(8, 0, 9, 30), At(11, 0, 14, 30),
                               At(11, 30, 12, 0), At(18, 0, 19, 0)})),
              ElementsAre("09:30-11:00", "14:30-18:00"));
  // A hole that covers everything.
  EXPECT_THAT(Subtract({At(9, 0, 12, 0)}, {At(8, 0, 13, 0)}), IsEmpty());
  // Nothing to remove.
  EXPECT_THAT(Format(Subtract({At(9, 0, 12, 0)}, {})),
              ElementsAre("09:00-12:00"));
  // A hole that ends exactly where the free time starts.
  EXPECT_THAT(Format(Subtract({At(9, 0, 12, 0)}, {At(8, 0, 9, 0)})),
              ElementsAre("09:00-12:00"));
}

TEST(FreeTimeTest, IntersectKeepsOnlyCommonTime) {
  EXPECT_THAT(Format(Intersect({At(9, 0, 12, 0), At(13, 0, 18, 0)},
                               {At(10, 0, 14, 0)})),
              ElementsAre("10:00-12:00", "13:00-14:00"));
  EXPECT_THAT(Intersect({At(9, 0, 12, 0)}, {At(12, 0, 13, 0)}), IsEmpty());
  EXPECT_THAT(Intersect({At(9, 0, 12, 0)}, {}), IsEmpty());
  EXPECT_THAT(Format(Intersect({At(14, 0, 15, 0), At(9, 0, 10, 0)},
                               {At(8, 0, 20, 0)})),
              ElementsAre("09:00-10:00", "14:00-15:00"));
}

TEST(FreeTimeTest, SlotStartsAreOnTheGridAfterLocalMidnight) {
  const absl::Time long_ago = absl::InfinitePast();
  // Free from 09:07: the first grid point is 09:15; a slot must end by 10:00.
  EXPECT_THAT(Format(SlotStarts({At(9, 7, 10, 0)}, absl::Minutes(15),
                                absl::Minutes(15), Paris(), long_ago)),
              ElementsAre("09:15", "09:30", "09:45"));
  // 20-minute grid, 15-minute sessions.
  EXPECT_THAT(Format(SlotStarts({At(9, 0, 10, 0)}, absl::Minutes(15),
                                absl::Minutes(20), Paris(), long_ago)),
              ElementsAre("09:00", "09:20", "09:40"));
  // 20-minute sessions on a 15-minute grid: the last one ends by 10:00.
  EXPECT_THAT(Format(SlotStarts({At(9, 0, 10, 0)}, absl::Minutes(20),
                                absl::Minutes(15), Paris(), long_ago)),
              ElementsAre("09:00", "09:15", "09:30"));
  // Too short a gap for a session.
  EXPECT_THAT(SlotStarts({At(9, 0, 9, 10)}, absl::Minutes(15),
                         absl::Minutes(5), Paris(), long_ago),
              IsEmpty());
  // Several intervals.
  EXPECT_THAT(Format(SlotStarts({At(9, 0, 9, 30), At(11, 0, 11, 30)},
                                absl::Minutes(15), absl::Minutes(15), Paris(),
                                long_ago)),
              ElementsAre("09:00", "09:15", "11:00", "11:15"));
}

TEST(FreeTimeTest, SlotStartsNeverBeforeEarliest) {
  // `earliest` between grid points: rounded up to the next one.
  EXPECT_THAT(Format(SlotStarts({At(9, 0, 10, 0)}, absl::Minutes(15),
                                absl::Minutes(15), Paris(),
                                Local(2027, 3, 1, 9, 31))),
              ElementsAre("09:45"));
  // On a grid point: that point is kept.
  EXPECT_THAT(Format(SlotStarts({At(9, 0, 10, 0)}, absl::Minutes(15),
                                absl::Minutes(15), Paris(),
                                Local(2027, 3, 1, 9, 30))),
              ElementsAre("09:30", "09:45"));
  // After the interval: nothing.
  EXPECT_THAT(SlotStarts({At(9, 0, 10, 0)}, absl::Minutes(15),
                         absl::Minutes(15), Paris(), Local(2027, 3, 1, 9, 50)),
              IsEmpty());
}

TEST(FreeTimeTest, SlotStartsStayOnTheLocalGridAcrossDst) {
  // The spring-forward night in Paris: 02:00 local does not exist. Free from
  // 01:00 to 05:00 local, hourly grid, 60-minute sessions.
  const Interval night{Local(2027, 3, 28, 1), Local(2027, 3, 28, 5)};
  EXPECT_THAT(Format(SlotStarts({night}, absl::Minutes(60), absl::Minutes(60),
                                Paris(), absl::InfinitePast())),
              ElementsAre("01:00", "03:00", "04:00"));
  // The autumn night repeats 02:00-03:00: still whole local hours.
  const Interval autumn{Local(2027, 10, 31, 1), Local(2027, 10, 31, 4)};
  for (const absl::Time start :
       SlotStarts({autumn}, absl::Minutes(60), absl::Minutes(60), Paris(),
                  absl::InfinitePast())) {
    EXPECT_EQ(absl::ToCivilMinute(start, Paris()).minute(), 0);
  }
}

// ---------------------------------------------------------------------------
// The session state machine
// ---------------------------------------------------------------------------

TEST(SessionStateMachineTest, NamesAndWhichStatesHoldTheirSlot) {
  EXPECT_EQ(SessionStateName(SessionState::kBooked), "booked");
  EXPECT_EQ(SessionStateName(SessionState::kCheckedIn), "checked_in");
  EXPECT_EQ(SessionStateName(SessionState::kCompleted), "completed");
  EXPECT_EQ(SessionStateName(SessionState::kCancelled), "cancelled");
  EXPECT_EQ(SessionStateName(SessionState::kNoShow), "no_show");
  EXPECT_EQ(SessionStateName(SessionState::kUnspecified), "unspecified");
  EXPECT_TRUE(HoldsSlot(SessionState::kBooked));
  EXPECT_TRUE(HoldsSlot(SessionState::kCheckedIn));
  EXPECT_TRUE(HoldsSlot(SessionState::kCompleted));
  EXPECT_FALSE(HoldsSlot(SessionState::kCancelled));
  EXPECT_FALSE(HoldsSlot(SessionState::kNoShow));
}

TEST(SessionStateMachineTest, EveryTransitionIsAllowedOrRefusedNamingTheState) {
  const std::vector<SessionState> states = {
      SessionState::kUnspecified, SessionState::kBooked,
      SessionState::kCheckedIn,   SessionState::kCompleted,
      SessionState::kCancelled,   SessionState::kNoShow};
  const auto allowed = [](SessionState from, SessionState to) {
    return (from == SessionState::kBooked &&
            (to == SessionState::kCheckedIn || to == SessionState::kCancelled ||
             to == SessionState::kNoShow)) ||
           (from == SessionState::kCheckedIn && to == SessionState::kCompleted);
  };
  int allowed_count = 0;
  for (const SessionState from : states) {
    for (const SessionState to : states) {
      SCOPED_TRACE(std::string(SessionStateName(from)) + " -> " +
                   std::string(SessionStateName(to)));
      const absl::Status status = CheckTransition("sessions/s1", from, to);
      if (allowed(from, to)) {
        ++allowed_count;
        EXPECT_TRUE(status.ok()) << status;
        continue;
      }
      EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_THAT(status.message(),
                  HasSubstr(std::string("sessions/s1 is ") +
                            std::string(SessionStateName(from))));
      EXPECT_THAT(status.message(),
                  HasSubstr(std::string("cannot become ") +
                            std::string(SessionStateName(to))));
    }
  }
  EXPECT_EQ(allowed_count, 4);
}

// ---------------------------------------------------------------------------
// Course gaps
// ---------------------------------------------------------------------------

TEST(CourseGapTest, DaysBetweenCountsLocalDatesAcrossDst) {
  const absl::TimeZone zone = Paris();
  // A week across the spring change is 167 hours but 7 local days.
  const absl::Time before = Local(2027, 3, 22, 10, 30);
  const absl::Time after = Local(2027, 3, 29, 10, 30);
  EXPECT_EQ(after - before, absl::Hours(167));
  EXPECT_EQ(DaysBetween(before, after, zone), 7);
  // ... and 169 hours in autumn.
  EXPECT_EQ(DaysBetween(Local(2027, 10, 25, 10), Local(2027, 11, 1, 10), zone), 7);
  // Saturday 10:00 to Sunday 10:00 on the short night: 23 hours, 1 day.
  EXPECT_EQ(DaysBetween(Local(2027, 3, 27, 10), Local(2027, 3, 28, 10), zone), 1);
  // An hour apart but on two local dates.
  EXPECT_EQ(DaysBetween(Local(2027, 3, 27, 23, 30), Local(2027, 3, 28, 0, 30),
                        zone),
            1);
  // Almost a day apart, the same local date.
  EXPECT_EQ(DaysBetween(Local(2027, 3, 1, 0, 10), Local(2027, 3, 1, 23, 50),
                        zone),
            0);
  // Backwards is negative.
  EXPECT_EQ(DaysBetween(after, before, zone), -7);
  // The date, not UTC: 23:30 local on 2027-03-01 is already 03-01 22:30 UTC,
  // while 00:30 local on 03-02 is still 03-01 23:30 UTC.
  EXPECT_EQ(DaysBetween(Local(2027, 3, 1, 23, 30), Local(2027, 3, 2, 0, 30),
                        zone),
            1);
}

TEST(CourseGapTest, CheckGapAcceptsTheWindowAndNamesTheRuleOtherwise) {
  const absl::TimeZone zone = Paris();
  const absl::Time first = Local(2027, 3, 22, 10, 30);
  // 7 local days across DST (167 hours) is inside 7..10.
  EXPECT_TRUE(CheckGap(first, Local(2027, 3, 29, 10, 30), 7, 10, zone,
                       "session 2")
                  .ok());
  EXPECT_TRUE(CheckGap(first, Local(2027, 4, 1, 9, 0), 7, 10, zone, "s").ok());
  const absl::Status early =
      CheckGap(first, Local(2027, 3, 28, 18, 0), 7, 10, zone, "session 2");
  EXPECT_EQ(early.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(early.message(), HasSubstr("session 2: 6 days after the previous "
                                         "session of the course"));
  EXPECT_THAT(early.message(), HasSubstr("allows 7 to 10"));
  const absl::Status late =
      CheckGap(first, Local(2027, 4, 2, 9, 0), 7, 10, zone, "session 2");
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(late.message(), HasSubstr("11 days"));
}

}  // namespace
}  // namespace mesoclinic::scheduling

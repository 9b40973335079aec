// The helpers every command group shares: key=value flags, resource names,
// dates and times in the clinic's zone, enum words, tables, weekly hours,
// request ids and exit codes.

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "clients/clinicctl/cli_errors.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/enum_text.h"
#include "clients/clinicctl/exit_status.h"
#include "clients/clinicctl/key_values.h"
#include "clients/clinicctl/request_id.h"
#include "clients/clinicctl/resource_names.h"
#include "clients/clinicctl/table.h"
#include "clients/clinicctl/weekly_hours.h"
#include "clinic/v1/patients.pb.h"
#include "clinic/v1/staff.pb.h"

namespace mesoclinic::clinicctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Pair;

TEST(KeyValuesTest, ParsesCheckedKeys) {
  const KeyValues kv = KeyValues::Parse(
      "name=caffeine, lot=CF 22,volume=2.5,points=20,ok=yes", "--product",
      {"name", "lot", "volume", "points", "ok", "depth"});
  EXPECT_EQ(kv.Required("name"), "caffeine");
  EXPECT_EQ(kv.Get("lot"), "CF 22");
  EXPECT_DOUBLE_EQ(kv.GetDouble("volume"), 2.5);
  EXPECT_EQ(kv.GetInt("points"), 20);
  EXPECT_TRUE(kv.GetBool("ok"));
  EXPECT_DOUBLE_EQ(kv.GetDouble("depth"), 0);
  EXPECT_THROW(kv.Required("depth"), UsageError);
}

TEST(KeyValuesTest, RefusesUnknownKeysAndBadValues) {
  EXPECT_THROW(KeyValues::Parse("colour=red", "--product", {"name"}), UsageError);
  EXPECT_THROW(KeyValues::Parse("name", "--product", {"name"}), UsageError);
  EXPECT_THROW(KeyValues::Parse("name=a,name=b", "--product", {"name"}), UsageError);
  EXPECT_THROW(KeyValues::Parse("v=x", "--p", {"v"}).GetDouble("v"), UsageError);
}

TEST(ResourceNamesTest, BareIdsAndFullNames) {
  EXPECT_EQ(ResourceName("patients", "abc", "<patient>"), "patients/abc");
  EXPECT_EQ(ResourceName("patients", "patients/abc", "<patient>"), "patients/abc");
  EXPECT_THROW(ResourceName("patients", "staff/abc", "<patient>"), UsageError);
  EXPECT_THROW(ResourceName("patients", "", "<patient>"), UsageError);
  EXPECT_EQ(ChildResourceName("patients", "consents", "c1", "p1", "<consent>"),
            "patients/p1/consents/c1");
  EXPECT_EQ(ChildResourceName("patients", "consents", "patients/p/consents/c",
                              "", "<consent>"),
            "patients/p/consents/c");
  EXPECT_THROW(ChildResourceName("patients", "consents", "c1", "", "<consent>"),
               UsageError);
  EXPECT_EQ(ShortId("staff/s1/apiKeys/k1"), "k1");
}

TEST(ClinicTimeTest, LocalTimesAreReadInTheClinicsZone) {
  absl::TimeZone paris;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Paris", &paris));
  const absl::Time now = absl::FromUnixSeconds(1800000000);
  const absl::Time expected = absl::FromCivil(absl::CivilMinute(2027, 3, 1, 10, 30), paris);
  EXPECT_EQ(ParseTime("2027-03-01 10:30", "--at", paris, now), expected);
  EXPECT_EQ(ParseTime("2027-03-01T10:30", "--at", paris, now), expected);
  EXPECT_EQ(ParseTime("2027-03-01T09:30:00Z", "--at", paris, now), expected);
  EXPECT_EQ(ParseTime("2027-03-01T11:30:00+02:00", "--at", paris, now), expected);
  EXPECT_EQ(ParseTime("now", "--at", paris, now), now);
  EXPECT_TRUE(IsAbsoluteTime("2027-03-01T09:30:00Z"));
  EXPECT_FALSE(IsAbsoluteTime("2027-03-01 10:30"));
  EXPECT_THROW(ParseTime("tomorrow 10:30", "--at", paris, now), UsageError);
  // A date alone is the start of that day, as in --due-before tomorrow.
  EXPECT_EQ(ParseTime("2027-03-01", "--from", paris, now),
            absl::FromCivil(absl::CivilDay(2027, 3, 1), paris));
  EXPECT_EQ(ParseTime("tomorrow", "--due-before", paris, now),
            absl::FromCivil(absl::ToCivilDay(now, paris) + 1, paris));
  EXPECT_THROW(ParseTime("2027-13-45", "--from", paris, now), UsageError);
  EXPECT_EQ(FormatTime(ToProto(expected), paris), "2027-03-01 10:30");
  EXPECT_EQ(FromProto(ToProto(expected + absl::Milliseconds(5))),
            expected + absl::Milliseconds(5));
  EXPECT_EQ(FormatTime(google::protobuf::Timestamp(), paris), "");
}

TEST(ClinicTimeTest, Dates) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::Time now = absl::FromCivil(absl::CivilSecond(2027, 12, 31, 23, 0, 0), utc);
  EXPECT_EQ(FormatDate(ParseDate("1985-04-12", "--d", utc, now)), "1985-04-12");
  EXPECT_EQ(FormatDate(ParseDate("today", "--d", utc, now)), "2027-12-31");
  EXPECT_EQ(FormatDate(ParseDate("tomorrow", "--d", utc, now)), "2028-01-01");
  EXPECT_THROW(ParseDate("12/04/1985", "--d", utc, now), UsageError);
  EXPECT_THROW(ParseDate("1985-04-12x", "--d", utc, now), UsageError);
  EXPECT_EQ(FormatDate(clinic::v1::Date()), "");
}

TEST(EnumTextTest, WordsForEnumValues) {
  EXPECT_EQ(ParseEnum<clinic::v1::Sex>("female", "--sex"), clinic::v1::SEX_FEMALE);
  EXPECT_EQ(ParseEnum<clinic::v1::Sex>("SEX_MALE", "--sex"), clinic::v1::SEX_MALE);
  EXPECT_EQ(ParseEnum<clinic::v1::Role>("front-desk", "--role"),
            clinic::v1::ROLE_FRONT_DESK);
  EXPECT_EQ(EnumText(clinic::v1::ROLE_FRONT_DESK), "front_desk");
  EXPECT_EQ(EnumText(clinic::v1::SEX_UNSPECIFIED), "");
  try {
    ParseEnum<clinic::v1::Sex>("unspecified", "--sex");
    FAIL();
  } catch (const UsageError& error) {
    EXPECT_THAT(error.what(), HasSubstr("female, male, other, unknown"));
  }
}

TEST(TableTest, AlignsByCharactersNotBytes) {
  Table table({"NAME", "CITY"});
  table.AddRow({"Amélie", "Lyon"});
  table.AddRow({"Paul", ""});
  std::ostringstream out;
  table.Print(out);
  EXPECT_EQ(out.str(), "NAME    CITY\nAmélie  Lyon\nPaul\n");

  std::ostringstream details;
  DetailList().Add("Name", "Amélie").Add("Phone", "").Add("Born", "1985").Print(details);
  EXPECT_EQ(details.str(), "Name:  Amélie\nBorn:  1985\n");
}

TEST(WeeklyHoursTest, DayRangesAndLists) {
  clinic::v1::WeeklyHours hours;
  AddWeeklyRanges("mon-wed 09:00-12:00", "--hours", hours);
  AddWeeklyRanges("mon,friday 14:00-18:30", "--hours", hours);
  EXPECT_EQ(hours.ranges_size(), 5);
  EXPECT_THAT(DescribeWeeklyHours(hours),
              ElementsAre(Pair("monday", "09:00-12:00, 14:00-18:30"),
                          Pair("tuesday", "09:00-12:00"),
                          Pair("wednesday", "09:00-12:00"),
                          Pair("friday", "14:00-18:30")));
  EXPECT_THROW(AddWeeklyRanges("weekdays 9-5", "--hours", hours), UsageError);
  EXPECT_THROW(AddWeeklyRanges("fri-mon 09:00-10:00", "--hours", hours), UsageError);
  EXPECT_THROW(AddWeeklyRanges("mon 09:00", "--hours", hours), UsageError);
}

TEST(RequestIdTest, FreshUuidShapedIds) {
  const std::string id = NewRequestId();
  EXPECT_THAT(id, MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
  EXPECT_NE(id, NewRequestId());
}

TEST(ExitStatusTest, CodesAndHints) {
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::NOT_FOUND), kExitRefused);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::PERMISSION_DENIED), kExitRefused);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAVAILABLE), kExitConnection);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::UNAUTHENTICATED), kExitConnection);
  EXPECT_EQ(ExitCodeFor(grpc::StatusCode::DEADLINE_EXCEEDED), kExitConnection);
  EXPECT_EQ(DescribeRpcError(grpc::Status(grpc::StatusCode::NOT_FOUND, "patients/x does not exist"),
                             "h:1"),
            "error: NOT_FOUND: patients/x does not exist\n");
  EXPECT_THAT(DescribeRpcError(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"), "h:1"),
              HasSubstr("not reachable at h:1"));
}

}  // namespace
}  // namespace mesoclinic::clinicctl

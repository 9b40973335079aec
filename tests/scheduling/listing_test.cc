// ListSessions (by patient, practitioner, room and day, paginated) and
// FindAvailableSlots (session length, granularity grid, booked time and
// closures left out, filters, pagination, range limits) through a real
// channel.

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::Contains;
using ::testing::Each;
using ::testing::ElementsAreArray;
using ::testing::Not;

class ListSessionsTest : public SchedulingTest {
 protected:
  // Every page of `request`, `page_size` at a time; the names in order.
  static std::vector<std::string> AllPages(v1::ListSessionsRequest request,
                                           int page_size, int* pages) {
    std::vector<std::string> names;
    request.set_page_size(page_size);
    *pages = 0;
    do {
      v1::ListSessionsResponse response;
      const grpc::Status status = Scheduling()->ListSessions(
          ContextWithDeadline().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      ++*pages;
      EXPECT_LE(response.sessions_size(), page_size);
      for (const v1::Session& session : response.sessions()) {
        names.push_back(session.name());
        EXPECT_FALSE(session.has_treatment_record());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty() && *pages < 100);
    return names;
  }
};

TEST_F(ListSessionsTest, ByPatientPractitionerRoomAndDayWithPagination) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(4);
  // Five sessions on Monday and Tuesday, booked out of order, five
  // patients' (one patient's sessions lie a week apart at least).
  std::vector<std::string> in_order(5);
  const std::pair<int, absl::Time> times[] = {
      {2, At(monday, 11)}, {0, At(monday, 9)}, {4, At(monday + 1, 9)},
      {1, At(monday, 10)}, {3, At(monday, 15)}};
  for (const auto& [position, start] : times) {
    in_order[position] = BookOk(WithNewPatient(cast), start).name();
  }
  // One patient's sessions, weeks apart, booked out of order.
  const Cast regular = NewCast();
  std::vector<std::string> regular_sessions(3);
  for (const int week : {2, 0, 1}) {
    regular_sessions[week] = BookOk(regular, At(Monday(5 + week), 9)).name();
  }
  // Someone else that Monday.
  const Cast other = NewCast();
  const std::string others = BookOk(other, At(monday, 10)).name();

  int pages = 0;
  v1::ListSessionsRequest by_patient;
  by_patient.set_patient(regular.patient);
  EXPECT_THAT(AllPages(by_patient, 2, &pages),
              ElementsAreArray(regular_sessions));
  EXPECT_EQ(pages, 2);

  v1::ListSessionsRequest by_practitioner;
  by_practitioner.set_practitioner(cast.practitioner);
  EXPECT_THAT(AllPages(by_practitioner, 4, &pages), ElementsAreArray(in_order));
  EXPECT_EQ(pages, 2);

  v1::ListSessionsRequest by_room;
  by_room.set_room(cast.room);
  EXPECT_THAT(AllPages(by_room, 100, &pages), ElementsAreArray(in_order));
  EXPECT_EQ(pages, 1);

  // A day in the clinic's zone: Monday's sessions, both patients', not
  // Tuesday's.
  v1::ListSessionsRequest by_day;
  *by_day.mutable_day() = DateToProto(monday);
  const std::vector<std::string> that_day = AllPages(by_day, 3, &pages);
  EXPECT_THAT(that_day, Contains(others));
  for (int i = 0; i < 4; ++i) EXPECT_THAT(that_day, Contains(in_order[i]));
  EXPECT_THAT(that_day, Not(Contains(in_order[4])));
  // Filters combine.
  by_day.set_practitioner(cast.practitioner);
  EXPECT_THAT(AllPages(by_day, 10, &pages),
              ElementsAreArray(in_order.begin(), in_order.begin() + 4));
  *by_day.mutable_day() = DateToProto(monday + 1);
  EXPECT_THAT(AllPages(by_day, 10, &pages), ElementsAreArray({in_order[4]}));
  *by_day.mutable_day() = DateToProto(monday + 2);
  EXPECT_EQ(static_cast<int>(AllPages(by_day, 10, &pages).size()), 0);
}

TEST_F(ListSessionsTest, RefusesNoFilterAndForeignPageTokens) {
  const Cast cast = NewCast();
  BookOk(cast, At(Monday(4), 9));
  BookOk(cast, At(Monday(5), 10));
  v1::ListSessionsRequest request;
  v1::ListSessionsResponse response;
  EXPECT_THAT(Scheduling()->ListSessions(ContextWithDeadline().get(), request,
                                         &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "at least one of"));
  request.set_patient(cast.patient);
  request.set_page_size(1);
  ASSERT_TRUE(Scheduling()
                  ->ListSessions(ContextWithDeadline().get(), request, &response)
                  .ok());
  ASSERT_FALSE(response.next_page_token().empty());
  // The token belongs to the patient filter, not to the room filter.
  v1::ListSessionsRequest other;
  other.set_room(cast.room);
  other.set_page_token(response.next_page_token());
  EXPECT_THAT(Scheduling()->ListSessions(ContextWithDeadline().get(), other,
                                         &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "page_token"));
  request.set_page_size(-1);
  EXPECT_EQ(Scheduling()
                ->ListSessions(ContextWithDeadline().get(), request, &response)
                .error_code(),
            StatusCode::INVALID_ARGUMENT);
  v1::ListSessionsRequest bad_day;
  bad_day.mutable_day()->set_year(2027);
  bad_day.mutable_day()->set_month(2);
  bad_day.mutable_day()->set_day(30);
  EXPECT_THAT(Scheduling()->ListSessions(ContextWithDeadline().get(), bad_day,
                                         &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "day"));
  EXPECT_EQ(Scheduling(staff::Role::kAdmin)
                ->ListSessions(ContextWithDeadline().get(), request, &response)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
}

// FindAvailableSlots on a server of its own: the only practitioners and
// rooms are the ones the tests make, so counts are exact when filtered.
class AvailableSlotsTest : public SchedulingTest {
 protected:
  static grpc::Status Find(const std::string& type, absl::CivilDay from,
                           absl::CivilDay to, const std::string& practitioner,
                           const std::string& room,
                           v1::FindAvailableSlotsResponse* response,
                           int page_size = 1000,
                           const std::string& page_token = "") {
    v1::FindAvailableSlotsRequest request;
    request.set_treatment_type(type);
    *request.mutable_start_date() = DateToProto(from);
    *request.mutable_end_date() = DateToProto(to);
    request.set_practitioner(practitioner);
    request.set_room(room);
    request.set_page_size(page_size);
    request.set_page_token(page_token);
    return Scheduling()->FindAvailableSlots(ContextWithDeadline().get(),
                                            request, response);
  }

  static std::vector<std::string> LocalStarts(
      const v1::FindAvailableSlotsResponse& response) {
    std::vector<std::string> starts;
    for (const v1::AvailableSlot& slot : response.slots()) {
      starts.push_back(
          absl::FormatTime("%H:%M", FromProto(slot.start_time()), ClinicZone()));
    }
    return starts;
  }

  // "09:00", "09:15", ... up to `last`, every 15 minutes.
  static std::vector<std::string> Grid(int first_hour, int last_hour,
                                       int last_minute,
                                       const std::set<std::string>& without = {}) {
    std::vector<std::string> grid;
    for (int minute = first_hour * 60; minute <= last_hour * 60 + last_minute;
         minute += 15) {
      const std::string text =
          absl::StrCat(minute / 60 < 10 ? "0" : "", minute / 60, ":",
                       minute % 60 == 0 ? "00" : absl::StrCat(minute % 60));
      if (!without.contains(text)) grid.push_back(text);
    }
    return grid;
  }
};

TEST_F(AvailableSlotsTest, SlotsHaveTheSessionLengthOnTheGranularityGrid) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(1);
  v1::FindAvailableSlotsResponse cellulite;
  ASSERT_TRUE(Find(kCellulite, monday, monday, cast.practitioner, cast.room,
                   &cellulite)
                  .ok());
  // 15-minute sessions from 09:00; the last ends at 18:00.
  EXPECT_THAT(LocalStarts(cellulite), ElementsAreArray(Grid(9, 17, 45)));
  for (const v1::AvailableSlot& slot : cellulite.slots()) {
    EXPECT_EQ(FromProto(slot.end_time()) - FromProto(slot.start_time()),
              absl::Minutes(15));
    EXPECT_EQ(slot.practitioner(), cast.practitioner);
    EXPECT_EQ(slot.room(), cast.room);
  }
  EXPECT_TRUE(cellulite.next_page_token().empty());

  // Hair loss sessions last 20 minutes: still on the 15-minute grid, the
  // last starting at 17:30.
  v1::FindAvailableSlotsResponse hair;
  ASSERT_TRUE(
      Find(kHairLoss, monday, monday, cast.practitioner, cast.room, &hair).ok());
  EXPECT_THAT(LocalStarts(hair), ElementsAreArray(Grid(9, 17, 30)));
  for (const v1::AvailableSlot& slot : hair.slots()) {
    EXPECT_EQ(FromProto(slot.end_time()) - FromProto(slot.start_time()),
              absl::Minutes(20));
  }
  // The weekend is closed.
  v1::FindAvailableSlotsResponse weekend;
  ASSERT_TRUE(Find(kCellulite, monday + 5, monday + 6, cast.practitioner,
                   cast.room, &weekend)
                  .ok());
  EXPECT_EQ(static_cast<int>(weekend.slots().size()), 0);
}

TEST_F(AvailableSlotsTest, BookedTimeClosuresAndWorkingHoursAreLeftOut) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(2);
  BookOk(cast, At(monday, 10));
  // A 20-minute session at 11:00 takes the 11:00 and 11:15 (overlapping)
  // slots.
  RecordConsent(cast.patient, kHairLoss);
  const grpc::Status hair = Book(cast, At(monday, 11), nullptr,
                                 staff::Role::kFrontDesk, "", kHairLoss);
  ASSERT_TRUE(hair.ok()) << hair.error_message();
  ASSERT_TRUE(CreateClosure(cast.practitioner, At(monday, 14), At(monday, 15),
                            "meeting")
                  .ok());
  v1::FindAvailableSlotsResponse response;
  ASSERT_TRUE(Find(kCellulite, monday, monday, cast.practitioner, cast.room,
                   &response)
                  .ok());
  EXPECT_THAT(LocalStarts(response),
              ElementsAreArray(Grid(9, 17, 45,
                                    {"10:00", "11:00", "11:15", "14:00",
                                     "14:15", "14:30", "14:45"})));

  // The practitioner's session blocks them in every room; the room's
  // session blocks it for every practitioner.
  const std::string room = CreateRoom();
  ASSERT_TRUE(
      Find(kCellulite, monday, monday, cast.practitioner, room, &response).ok());
  EXPECT_THAT(LocalStarts(response), Not(Contains("10:00")));
  EXPECT_THAT(LocalStarts(response), Not(Contains("14:00")));
  const std::string practitioner = CreatePractitioner();
  ASSERT_TRUE(
      Find(kCellulite, monday, monday, practitioner, cast.room, &response).ok());
  EXPECT_THAT(LocalStarts(response), Not(Contains("10:00")));
  EXPECT_THAT(LocalStarts(response), Contains("14:00"));

  // Working hours narrow the practitioner's slots; a room closure the room's.
  v1::SetWorkingHoursRequest hours;
  hours.set_practitioner(practitioner);
  v1::WeeklyTimeRange& range = *hours.mutable_hours()->add_ranges();
  range.set_day(v1::TUESDAY);
  range.mutable_start()->set_hours(16);
  range.mutable_end()->set_hours(17);
  hours.set_request_id(NextRequestId());
  v1::SetWorkingHoursResponse set;
  ASSERT_TRUE(
      Clinic()->SetWorkingHours(ContextWithDeadline().get(), hours, &set).ok());
  ASSERT_TRUE(CreateClosure(room, At(monday + 1, 16, 30), At(monday + 1, 18),
                            "painting")
                  .ok());
  ASSERT_TRUE(Find(kCellulite, monday, monday + 1, practitioner, room,
                   &response)
                  .ok());
  EXPECT_THAT(LocalStarts(response), ElementsAreArray({"16:00", "16:15"}));
}

TEST_F(AvailableSlotsTest, SessionsAllDayLongAreLeftOutPageAfterPage) {
  // The search reads a day's sessions as its walk along the day reaches
  // them: sessions in the morning, across the middle of the day and at its
  // very end must all be seen, whole and paged.
  const Cast cast = NewCast();
  const absl::CivilDay thursday = Monday(4) + 3;
  for (const absl::Time start :
       {At(thursday, 9), At(thursday, 12, 45), At(thursday, 13),
        At(thursday, 16, 15), At(thursday, 17, 45)}) {
    BookOk(WithNewPatient(cast), start);
  }
  const std::vector<std::string> expected =
      Grid(9, 17, 45, {"09:00", "12:45", "13:00", "16:15", "17:45"});
  v1::FindAvailableSlotsResponse whole;
  ASSERT_TRUE(Find(kCellulite, thursday, thursday, cast.practitioner,
                   cast.room, &whole)
                  .ok());
  EXPECT_THAT(LocalStarts(whole), ElementsAreArray(expected));

  std::vector<std::string> paged;
  std::string token;
  int pages = 0;
  do {
    v1::FindAvailableSlotsResponse page;
    ASSERT_TRUE(Find(kCellulite, thursday, thursday, cast.practitioner,
                     cast.room, &page, 7, token)
                    .ok());
    for (const std::string& start : LocalStarts(page)) paged.push_back(start);
    token = page.next_page_token();
  } while (!token.empty() && ++pages < 20);
  EXPECT_THAT(paged, ElementsAreArray(expected));
}

TEST_F(AvailableSlotsTest, ClinicClosureEmptiesTheDayForEveryone) {
  const Cast cast = NewCast();
  const absl::CivilDay wednesday = Monday(3) + 2;
  ASSERT_TRUE(CreateClosure("", At(wednesday, 9), At(wednesday, 12, 30),
                            "inspection")
                  .ok());
  v1::FindAvailableSlotsResponse response;
  ASSERT_TRUE(Find(kCellulite, wednesday, wednesday, "", "", &response).ok());
  ASSERT_GT(static_cast<int>(response.slots().size()), 0);
  for (const v1::AvailableSlot& slot : response.slots()) {
    EXPECT_GE(FromProto(slot.start_time()), At(wednesday, 12, 30));
  }
}

TEST_F(AvailableSlotsTest, FiltersAndPaginationCoverEveryCombinationOnce) {
  const Cast first = NewCast();
  const std::string second_practitioner = CreatePractitioner();
  const std::string second_room = CreateRoom();
  const absl::CivilDay monday = Monday(5);

  // Without filters: every active practitioner (the test server's own
  // included) in every active room.
  v1::FindAvailableSlotsResponse all;
  ASSERT_TRUE(Find(kCellulite, monday, monday, "", "", &all).ok());
  std::set<std::pair<std::string, std::string>> pairs;
  for (const v1::AvailableSlot& slot : all.slots()) {
    pairs.insert({slot.practitioner(), slot.room()});
  }
  EXPECT_THAT(pairs, Contains(std::pair{first.practitioner, first.room}));
  EXPECT_THAT(pairs, Contains(std::pair{second_practitioner, second_room}));
  EXPECT_THAT(pairs, Contains(std::pair{first.practitioner, second_room}));
  // Ordered by start time, practitioner and room.
  for (int i = 1; i < all.slots_size(); ++i) {
    const auto key = [](const v1::AvailableSlot& s) {
      return std::tuple(FromProto(s.start_time()), s.practitioner(), s.room());
    };
    EXPECT_LT(key(all.slots(i - 1)), key(all.slots(i)));
  }

  v1::FindAvailableSlotsResponse one;
  ASSERT_TRUE(Find(kCellulite, monday, monday, first.practitioner, "", &one).ok());
  EXPECT_GT(static_cast<int>(one.slots().size()), 0);
  for (const v1::AvailableSlot& slot : one.slots()) {
    EXPECT_EQ(slot.practitioner(), first.practitioner);
  }
  ASSERT_TRUE(Find(kCellulite, monday, monday, "", second_room, &one).ok());
  EXPECT_GT(static_cast<int>(one.slots().size()), 0);
  for (const v1::AvailableSlot& slot : one.slots()) {
    EXPECT_EQ(slot.room(), second_room);
  }

  // A week, filtered, 50 at a time: 5 open days of 36 slots.
  std::vector<std::string> paged;
  std::string token;
  int pages = 0;
  do {
    v1::FindAvailableSlotsResponse page;
    ASSERT_TRUE(Find(kCellulite, monday, monday + 6, first.practitioner,
                     first.room, &page, 50, token)
                    .ok());
    EXPECT_LE(page.slots_size(), 50);
    for (const v1::AvailableSlot& slot : page.slots()) {
      paged.push_back(absl::FormatTime("%Y-%m-%d %H:%M",
                                       FromProto(slot.start_time()), ClinicZone()));
    }
    token = page.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 20);
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(static_cast<int>(paged.size()), 5 * 36);
  EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(),
            paged.size());
  v1::FindAvailableSlotsResponse whole;
  ASSERT_TRUE(Find(kCellulite, monday, monday + 6, first.practitioner,
                   first.room, &whole)
                  .ok());
  ASSERT_EQ(whole.slots_size(), static_cast<int>(paged.size()));
  for (int i = 0; i < whole.slots_size(); ++i) {
    EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M",
                               FromProto(whole.slots(i).start_time()), ClinicZone()),
              paged[i]);
  }
}

TEST_F(AvailableSlotsTest, RefusesBadRangesAndUnknownTypes) {
  const Cast cast = NewCast();
  const absl::CivilDay monday = Monday(1);
  v1::FindAvailableSlotsResponse response;
  EXPECT_THAT(Find(kCellulite, monday, monday - 1, "", "", &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "end_date"));
  EXPECT_THAT(Find(kCellulite, monday, monday + 31, cast.practitioner,
                   cast.room, &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "end_date: must be at most 31"));
  // 31 days, inclusive, is allowed.
  EXPECT_TRUE(Find(kCellulite, monday, monday + 30, cast.practitioner,
                   cast.room, &response)
                  .ok());
  EXPECT_THAT(Find("treatmentTypes/liposuction", monday, monday, "", "",
                   &response),
              FailsWith(StatusCode::NOT_FOUND, "treatmentTypes/liposuction"));
  v1::FindAvailableSlotsRequest no_dates;
  no_dates.set_treatment_type(kCellulite);
  EXPECT_THAT(Scheduling()->FindAvailableSlots(ContextWithDeadline().get(),
                                               no_dates, &response),
              FailsWith(StatusCode::INVALID_ARGUMENT, "start_date"));
  EXPECT_THAT(Find(kCellulite, monday, monday, StaffName(staff::Role::kFrontDesk),
                   "", &response),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "is not an active practitioner"));
  EXPECT_EQ(v1::SchedulingService::NewStub(server().channel(staff::Role::kAdmin))
                ->FindAvailableSlots(ContextWithDeadline().get(), no_dates,
                                     &response)
                .error_code(),
            StatusCode::PERMISSION_DENIED);
}

TEST_F(AvailableSlotsTest, NeverOffersTimeInThePast) {
  const Cast cast = NewCast();
  v1::FindAvailableSlotsResponse response;
  ASSERT_TRUE(Find(kCellulite, Today() - 3, Today() + 3, cast.practitioner,
                   cast.room, &response)
                  .ok());
  const absl::Time now = absl::Now();
  for (const v1::AvailableSlot& slot : response.slots()) {
    EXPECT_GT(FromProto(slot.start_time()), now - absl::Seconds(5));
    EXPECT_GE(absl::ToCivilDay(FromProto(slot.start_time()), ClinicZone()), Today());
  }
}

}  // namespace
}  // namespace mesoclinic::testing

// ListRooms and ListClosures, page by page.

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"
#include "tests/support/page_walk.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class ClinicListingTest : public SchedulingTest {
 protected:
  static ListedPage Rooms(const v1::ListRoomsRequest& request) {
    return CallFetcher<v1::ListRoomsRequest, v1::ListRoomsResponse>(
        [](grpc::ClientContext* context, const auto& page, auto* out) {
          return Clinic()->ListRooms(context, page, out);
        })(request);
  }

  static ListedPage Closures(const v1::ListClosuresRequest& request) {
    return CallFetcher<v1::ListClosuresRequest, v1::ListClosuresResponse>(
        [](grpc::ClientContext* context, const auto& page, auto* out) {
          return Clinic()->ListClosures(context, page, out);
        })(request);
  }

  // Closures in a week of their own, far enough ahead that no other
  // closure of the suite falls in it.
  static v1::ListClosuresRequest ClosuresOfWeek(absl::CivilDay monday) {
    v1::ListClosuresRequest request;
    request.mutable_start_time()->set_seconds(
        absl::ToUnixSeconds(At(monday, 0)));
    request.mutable_end_time()->set_seconds(
        absl::ToUnixSeconds(At(monday + 7, 0)));
    return request;
  }
};

TEST_F(ClinicListingTest, RoomPagesHoldEveryRoomOnceByName) {
  // Created out of order, two with the same name (ordered by id).
  const std::vector<std::string> rooms = {CreateRoom("Cabine C"),
                                    CreateRoom("Cabine A"),
                                    CreateRoom("Cabine B"),
                                    CreateRoom("Cabine A")};
  const std::vector<std::string> all =
      WalkPages<v1::ListRoomsRequest>({}, 1000, &Rooms);
  // Other tests of the suite may have made rooms of their own.
  const auto at = [&](const std::string& room) {
    const auto found = std::find(all.begin(), all.end(), room);
    EXPECT_NE(found, all.end()) << room;
    return found - all.begin();
  };
  EXPECT_LT(std::max(at(rooms[1]), at(rooms[3])), at(rooms[2]));
  EXPECT_LT(at(rooms[2]), at(rooms[0]));
  ExpectSmallPagesGive<v1::ListRoomsRequest>({}, &Rooms, all);
}

TEST_F(ClinicListingTest, ClosurePagesHoldEveryClosureOnceByStart) {
  const absl::CivilDay monday = Monday(60);
  std::vector<std::string> names(5);
  // Two start together: their ids decide.
  const int hours[] = {14, 9, 11, 9, 16};
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(CreateClosure("", At(monday + 1, hours[i]),
                              At(monday + 1, hours[i] + 1),
                              absl::StrCat("closure ", i), &names[i])
                    .ok());
  }
  const v1::ListClosuresRequest week = ClosuresOfWeek(monday);
  const std::vector<std::string> all = WalkPages(week, 1000, {&Closures});
  ASSERT_EQ(all.size(), 5u);
  std::vector<std::string> nine = {names[1], names[3]};
  std::sort(nine.begin(), nine.end());
  EXPECT_THAT(all, ElementsAreArray({nine[0], nine[1], names[2], names[0],
                                     names[4]}));
  ExpectSmallPagesGive(week, {&Closures}, all);
}

TEST_F(ClinicListingTest, ClosuresOverlappingThePeriodAreListedHoweverLong) {
  // Bookings and slot searches ask the same question of every closure that
  // ends after their start (closures_by_end): those still to come are
  // passed over, a long one started well before is found.
  const absl::CivilDay monday = Monday(80);
  std::string long_before, inside, across_end;
  ASSERT_TRUE(CreateClosure("", At(monday - 14, 9), At(monday + 2, 18),
                            "renovation", &long_before)
                  .ok());
  ASSERT_TRUE(CreateClosure("", At(monday + 3, 9), At(monday + 3, 12),
                            "training", &inside)
                  .ok());
  ASSERT_TRUE(CreateClosure("", At(monday + 6, 20), At(monday + 8, 9),
                            "holiday", &across_end)
                  .ok());
  // Touching the week without overlapping it.
  ASSERT_TRUE(
      CreateClosure("", At(monday - 1, 9), At(monday, 0), "before").ok());
  ASSERT_TRUE(
      CreateClosure("", At(monday + 7, 0), At(monday + 7, 9), "after").ok());
  for (int week = 1; week <= 3; ++week) {
    ASSERT_TRUE(CreateClosure("", At(monday + 7 * week + 2, 9),
                              At(monday + 7 * week + 2, 10), "later")
                    .ok());
  }
  EXPECT_THAT(WalkPages(ClosuresOfWeek(monday), 1000, {&Closures}),
              ElementsAre(long_before, inside, across_end));
}

TEST_F(ClinicListingTest, TokensOfOtherListingsAreRefused) {
  CreateRoom("Cabine X");
  CreateRoom("Cabine Y");
  const std::string rooms_token =
      SecondPageToken<v1::ListRoomsRequest>({}, &Rooms);
  const absl::CivilDay monday = Monday(70);
  for (const int hour : {9, 10}) {
    ASSERT_TRUE(CreateClosure("", At(monday, hour), At(monday, hour + 1),
                              "training")
                    .ok());
  }
  v1::ListClosuresRequest closures = ClosuresOfWeek(monday);
  const std::string closures_token = SecondPageToken(closures, {&Closures});

  // Another method's token.
  closures.set_page_token(rooms_token);
  EXPECT_TRUE(RefusesPageToken(Closures(closures).status));
  v1::ListRoomsRequest rooms;
  rooms.set_page_token(closures_token);
  EXPECT_TRUE(RefusesPageToken(Rooms(rooms).status));
  // The same method's, for other filters.
  rooms.set_page_token(rooms_token);
  rooms.set_include_inactive(true);
  EXPECT_TRUE(RefusesPageToken(Rooms(rooms).status));
  closures = ClosuresOfWeek(monday + 7);
  closures.set_page_token(closures_token);
  EXPECT_TRUE(RefusesPageToken(Closures(closures).status));
  EXPECT_TRUE(Closures(ClosuresOfWeek(monday)).status.ok());
}

}  // namespace
}  // namespace mesoclinic::testing

// SlotFinder: only free starts on the slot grid inside the hours, in page
// order, and pages that continue where the last one stopped.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Not;

class SlotFinderTest : public SchedulerTest {
 protected:
  // A search for cast_'s practitioner and room on `first` to `last`.
  SlotSearch CastSearch(absl::CivilDay first, absl::CivilDay last,
                        absl::Duration length = absl::Minutes(15)) const {
    return {.length = length,
            .first_day = first,
            .last_day = last,
            .practitioner_id = cast_.practitioner,
            .room_id = cast_.room,
            .limit = 1000};
  }

  // The local "HH:MM" starts found, or none when the search fails.
  std::vector<std::string> Starts(const SlotSearch& search) {
    const absl::StatusOr<std::vector<AvailableSlot>> found =
        FindSlots(search);
    EXPECT_TRUE(found.ok()) << found.status();
    std::vector<std::string> starts;
    if (!found.ok()) return {};
    for (const AvailableSlot& slot : *found) {
      starts.push_back(absl::FormatTime("%a %H:%M", slot.start, Paris()));
    }
    return starts;
  }

  // Monday's starts every 15 minutes from `from` (minutes after midnight)
  // to before `to`, without those in `[skip_from, skip_to)`.
  static std::vector<std::string> MondayStarts(int from, int to,
                                               int skip_from = 0,
                                               int skip_to = 0) {
    std::vector<std::string> starts;
    for (int minute = from; minute < to; minute += 15) {
      if (minute >= skip_from && minute < skip_to) continue;
      starts.push_back(absl::StrCat(
          "Mon ", absl::Dec(minute / 60, absl::kZeroPad2), ":",
          absl::Dec(minute % 60, absl::kZeroPad2)));
    }
    return starts;
  }
};

TEST_F(SlotFinderTest, OffersEveryStartOnTheGridInsideTheOpeningHours) {
  // 09:00 to 17:45 for 15 minutes; a 30-minute session must end by 18:00.
  EXPECT_THAT(Starts(CastSearch(Monday(), Monday())),
              ElementsAreArray(MondayStarts(9 * 60, 18 * 60)));
  EXPECT_THAT(Starts(CastSearch(Monday(), Monday(), absl::Minutes(30))),
              ElementsAreArray(MondayStarts(9 * 60, 17 * 60 + 45)));
}

TEST_F(SlotFinderTest, SkipsTakenSlots) {
  BookOk(At(Monday(), 10));
  // The room is taken at 11:00 by someone else's session.
  ASSERT_TRUE(Book(Booking(At(Monday(), 11),
                           {other_.patient, other_.practitioner, cast_.room}))
                  .ok());
  // 30 minutes at 09:45 would overlap 10:00 too.
  const std::vector<std::string> starts =
      Starts(CastSearch(Monday(), Monday(), absl::Minutes(30)));
  std::vector<std::string> expected;
  for (const std::string& start : MondayStarts(9 * 60, 17 * 60 + 45)) {
    if (start != "Mon 09:45" && start != "Mon 10:00" &&
        start != "Mon 10:45" && start != "Mon 11:00") {
      expected.push_back(start);
    }
  }
  EXPECT_THAT(starts, ElementsAreArray(expected));
}

TEST_F(SlotFinderTest, SkipsClosuresAndClosedDays) {
  AddClosure(At(Monday(), 12), At(Monday(), 14));
  // Another room's closure is not this room's.
  AddClosure(At(Monday(), 9), At(Monday(), 18), ClosureScope::kRoom,
             other_.room);
  // Saturday and Sunday before Monday(): the clinic is closed.
  EXPECT_THAT(Starts(CastSearch(Monday() - 2, Monday())),
              ElementsAreArray(MondayStarts(9 * 60, 18 * 60, 12 * 60,
                                            14 * 60)));
}

TEST_F(SlotFinderTest, SkipsThePast) {
  now_ = At(Monday(), 10, 7);
  EXPECT_THAT(Starts(CastSearch(Monday(), Monday())),
              ElementsAreArray(MondayStarts(10 * 60 + 15, 18 * 60)));
}

TEST_F(SlotFinderTest, PagesInOrderAndContinuesAfterTheLastSlot) {
  // Every practitioner and room: four slots at each start.
  SlotSearch search{.length = absl::Minutes(15),
                    .first_day = Monday(),
                    .last_day = Monday() + 1};
  search.limit = 1000;
  const absl::StatusOr<std::vector<AvailableSlot>> all = FindSlots(search);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u * 36 * 4);
  for (std::size_t i = 1; i < all->size(); ++i) {
    EXPECT_LT((*all)[i - 1].Key(), (*all)[i].Key()) << i;
  }

  // Pages of 7 (so that pages end inside a start and across the day),
  // each after the last slot of the one before, make up the whole list.
  search.limit = 7;
  std::vector<AvailableSlot> paged;
  for (;;) {
    const absl::StatusOr<std::vector<AvailableSlot>> page = FindSlots(search);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_LE(page->size(), 7u);
    paged.insert(paged.end(), page->begin(), page->end());
    if (page->size() < 7) break;
    search.after = page->back();
  }
  ASSERT_EQ(paged.size(), all->size());
  for (std::size_t i = 0; i < paged.size(); ++i) {
    EXPECT_EQ(paged[i].Key(), (*all)[i].Key()) << i;
  }
}

TEST_F(SlotFinderTest, AnInactivePractitionerIsRefusedAsForABooking) {
  SlotSearch search = CastSearch(Monday(), Monday());
  search.practitioner_id = AddPractitioner(
      [](staff::StaffMember& member) { member.active = false; });
  const absl::StatusOr<std::vector<AvailableSlot>> found = FindSlots(search);
  EXPECT_THAT(found.status(),
              IsRefusal(absl::StatusCode::kFailedPrecondition,
                        reasons::kPractitionerUnavailable));
}

TEST_F(SlotFinderTest, EndDateMustFollowTheStartWithinTheLongestSearch) {
  for (const SlotSearch& search :
       {CastSearch(Monday(), Monday() - 1),
        CastSearch(Monday(), Monday() + SlotFinder::kMaxSearchDays)}) {
    const absl::StatusOr<std::vector<AvailableSlot>> found =
        FindSlots(search);
    EXPECT_THAT(found.status(), IsRefusal(absl::StatusCode::kInvalidArgument,
                                          reasons::kInvalidField));
    EXPECT_THAT(FieldViolationsOf(found.status()),
                ElementsAre(Field(&FieldViolation::field, "end_date")));
  }
  // The longest search there is.
  EXPECT_THAT(
      Starts(CastSearch(Monday(), Monday() + SlotFinder::kMaxSearchDays - 1)),
      Not(IsEmpty()));
}

}  // namespace
}  // namespace mesoclinic::scheduling

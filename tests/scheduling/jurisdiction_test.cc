// The clinic's jurisdiction in the scheduling decisions: a treatment type
// the jurisdiction forbids cannot be booked, alone or as a course, and the
// clinic cannot move into such a jurisdiction while sessions of the type are
// still booked.

#include <string>

#include "absl/status/status.h"
#include "core/base/error_details.h"
#include "core/base/error_reasons.h"
#include "core/scheduling/jurisdiction_change.h"
#include "tests/scheduling/scheduler_fixture.h"

namespace mesoclinic::scheduling {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr absl::StatusCode kFailedPrecondition =
    absl::StatusCode::kFailedPrecondition;

class JurisdictionTest : public SchedulerTest {
 protected:
  void SetJurisdiction(const std::string& jurisdiction) {
    Seed([&](storage::Transaction& transaction) -> absl::Status {
      absl::StatusOr<ClinicSettings> settings =
          transaction.scheduling().GetSettings();
      if (!settings.ok()) return settings.status();
      settings->jurisdiction = jurisdiction;
      return transaction.scheduling().PutSettings(*settings);
    });
  }

  absl::Status ChangeTo(const std::string& jurisdiction) {
    return Decide([&](DecisionContext& context) {
      return CheckJurisdictionChange(context.transaction, Plugins(),
                                     jurisdiction, now_);
    });
  }
};

TEST_F(JurisdictionTest, BookingATypeTheJurisdictionForbidsIsRefused) {
  SetJurisdiction("BR");
  const absl::Status status = Refusal([&] { return Book(At(Monday(), 10)); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kTreatmentForbiddenInJurisdiction));
  EXPECT_THAT(ErrorMetadata(status), Contains(Pair("jurisdiction", "BR")));
  EXPECT_THAT(status.message(), HasSubstr("banned in Brazil in 2003"));
}

TEST_F(JurisdictionTest, ACourseOfAForbiddenTypeIsRefusedOnceNotPerSession) {
  SetJurisdiction("BR");
  const absl::Status status =
      Refusal([&] { return BookCourse(Order(At(Monday(), 10), 6)); });
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kTreatmentForbiddenInJurisdiction));
  EXPECT_THAT(status.message(), HasSubstr("treatment_type: "));
}

TEST_F(JurisdictionTest, OtherJurisdictionsBookAsBefore) {
  SetJurisdiction("FR");
  EXPECT_TRUE(Book(At(Monday(), 10)).ok());
}

TEST_F(JurisdictionTest, MovingIntoAForbiddingJurisdictionWaitsForItsSessions) {
  const Session booked = BookOk(At(Monday(), 10));
  const absl::Status status = ChangeTo("BR");
  EXPECT_THAT(status, IsRefusal(kFailedPrecondition,
                                reasons::kTreatmentForbiddenInJurisdiction));
  EXPECT_THAT(ErrorMetadata(status), Contains(Pair("sessions", "1")));
  EXPECT_THAT(status.message(), HasSubstr("sessions/" + booked.id));
  EXPECT_THAT(status.message(), HasSubstr("cancel them first"));
  // A jurisdiction that forbids nothing is no matter.
  EXPECT_TRUE(ChangeTo("FR").ok());
  // Once the session is cancelled, nothing stands in the way.
  ASSERT_TRUE(Step(booked.id, [](SessionSteps& steps, Session session) {
                return steps.Cancel(std::move(session), "clinic moves");
              }).ok());
  EXPECT_TRUE(ChangeTo("BR").ok());
}

}  // namespace
}  // namespace mesoclinic::scheduling

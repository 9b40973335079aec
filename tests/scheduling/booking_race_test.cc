// Many clients booking the same slot at once, each on its own channel:
// exactly one succeeds and every other gets FAILED_PRECONDITION naming the
// conflict, whether the contested resource is the practitioner, the room or
// the patient.

#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::HasSubstr;

constexpr int kClients = 16;

class BookingRaceTest : public SchedulingTest {
 protected:
  struct Outcome {
    grpc::Status status;
    v1::Session session;
  };

  // Books `casts[i]` at `start` from client i, all released together.
  static std::vector<Outcome> Race(const std::vector<Cast>& casts,
                                   absl::Time start) {
    // Channels, stubs and requests are ready before the start signal.
    std::vector<std::unique_ptr<v1::SchedulingService::Stub>> stubs;
    std::vector<v1::BookSessionRequest> requests(casts.size());
    for (std::size_t i = 0; i < casts.size(); ++i) {
      stubs.push_back(v1::SchedulingService::NewStub(server().ChannelWithKey(
          server().api_key(staff::Role::kFrontDesk))));
      v1::BookSessionRequest& request = requests[i];
      request.set_patient(casts[i].patient);
      request.set_treatment_type(kCellulite);
      request.set_practitioner(casts[i].practitioner);
      request.set_room(casts[i].room);
      *request.mutable_start_time() = TimestampToProto(start);
      request.set_request_id(NextRequestId());
    }
    std::vector<Outcome> outcomes(casts.size());
    std::latch go(static_cast<std::ptrdiff_t>(casts.size()));
    std::vector<std::thread> clients;
    for (std::size_t i = 0; i < casts.size(); ++i) {
      clients.emplace_back([&, i] {
        go.arrive_and_wait();
        v1::BookSessionResponse response;
        outcomes[i].status = stubs[i]->BookSession(
            ContextWithDeadline(30).get(), requests[i], &response);
        outcomes[i].session = response.session();
      });
    }
    for (std::thread& client : clients) client.join();
    return outcomes;
  }

  // Exactly one booked; every other refused naming the conflict with it.
  static void ExpectOneWinner(const std::vector<Outcome>& outcomes,
                              const std::string& conflict) {
    int winners = 0;
    std::string winner;
    for (const Outcome& outcome : outcomes) {
      if (outcome.status.ok()) {
        ++winners;
        winner = outcome.session.name();
      }
    }
    ASSERT_EQ(winners, 1);
    for (const Outcome& outcome : outcomes) {
      if (outcome.status.ok()) continue;
      EXPECT_THAT(outcome.status,
                  FailsWith(StatusCode::FAILED_PRECONDITION, conflict));
      EXPECT_THAT(outcome.status.error_message(), HasSubstr(winner));
    }
  }

  static std::vector<clinic::v1::Session> Listed(
      const v1::ListSessionsRequest& request) {
    v1::ListSessionsResponse response;
    EXPECT_TRUE(Scheduling()
                    ->ListSessions(ContextWithDeadline().get(), request,
                                   &response)
                    .ok());
    return {response.sessions().begin(), response.sessions().end()};
  }
};

TEST_F(BookingRaceTest, SamePractitionerDifferentPatientsAndRooms) {
  const std::string practitioner = CreatePractitioner();
  std::vector<Cast> casts;
  for (int i = 0; i < kClients; ++i) {
    casts.push_back({CreatePatient(), practitioner, CreateRoom()});
    RecordConsent(casts.back().patient);
  }
  const absl::Time start = At(Monday(6), 10);
  ExpectOneWinner(Race(casts, start), "the practitioner is already booked");
  v1::ListSessionsRequest request;
  request.set_practitioner(practitioner);
  EXPECT_EQ(static_cast<int>(Listed(request).size()), 1);
}

TEST_F(BookingRaceTest, SameRoomDifferentPractitionersAndPatients) {
  const std::string room = CreateRoom();
  std::vector<Cast> casts;
  for (int i = 0; i < kClients; ++i) {
    casts.push_back({CreatePatient(), CreatePractitioner(), room});
    RecordConsent(casts.back().patient);
  }
  const absl::Time start = At(Monday(6), 11);
  ExpectOneWinner(Race(casts, start), "the room is already booked");
  v1::ListSessionsRequest request;
  request.set_room(room);
  EXPECT_EQ(static_cast<int>(Listed(request).size()), 1);
}

TEST_F(BookingRaceTest, SamePatientDifferentPractitionersAndRooms) {
  const std::string patient = CreatePatient();
  RecordConsent(patient);
  std::vector<Cast> casts;
  for (int i = 0; i < kClients; ++i) {
    casts.push_back({patient, CreatePractitioner(), CreateRoom()});
  }
  const absl::Time start = At(Monday(6), 12);
  ExpectOneWinner(Race(casts, start), "the patient is already booked");
  EXPECT_EQ(static_cast<int>(PatientSessions(patient).size()), 1);
}

TEST_F(BookingRaceTest, OverlappingButNotIdenticalSlotsAlsoConflict) {
  // Starts a quarter hour apart: each 20-minute session overlaps the next,
  // so again not every one may win.
  const std::string practitioner = CreatePractitioner();
  std::vector<Cast> casts;
  for (int i = 0; i < 3; ++i) {
    casts.push_back({CreatePatient(), practitioner, CreateRoom()});
    RecordConsent(casts.back().patient, kHairLoss);
  }
  // 20-minute sessions on the 15-minute grid (starts off it are refused).
  const absl::Time base = At(Monday(6), 15);
  std::vector<std::thread> clients;
  std::vector<grpc::Status> statuses(casts.size());
  std::latch go(static_cast<std::ptrdiff_t>(casts.size()));
  for (std::size_t i = 0; i < casts.size(); ++i) {
    clients.emplace_back([&, i] {
      go.arrive_and_wait();
      statuses[i] = Book(casts[i],
                         base + absl::Minutes(15 * static_cast<int>(i)),
                         nullptr, staff::Role::kFrontDesk, "", kHairLoss);
    });
  }
  for (std::thread& client : clients) client.join();
  int winners = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) {
      ++winners;
    } else {
      EXPECT_THAT(status, FailsWith(StatusCode::FAILED_PRECONDITION,
                                    "the practitioner is already booked"));
    }
  }
  // 15:00 and 15:30 do not overlap each other, but each overlaps 15:15;
  // either 15:15 wins alone, or 15:00 and 15:30 both win.
  EXPECT_TRUE(winners == 1 || winners == 2) << winners;
  if (winners == 2) {
    EXPECT_FALSE(statuses[1].ok());
  }
}

}  // namespace
}  // namespace mesoclinic::testing

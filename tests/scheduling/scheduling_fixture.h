#ifndef MESOCLINIC_TESTS_SCHEDULING_SCHEDULING_FIXTURE_H_
#define MESOCLINIC_TESTS_SCHEDULING_SCHEDULING_FIXTURE_H_

// A real clinicd (Europe/Paris, default opening hours Mon-Fri 09:00-18:00,
// 15-minute slots, the real plugins) shared by the tests of a suite, and
// helpers that create what a booking needs through real channels. Every test
// makes its own practitioner, room and patient, so tests sharing a server
// never meet in the calendar.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "clinic/v1/clinic.grpc.pb.h"
#include "clinic/v1/consent.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/staff/staff_member.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {

// A failed call with `code` whose message contains `text`.
MATCHER_P2(FailsWith, code, text,
           absl::StrCat("fails with code ", static_cast<int>(code),
                        " and a message containing \"", text, "\"")) {
  *result_listener << "code " << arg.error_code() << ": "
                   << arg.error_message();
  return arg.error_code() == code &&
         arg.error_message().find(text) != std::string::npos;
}

inline constexpr char kCellulite[] = "treatmentTypes/cellulite";
inline constexpr char kHairLoss[] = "treatmentTypes/hair_loss";

// Who and where a booking is for.
struct Cast {
  std::string patient;
  std::string practitioner;
  std::string room;
};

class SchedulingTest : public ::testing::Test {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  // Starts the suite's server as SetUpTestSuite does, `adjust` then changing
  // its options: for a suite that needs more of the server (a listener).
  static void StartServer(const std::function<void(ServerOptions&)>& adjust);

 protected:
  // The clinic's zone: Europe/Paris, or the one OpenRoundTheClockForTheSuite
  // chose.
  static absl::TimeZone ClinicZone();
  // Local `day` at hh:mm in the clinic's zone.
  static absl::Time At(absl::CivilDay day, int hour, int minute = 0);
  // The first Monday after today (the clinic's), plus `weeks` weeks: always a
  // future weekday, whatever day the tests run.
  static absl::CivilDay Monday(int weeks = 0);
  static absl::CivilDay Today();
  static std::string LocalText(const google::protobuf::Timestamp& time);
  static absl::Time FromProto(const google::protobuf::Timestamp& time);

  static TestServer& server() { return *server_; }
  static std::string StaffName(staff::Role role);
  static std::string NextRequestId();

  static std::unique_ptr<clinic::v1::SchedulingService::Stub> Scheduling(
      staff::Role role = staff::Role::kFrontDesk);
  static std::unique_ptr<clinic::v1::ClinicService::Stub> Clinic(
      staff::Role role = staff::Role::kAdmin);

  // Each returns the new resource's name and fails the test on error.
  static std::string CreateRoom(const std::string& display_name = "Salle");
  static std::string CreatePractitioner();
  // A patient (no medication, no allergy, BMI 22), every fact group
  // confirmed (screened), then `adjust`ed.
  static std::string CreatePatient(
      const std::function<void(clinic::v1::Patient&)>& adjust = nullptr);
  // Records an active, current consent of `patient` to `type`; returns the
  // consent's name.
  // Signed 10 minutes ago unless `sign_time` is given.
  static std::string RecordConsent(
      const std::string& patient, const std::string& type = kCellulite,
      absl::Time sign_time = absl::InfinitePast());
  // A new practitioner, room and patient with a consent to cellulite.
  static Cast NewCast();
  // `cast`'s practitioner and room with a new consented patient: for a test
  // that books several sessions close together, which one patient may not
  // have (the protocol's smallest interval between sessions).
  static Cast WithNewPatient(const Cast& cast);

  static grpc::Status Book(const Cast& cast, absl::Time start,
                           clinic::v1::Session* session = nullptr,
                           staff::Role role = staff::Role::kFrontDesk,
                           const std::string& course = "",
                           const std::string& type = kCellulite,
                           const std::string& request_id = "");
  // Books and fails the test unless it succeeded.
  static clinic::v1::Session BookOk(const Cast& cast, absl::Time start);

  static grpc::Status BookCourse(const Cast& cast, absl::Time first,
                                 int session_count, clinic::v1::Course* course,
                                 int interval_days = 7,
                                 staff::Role role = staff::Role::kFrontDesk);
  static clinic::v1::Course GetCourse(
      const std::string& name, staff::Role role = staff::Role::kFrontDesk);
  static clinic::v1::Session GetSession(
      const std::string& name, staff::Role role = staff::Role::kFrontDesk);
  static grpc::Status Cancel(const std::string& session,
                             const std::string& reason = "patient asked",
                             clinic::v1::Session* out = nullptr,
                             staff::Role role = staff::Role::kFrontDesk);
  static grpc::Status CreateClosure(const std::string& resource,
                                    absl::Time start, absl::Time end,
                                    const std::string& reason,
                                    std::string* name = nullptr,
                                    staff::Role role = staff::Role::kAdmin);
  // Opens the clinic at every hour of every day (OpenRoundTheClock) and
  // moves it to a fixed-offset zone where it is late morning now, for a
  // suite that books, checks in and treats sessions today whatever the hour
  // it runs: no such suite meets the clinic's midnight.
  static void OpenRoundTheClockForTheSuite();
  // The names of the patient's sessions, cancelled ones included.
  static std::vector<clinic::v1::Session> PatientSessions(
      const std::string& patient);

 private:
  static TestServer* server_;
  static std::atomic<int> counter_;
  static absl::TimeZone zone_;
};

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_SCHEDULING_SCHEDULING_FIXTURE_H_

// Idempotency records are kept for --idempotency_retention, then purged:
// at start-up and in the background, in batches through the writer.

#include <string>

#include <SQLiteCpp/SQLiteCpp.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;

constexpr absl::Duration kRetention = absl::Hours(24 * 7);

class IdempotencyRetentionTest : public ::testing::Test {
 protected:
  IdempotencyRetentionTest()
      : server_([](ServerOptions& options) {
          options.idempotency_retention = kRetention;
        }) {}

  // CreatePatient with `request_id`; the new patient's name.
  std::string Create(const std::string& request_id) {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient();
    request.set_request_id(request_id);
    v1::CreatePatientResponse response;
    const grpc::Status status =
        v1::PatientService::NewStub(server_.channel())
            ->CreatePatient(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient().name();
  }

  // Runs `sql` on the database, beside the server (WAL lets both write).
  void Execute(const std::string& sql) {
    SQLite::Database db(server_.database_path(), SQLite::OPEN_READWRITE,
                        /*busy_timeout_ms=*/5000);
    db.exec(sql);
  }

  bool HasRecord(const std::string& request_id) {
    SQLite::Database db(server_.database_path(), SQLite::OPEN_READONLY,
                        /*busy_timeout_ms=*/5000);
    SQLite::Statement query(
        db, "SELECT COUNT(*) FROM idempotency_records WHERE request_id = ?");
    query.bind(1, request_id);
    query.executeStep();
    return query.getColumn(0).getInt() > 0;
  }

  // A record of another caller, created `age` ago.
  void InsertRecord(const std::string& request_id, absl::Duration age) {
    Execute(absl::StrCat(
        "INSERT INTO idempotency_records (caller, method, request_id, "
        "request_hash, response, create_time) VALUES ('someone', "
        "'/clinic.v1.PatientService/CreatePatient', '",
        request_id, "', x'00', x'00', ",
        absl::ToUnixMicros(absl::Now() - age), ")"));
  }

  // Restarts the server and waits for its start-up purge.
  void RestartAndPurge() {
    server_.Restart();
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (server_.server().idempotency_purger().passes() == 0) {
      ASSERT_LT(absl::Now(), give_up) << "no purge at start-up";
      absl::SleepFor(absl::Milliseconds(10));
    }
  }

  TestServer server_;
};

TEST_F(IdempotencyRetentionTest, PurgesRecordsOlderThanTheRetentionAtStart) {
  InsertRecord("eight-days-old", kRetention + absl::Hours(24));
  InsertRecord("just-expired", kRetention + absl::Minutes(1));
  InsertRecord("six-days-old", kRetention - absl::Hours(24));
  const std::string first = Create("create-1");

  RestartAndPurge();
  EXPECT_FALSE(HasRecord("eight-days-old"));
  EXPECT_FALSE(HasRecord("just-expired"));
  EXPECT_TRUE(HasRecord("six-days-old"));
  EXPECT_TRUE(HasRecord("create-1"));
  EXPECT_GE(server_.server().idempotency_purger().purged(), 2);

  // Inside the window, a retry gets the first answer.
  EXPECT_EQ(Create("create-1"), first);
}

TEST_F(IdempotencyRetentionTest, ARetryAfterTheRetentionIsANewRequest) {
  const std::string first = Create("create-2");
  EXPECT_EQ(Create("create-2"), first);
  // As if the first answer were eight days old.
  Execute(absl::StrCat(
      "UPDATE idempotency_records SET create_time = ",
      absl::ToUnixMicros(absl::Now() - kRetention - absl::Hours(24)),
      " WHERE request_id = 'create-2'"));

  RestartAndPurge();
  EXPECT_FALSE(HasRecord("create-2"));
  const std::string second = Create("create-2");
  EXPECT_FALSE(second.empty());
  EXPECT_NE(second, first);
}

TEST(IdempotencyPurgerTest, PurgesInTheBackgroundToo) {
  TestServer server([](ServerOptions& options) {
    // Purges every 100 ms.
    options.idempotency_retention = absl::Milliseconds(400);
  });
  v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient();
  request.set_request_id("short-lived");
  v1::CreatePatientResponse response;
  auto patients = v1::PatientService::NewStub(server.channel());
  ASSERT_TRUE(
      patients->CreatePatient(ContextWithDeadline().get(), request, &response)
          .ok());
  // Past the retention, two passes later (the first may have started
  // before), the record is gone.
  absl::SleepFor(absl::Milliseconds(500));
  const storage::IdempotencyPurger& purger =
      server.server().idempotency_purger();
  const int passes = purger.passes();
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (purger.passes() < passes + 2) {
    ASSERT_LT(absl::Now(), give_up) << "the purger stopped";
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_GT(purger.purged(), 0);
  v1::CreatePatientResponse again;
  ASSERT_TRUE(
      patients->CreatePatient(ContextWithDeadline().get(), request, &again)
          .ok());
  EXPECT_NE(again.patient().name(), response.patient().name());
}

}  // namespace
}  // namespace mesoclinic::testing

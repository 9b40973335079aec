// clinic.v1.PatientService through a real gRPC channel to a real server.

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class PatientServiceTest : public ::testing::Test {
 protected:
  PatientServiceTest() : stub_(v1::PatientService::NewStub(server_.channel())) {}

  v1::Patient Create(const v1::Patient& patient,
                     const std::string& request_id = "") {
    v1::CreatePatientRequest request;
    *request.mutable_patient() = patient;
    request.set_request_id(request_id.empty()
                               ? absl::StrCat("create-", ++request_counter_)
                               : request_id);
    v1::CreatePatientResponse response;
    const grpc::Status status =
        stub_->CreatePatient(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient();
  }

  grpc::Status Get(const std::string& name, v1::Patient* patient) {
    v1::GetPatientRequest request;
    request.set_name(name);
    v1::GetPatientResponse response;
    grpc::Status status =
        stub_->GetPatient(ContextWithDeadline().get(), request, &response);
    *patient = response.patient();
    return status;
  }

  grpc::Status Update(v1::UpdatePatientRequest request, v1::Patient* patient) {
    if (request.request_id().empty()) {
      request.set_request_id(absl::StrCat("update-", ++request_counter_));
    }
    v1::UpdatePatientResponse response;
    grpc::Status status =
        stub_->UpdatePatient(ContextWithDeadline().get(), request, &response);
    *patient = response.patient();
    return status;
  }

  grpc::Status Archive(const std::string& name, v1::Patient* patient) {
    v1::ArchivePatientRequest request;
    request.set_name(name);
    request.set_request_id(absl::StrCat("archive-", ++request_counter_));
    v1::ArchivePatientResponse response;
    grpc::Status status =
        stub_->ArchivePatient(ContextWithDeadline().get(), request, &response);
    *patient = response.patient();
    return status;
  }

  v1::ListPatientsResponse List(const v1::ListPatientsRequest& request) {
    v1::ListPatientsResponse response;
    const grpc::Status status =
        stub_->ListPatients(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  TestServer server_;
  std::unique_ptr<v1::PatientService::Stub> stub_;
  int request_counter_ = 0;
};

TEST_F(PatientServiceTest, CreateReturnsEveryFieldWithServerFieldsSet) {
  const v1::Patient sent = CompletePatient();
  const v1::Patient created = Create(sent);
  EXPECT_THAT(created.name(), ::testing::StartsWith("patients/"));
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);
  EXPECT_EQ(created.create_time().seconds(), created.update_time().seconds());
  EXPECT_FALSE(created.archived());
  EXPECT_NEAR(created.clinical_facts().bmi(), 60 / (1.65 * 1.65), 1e-9);

  // Apart from the server's fields, what was sent is what is stored.
  v1::Patient expected = sent;
  expected.set_name(created.name());
  expected.set_etag(created.etag());
  *expected.mutable_create_time() = created.create_time();
  *expected.mutable_update_time() = created.update_time();
  expected.mutable_clinical_facts()->set_bmi(created.clinical_facts().bmi());
  // Every group holds a value: each is confirmed by the caller, now.
  EXPECT_THAT(created.clinical_facts().confirmations(), SizeIs(5));
  *expected.mutable_clinical_facts()->mutable_confirmations() =
      created.clinical_facts().confirmations();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(expected,
                                                                 created))
      << created.DebugString();
}

TEST_F(PatientServiceTest, GetReturnsWhatCreateStored) {
  const v1::Patient created = Create(CompletePatient());
  v1::Patient fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(created, fetched));
}

TEST_F(PatientServiceTest, GetUnknownPatientIsNotFound) {
  v1::Patient fetched;
  const grpc::Status status = Get("patients/doesnotexist0000", &fetched);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("patients/doesnotexist0000"));
}

TEST_F(PatientServiceTest, GetMalformedNameIsInvalidArgument) {
  v1::Patient fetched;
  for (const std::string name : {"", "staff/abc", "patients/", "patients/A B",
                                 "patients/x'; DROP TABLE patients;--"}) {
    SCOPED_TRACE(name);
    const grpc::Status status = Get(name, &fetched);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("name"));
  }
}

TEST_F(PatientServiceTest, RetryWithSameRequestIdReturnsFirstPatient) {
  const v1::Patient first = Create(CompletePatient(), "retry-me");
  const v1::Patient second = Create(CompletePatient(), "retry-me");
  EXPECT_EQ(first.name(), second.name());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(first, second));
  EXPECT_THAT(List({}).patients(), SizeIs(1));
}

TEST_F(PatientServiceTest, SameRequestIdForDifferentRequestIsAlreadyExists) {
  Create(CompletePatient("Amélie"), "reused-id");
  v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient("Bernard");
  request.set_request_id("reused-id");
  v1::CreatePatientResponse response;
  const grpc::Status status =
      stub_->CreatePatient(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
  EXPECT_THAT(List({}).patients(), SizeIs(1));
}

TEST_F(PatientServiceTest, MissingRequestIdIsInvalidArgument) {
  v1::CreatePatientRequest request;
  *request.mutable_patient() = CompletePatient();
  v1::CreatePatientResponse response;
  const grpc::Status status =
      stub_->CreatePatient(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
  EXPECT_THAT(List({}).patients(), SizeIs(0));
}

TEST_F(PatientServiceTest, UpdateChangesOnlyMaskedFields) {
  const v1::Patient created = Create(CompletePatient());
  v1::UpdatePatientRequest request;
  request.mutable_patient()->set_name(created.name());
  request.mutable_patient()->mutable_contact()->set_phone("+33 7 00 00 00 01");
  request.mutable_patient()->set_given_name("Ignored");  // Not in the mask.
  request.mutable_update_mask()->add_paths("contact.phone");
  request.set_etag(created.etag());
  v1::Patient updated;
  ASSERT_TRUE(Update(request, &updated).ok());
  EXPECT_EQ(updated.contact().phone(), "+33 7 00 00 00 01");
  EXPECT_EQ(updated.contact().email(), created.contact().email());
  EXPECT_EQ(updated.given_name(), created.given_name());
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(updated.create_time().seconds(), created.create_time().seconds());

  v1::Patient fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(updated, fetched));
}

TEST_F(PatientServiceTest, UpdateReplacesWholeListsAndMessages) {
  const v1::Patient created = Create(CompletePatient());
  v1::UpdatePatientRequest request;
  request.mutable_patient()->set_name(created.name());
  v1::Medication& only = *request.mutable_patient()
                              ->mutable_clinical_facts()
                              ->add_medications();
  only.set_name("metformin");
  only.set_ongoing(true);
  request.mutable_update_mask()->add_paths("clinical_facts.medications");
  request.mutable_update_mask()->add_paths("emergency_contact");
  v1::Patient updated;
  ASSERT_TRUE(Update(request, &updated).ok());
  ASSERT_THAT(updated.clinical_facts().medications(), SizeIs(1));
  EXPECT_EQ(updated.clinical_facts().medications(0).name(), "metformin");
  EXPECT_THAT(updated.clinical_facts().allergies(), SizeIs(1));
  EXPECT_FALSE(updated.has_emergency_contact());
}

TEST_F(PatientServiceTest, UpdateWithoutMaskChangesTheFieldsSent) {
  const v1::Patient created = Create(CompletePatient());
  v1::UpdatePatientRequest request;
  request.mutable_patient()->set_name(created.name());
  request.mutable_patient()->set_notes("Reviewed.");
  v1::Patient updated;
  ASSERT_TRUE(Update(request, &updated).ok());
  EXPECT_EQ(updated.notes(), "Reviewed.");
  EXPECT_EQ(updated.given_name(), created.given_name());
  EXPECT_EQ(updated.clinical_facts().medications_size(), 2);
}

TEST_F(PatientServiceTest, StaleEtagIsAbortedAndChangesNothing) {
  const v1::Patient created = Create(CompletePatient());
  v1::UpdatePatientRequest first;
  first.mutable_patient()->set_name(created.name());
  first.mutable_patient()->set_notes("First edit.");
  first.mutable_update_mask()->add_paths("notes");
  first.set_etag(created.etag());
  v1::Patient after_first;
  ASSERT_TRUE(Update(first, &after_first).ok());

  v1::UpdatePatientRequest second = first;
  second.mutable_patient()->set_notes("Second edit, from a stale read.");
  second.clear_request_id();
  v1::Patient after_second;
  const grpc::Status status = Update(second, &after_second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("etag"));
  // The reason a client switches on: read again, then retry.
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  std::vector<std::string> reasons;
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) reasons.push_back(info.reason());
  }
  EXPECT_THAT(reasons, ::testing::ElementsAre("ETAG_MISMATCH"));
  // Opaque, and nothing a JSON client must escape.
  EXPECT_THAT(created.etag(), ::testing::MatchesRegex("[A-Za-z0-9_-]+"));

  v1::Patient fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.notes(), "First edit.");
  EXPECT_EQ(fetched.etag(), after_first.etag());
}

TEST_F(PatientServiceTest, UpdateMaskRejectsUnknownAndOutputOnlyPaths) {
  const v1::Patient created = Create(CompletePatient());
  for (const std::string path : {"no_such_field", "etag", "create_time",
                                 "archived", "name", "contact.fax"}) {
    SCOPED_TRACE(path);
    v1::UpdatePatientRequest request;
    request.mutable_patient()->set_name(created.name());
    request.mutable_update_mask()->add_paths(path);
    v1::Patient updated;
    const grpc::Status status = Update(request, &updated);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("update_mask"));
  }
  v1::Patient fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.etag(), created.etag());
}

TEST_F(PatientServiceTest, InvalidUpdateChangesNothing) {
  const v1::Patient created = Create(CompletePatient());
  v1::UpdatePatientRequest request;
  request.mutable_patient()->set_name(created.name());
  request.mutable_patient()->set_given_name("");
  request.mutable_patient()->mutable_contact()->set_phone("+33 7 00 00 00 01");
  request.mutable_update_mask()->add_paths("given_name");
  request.mutable_update_mask()->add_paths("contact.phone");
  v1::Patient updated;
  const grpc::Status status = Update(request, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("patient.given_name"));
  v1::Patient fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(created, fetched));
}

TEST_F(PatientServiceTest, ArchiveHidesFromDefaultListingAndBlocksUpdates) {
  const v1::Patient kept = Create(CompletePatient("Claire", "Martin"));
  const v1::Patient archived_patient = Create(CompletePatient("Denis", "Petit"));
  v1::Patient archived;
  ASSERT_TRUE(Archive(archived_patient.name(), &archived).ok());
  EXPECT_TRUE(archived.archived());
  EXPECT_TRUE(archived.has_archive_time());

  v1::ListPatientsRequest request;
  ASSERT_THAT(List(request).patients(), SizeIs(1));
  EXPECT_EQ(List(request).patients(0).name(), kept.name());
  request.set_include_archived(true);
  EXPECT_THAT(List(request).patients(), SizeIs(2));

  // Still readable, never deleted; but no longer changeable.
  v1::Patient fetched;
  ASSERT_TRUE(Get(archived_patient.name(), &fetched).ok());
  EXPECT_TRUE(fetched.archived());
  v1::UpdatePatientRequest update;
  update.mutable_patient()->set_name(archived_patient.name());
  update.mutable_patient()->set_notes("x");
  v1::Patient updated;
  EXPECT_EQ(Update(update, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Archive(archived_patient.name(), &archived).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(PatientServiceTest, ListPaginatesInNameOrderWithoutGapsOrRepeats) {
  std::set<std::string> created;
  for (int i = 0; i < 23; ++i) {
    created.insert(Create(CompletePatient(absl::StrCat("Given", i % 5),
                                          absl::StrCat("Family", i % 7)))
                       .name());
  }
  v1::ListPatientsRequest request;
  request.set_page_size(5);
  std::vector<v1::Patient> seen;
  int pages = 0;
  do {
    const v1::ListPatientsResponse page = List(request);
    ++pages;
    EXPECT_LE(page.patients_size(), 5);
    for (const v1::Patient& patient : page.patients()) seen.push_back(patient);
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 5);
  std::set<std::string> names;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    names.insert(seen[i].name());
    if (i > 0) {
      const auto key = [](const v1::Patient& p) {
        return std::make_tuple(p.family_name(), p.given_name(), p.name());
      };
      EXPECT_LT(key(seen[i - 1]), key(seen[i]));
    }
  }
  EXPECT_EQ(names, created);
  EXPECT_EQ(seen.size(), created.size());
}

TEST_F(PatientServiceTest, ListFiltersByNamePrefixAndDateOfBirth) {
  Create(CompletePatient("Amélie", "Durand"));
  Create(CompletePatient("Bernard", "Dupont"));
  v1::Patient other = CompletePatient("Durandal", "Roux");
  other.mutable_date_of_birth()->set_year(1990);
  Create(other);

  v1::ListPatientsRequest request;
  request.set_name_prefix("dura");
  EXPECT_THAT(List(request).patients(), SizeIs(2));  // Durand, Durandal.
  request.set_name_prefix("DU");
  EXPECT_THAT(List(request).patients(), SizeIs(3));
  request.mutable_date_of_birth()->set_year(1990);
  request.mutable_date_of_birth()->set_month(4);
  request.mutable_date_of_birth()->set_day(12);
  ASSERT_THAT(List(request).patients(), SizeIs(1));
  EXPECT_EQ(List(request).patients(0).family_name(), "Roux");
}

TEST_F(PatientServiceTest, PageTokenFromOtherFiltersIsRefused) {
  for (int i = 0; i < 3; ++i) Create(CompletePatient());
  v1::ListPatientsRequest request;
  request.set_page_size(1);
  const std::string token = List(request).next_page_token();
  ASSERT_FALSE(token.empty());
  request.set_page_token(token);
  request.set_name_prefix("amé");
  v1::ListPatientsResponse response;
  const grpc::Status status =
      stub_->ListPatients(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_token"));
  request.set_page_token("not a token");
  EXPECT_EQ(stub_->ListPatients(ContextWithDeadline().get(), request, &response)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PatientServiceTest, PageSizeIsClampedAndNegativeRefused) {
  for (int i = 0; i < 3; ++i) Create(CompletePatient());
  v1::ListPatientsRequest request;
  request.set_page_size(100000);
  EXPECT_THAT(List(request).patients(), SizeIs(3));
  request.set_page_size(-1);
  v1::ListPatientsResponse response;
  const grpc::Status status =
      stub_->ListPatients(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("page_size"));
}

TEST_F(PatientServiceTest, AcknowledgedPatientsSurviveARestart) {
  const v1::Patient created = Create(CompletePatient());
  server_.Restart();
  v1::Patient fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(created, fetched));
}

}  // namespace
}  // namespace mesoclinic::testing

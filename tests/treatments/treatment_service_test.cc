// clinic.v1.TreatmentService through a real channel, with the real plugins.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/api/proto_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/page_walk.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> ReasonCodes(const clinic::plugin::v1::EligibilityResult& r) {
  std::vector<std::string> codes;
  for (const auto& reason : r.reasons()) codes.push_back(reason.code());
  return codes;
}

class TreatmentServiceTest : public ::testing::Test {
 protected:
  TreatmentServiceTest()
      : server_([](ServerOptions& options) {
          options.initial_time_zone = "Europe/Paris";
        }),
        treatments_(v1::TreatmentService::NewStub(server_.channel())) {}

  // A patient with no medication and a BMI of 22, then `adjust`ed.
  std::string CreatePatient(
      const std::function<void(v1::Patient&)>& adjust = nullptr) {
    v1::Patient patient = CompletePatient();
    patient.mutable_clinical_facts()->clear_medications();
    patient.mutable_clinical_facts()->clear_allergies();
    if (adjust) adjust(patient);
    auto patients = v1::PatientService::NewStub(server_.channel());
    v1::CreatePatientRequest request;
    *request.mutable_patient() = patient;
    request.set_request_id(absl::StrCat("patient-", ++patients_created_));
    v1::CreatePatientResponse response;
    const grpc::Status status =
        patients->CreatePatient(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient().name();
  }

  grpc::Status CheckEligibility(const std::string& patient,
                                const std::string& type, int days_ahead,
                                v1::CheckEligibilityResponse* response) {
    v1::CheckEligibilityRequest request;
    request.set_patient(patient);
    request.set_treatment_type(type);
    if (days_ahead > 0) {
      *request.mutable_session_date() = DateToProto(
          absl::ToCivilDay(absl::Now(), Paris()) + days_ahead);
    }
    return treatments_->CheckEligibility(ContextWithDeadline().get(), request,
                                         response);
  }

  // Cellulite's protocol, as GetTreatmentProtocol answers it.
  void GetCelluliteProtocol(v1::GetTreatmentProtocolResponse& response) {
    v1::GetTreatmentProtocolRequest request;
    request.set_name("treatmentTypes/cellulite");
    ASSERT_TRUE(treatments_
                    ->GetTreatmentProtocol(ContextWithDeadline().get(),
                                           request, &response)
                    .ok());
  }

  static absl::TimeZone Paris() {
    absl::TimeZone zone;
    absl::LoadTimeZone("Europe/Paris", &zone);
    return zone;
  }

  TestServer server_;
  std::unique_ptr<v1::TreatmentService::Stub> treatments_;
  int patients_created_ = 0;
};

TEST_F(TreatmentServiceTest, ListsEveryLoadedPluginForEveryRole) {
  for (const staff::Role role : {staff::Role::kFrontDesk,
                                 staff::Role::kPractitioner,
                                 staff::Role::kAdmin}) {
    auto stub = v1::TreatmentService::NewStub(server_.channel(role));
    v1::ListTreatmentTypesResponse response;
    ASSERT_TRUE(
        stub->ListTreatmentTypes(ContextWithDeadline().get(), {}, &response).ok());
    std::vector<std::string> names;
    for (const auto& type : response.treatment_types()) {
      names.push_back(type.name());
      EXPECT_FALSE(type.display_name().empty());
      EXPECT_GT(type.session_length().seconds(), 0);
      EXPECT_GT(type.consent_version(), 0);
    }
    EXPECT_THAT(names, ElementsAre("treatmentTypes/cellulite",
                                   "treatmentTypes/hair_loss",
                                   "treatmentTypes/joint_pain"));
  }
}

TEST_F(TreatmentServiceTest, TreatmentTypePagesHoldEveryTypeOnceById) {
  const PageFetcher<v1::ListTreatmentTypesRequest> fetch = CallFetcher<
      v1::ListTreatmentTypesRequest, v1::ListTreatmentTypesResponse>(
      [&](grpc::ClientContext* context, const auto& page, auto* out) {
        return treatments_->ListTreatmentTypes(context, page, out);
      });
  const std::vector<std::string> all =
      WalkPages<v1::ListTreatmentTypesRequest>({}, 1000, fetch);
  EXPECT_THAT(all, ElementsAre("treatmentTypes/cellulite",
                               "treatmentTypes/hair_loss",
                               "treatmentTypes/joint_pain"));
  ExpectSmallPagesGive<v1::ListTreatmentTypesRequest>({}, fetch, all);
  // Another listing's token.
  auto patients = v1::PatientService::NewStub(server_.channel());
  v1::ListPatientsRequest other;
  other.set_page_token(
      SecondPageToken<v1::ListTreatmentTypesRequest>({}, fetch));
  v1::ListPatientsResponse listed;
  EXPECT_TRUE(RefusesPageToken(
      patients->ListPatients(ContextWithDeadline().get(), other, &listed)));
}

TEST_F(TreatmentServiceTest, GetTreatmentProtocolReturnsThePluginsProtocol) {
  v1::GetTreatmentProtocolResponse response;
  ASSERT_NO_FATAL_FAILURE(GetCelluliteProtocol(response));
  EXPECT_EQ(response.protocol().id(), "cellulite");
  EXPECT_EQ(response.treatment_type().name(), "treatmentTypes/cellulite");
  EXPECT_FALSE(response.protocol().consent().full_text().empty());
  EXPECT_GT(response.protocol().allowed_products_size(), 0);
}

// Issue 17: what a client shows before treating comes with the protocol.
TEST_F(TreatmentServiceTest, TheProtocolServesItsDayOfChecklistAndNeededFacts) {
  v1::GetTreatmentProtocolResponse response;
  ASSERT_NO_FATAL_FAILURE(GetCelluliteProtocol(response));
  std::vector<std::string> questions;
  for (const auto& question : response.protocol().day_of_checklist()) {
    questions.push_back(question.code());
    EXPECT_FALSE(question.text().empty());
  }
  EXPECT_THAT(questions, ::testing::Contains("pregnancy_possible"));
  EXPECT_GT(response.protocol().eligibility_criteria().required_facts_size(),
            0);
}

TEST_F(TreatmentServiceTest, UnknownOrMalformedTreatmentTypeIsRefused) {
  v1::GetTreatmentProtocolRequest request;
  v1::GetTreatmentProtocolResponse response;
  request.set_name("treatmentTypes/liposuction");
  grpc::Status status = treatments_->GetTreatmentProtocol(
      ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("treatmentTypes/liposuction"));
  request.set_name("cellulite");
  status = treatments_->GetTreatmentProtocol(ContextWithDeadline().get(),
                                             request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("name"));
}

TEST_F(TreatmentServiceTest, HealthyPatientIsEligible) {
  const std::string patient = CreatePatient();
  v1::CheckEligibilityResponse response;
  ASSERT_TRUE(CheckEligibility(patient, "treatmentTypes/cellulite", 0, &response)
                  .ok());
  EXPECT_TRUE(response.result().eligible())
      << response.result().DebugString();
}

TEST_F(TreatmentServiceTest, RecentNsaidBlocksUntilSevenDaysHavePassed) {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Paris());
  const std::string patient = CreatePatient([&](v1::Patient& p) {
    v1::Medication& ibuprofen = *p.mutable_clinical_facts()->add_medications();
    ibuprofen.set_name("ibuprofen");
    ibuprofen.set_is_nsaid(true);
    *ibuprofen.mutable_last_taken() = DateToProto(today - 1);
  });
  v1::CheckEligibilityResponse today_response;
  ASSERT_TRUE(CheckEligibility(patient, "treatmentTypes/cellulite", 0,
                               &today_response)
                  .ok());
  EXPECT_FALSE(today_response.result().eligible());
  EXPECT_THAT(ReasonCodes(today_response.result()), Contains("recent_nsaid"));

  // A session a week later is eight NSAID-free days after the last dose.
  v1::CheckEligibilityResponse later;
  ASSERT_TRUE(
      CheckEligibility(patient, "treatmentTypes/cellulite", 7, &later).ok());
  EXPECT_TRUE(later.result().eligible()) << later.result().DebugString();
}

TEST_F(TreatmentServiceTest, BmiOverTheCelluliteCeilingIsIneligible) {
  const std::string patient = CreatePatient([](v1::Patient& p) {
    p.mutable_clinical_facts()->set_height_cm(165);
    p.mutable_clinical_facts()->set_weight_kg(100);  // BMI 36.7.
  });
  v1::CheckEligibilityResponse response;
  ASSERT_TRUE(
      CheckEligibility(patient, "treatmentTypes/cellulite", 0, &response).ok());
  EXPECT_FALSE(response.result().eligible());
  EXPECT_THAT(ReasonCodes(response.result()), Contains("bmi_over_ceiling"));
}

TEST_F(TreatmentServiceTest, PregnancyIsIneligible) {
  const std::string patient = CreatePatient([](v1::Patient& p) {
    p.mutable_clinical_facts()->set_pregnancy_status(
        v1::PREGNANCY_STATUS_PREGNANT);
  });
  v1::CheckEligibilityResponse response;
  ASSERT_TRUE(
      CheckEligibility(patient, "treatmentTypes/hair_loss", 0, &response).ok());
  EXPECT_FALSE(response.result().eligible());
  EXPECT_THAT(ReasonCodes(response.result()), Contains("pregnancy"));
}

TEST_F(TreatmentServiceTest, EligibilityIsForPractitionersOnly) {
  const std::string patient = CreatePatient();
  auto front_desk =
      v1::TreatmentService::NewStub(server_.channel(staff::Role::kFrontDesk));
  v1::CheckEligibilityRequest request;
  request.set_patient(patient);
  request.set_treatment_type("treatmentTypes/cellulite");
  v1::CheckEligibilityResponse response;
  EXPECT_EQ(front_desk->CheckEligibility(ContextWithDeadline().get(), request,
                                         &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(TreatmentServiceTest, EligibilityRefusesBadInput) {
  const std::string patient = CreatePatient();
  v1::CheckEligibilityResponse response;
  grpc::Status status = CheckEligibility("patients/nobody00000000000",
                                         "treatmentTypes/cellulite", 0,
                                         &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  v1::CheckEligibilityRequest request;
  request.set_patient(patient);
  request.set_treatment_type("treatmentTypes/cellulite");
  *request.mutable_session_date() =
      DateToProto(absl::ToCivilDay(absl::Now(), Paris()) - 2);
  status = treatments_->CheckEligibility(ContextWithDeadline().get(), request,
                                         &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("session_date"));

  request.clear_session_date();
  request.add_body_areas("scalp");  // Not a cellulite area.
  status = treatments_->CheckEligibility(ContextWithDeadline().get(), request,
                                         &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("scalp"));
}

// A weekly course across the spring-forward night (Europe/Paris, 28 March
// 2027) keeps its local wall-clock time.
TEST_F(TreatmentServiceTest, CoursePlanKeepsLocalTimeAcrossDaylightSaving) {
  const absl::Time first =
      absl::FromCivil(absl::CivilMinute(2027, 3, 1, 10, 30), Paris());
  v1::PlanCourseRequest request;
  request.set_treatment_type("treatmentTypes/cellulite");
  *request.mutable_first_session_time() = TimestampToProto(first);
  request.set_preferred_interval_days(7);
  v1::PlanCourseResponse response;
  const grpc::Status status =
      treatments_->PlanCourse(ContextWithDeadline().get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.time_zone(), "Europe/Paris");
  ASSERT_GE(response.sessions_size(), 6);
  ASSERT_LE(response.sessions_size(), 10);
  bool crossed_change = false;
  absl::CivilMinute previous;
  for (int i = 0; i < response.sessions_size(); ++i) {
    const v1::PlannedSession& session = response.sessions(i);
    const absl::Time start = absl::FromUnixSeconds(session.start_time().seconds());
    const absl::CivilMinute local = absl::ToCivilMinute(start, Paris());
    EXPECT_EQ(local.hour(), 10) << i;
    EXPECT_EQ(local.minute(), 30) << i;
    EXPECT_EQ(session.index(), i);
    if (i > 0) {
      const int gap = static_cast<int>(absl::CivilDay(local) -
                                       absl::CivilDay(previous));
      EXPECT_GE(gap, session.min_days_after_previous()) << i;
      EXPECT_LE(gap, session.max_days_after_previous()) << i;
      crossed_change |= absl::CivilDay(previous) < absl::CivilDay(2027, 3, 28) &&
                        absl::CivilDay(local) > absl::CivilDay(2027, 3, 28);
    }
    previous = local;
  }
  EXPECT_TRUE(crossed_change);
}

TEST_F(TreatmentServiceTest, CoursePlanRefusesWhatTheProtocolForbids) {
  v1::PlanCourseRequest request;
  request.set_treatment_type("treatmentTypes/cellulite");
  *request.mutable_first_session_time() =
      TimestampToProto(absl::Now() + absl::Hours(48));
  request.set_session_count(30);
  v1::PlanCourseResponse response;
  grpc::Status status =
      treatments_->PlanCourse(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("session_count"));

  request.set_session_count(0);
  *request.mutable_first_session_time() =
      TimestampToProto(absl::Now() - absl::Hours(48));
  status = treatments_->PlanCourse(ContextWithDeadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("first_session_time"));
}

}  // namespace
}  // namespace mesoclinic::testing

// The clinic's jurisdiction through a real server: a setting of the clinic,
// the consent text its patients see and sign, and the treatment types it
// forbids refused at planning, consent and booking.

#include <string>

#include "absl/time/clock.h"
#include "core/api/proto_time.h"
#include "core/base/sha256.h"
#include "tests/scheduling/scheduling_fixture.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using ::grpc::StatusCode;
using ::testing::HasSubstr;
using ::testing::Not;

class JurisdictionServiceTest : public SchedulingTest {
 protected:
  // Every test leaves the clinic as it found it: no jurisdiction.
  void TearDown() override { EXPECT_TRUE(SetJurisdiction("").ok()); }

  static grpc::Status SetJurisdiction(const std::string& jurisdiction,
                                      v1::ClinicSettings* out = nullptr) {
    v1::GetClinicSettingsResponse current;
    EXPECT_TRUE(
        Clinic()->GetClinicSettings(ContextWithDeadline().get(), {}, &current)
            .ok());
    v1::UpdateClinicSettingsRequest request;
    *request.mutable_settings() = current.settings();
    request.mutable_settings()->set_jurisdiction(jurisdiction);
    request.set_etag(current.settings().etag());
    request.set_request_id(NextRequestId());
    v1::UpdateClinicSettingsResponse response;
    const grpc::Status status = Clinic()->UpdateClinicSettings(
        ContextWithDeadline().get(), request, &response);
    if (out != nullptr) *out = response.settings();
    return status;
  }

  static v1::GetTreatmentProtocolResponse Protocol() {
    auto treatments = v1::TreatmentService::NewStub(server().channel());
    v1::GetTreatmentProtocolRequest request;
    request.set_name(kCellulite);
    v1::GetTreatmentProtocolResponse response;
    EXPECT_TRUE(treatments
                    ->GetTreatmentProtocol(ContextWithDeadline().get(),
                                           request, &response)
                    .ok());
    return response;
  }

  // A consent of `patient` to cellulite agreeing to the text hashed
  // `sha256`.
  static grpc::Status Consent(const std::string& patient,
                              const std::string& sha256,
                              v1::Consent* recorded = nullptr) {
    v1::RecordConsentRequest request;
    v1::Consent& consent = *request.mutable_consent();
    consent.set_patient(patient);
    consent.set_treatment_type(kCellulite);
    consent.set_document_version(
        Protocol().treatment_type().consent_version());
    consent.set_disclosure_sha256(sha256);
    *consent.mutable_sign_time() =
        TimestampToProto(absl::Now() - absl::Minutes(10));
    consent.set_signer(v1::CONSENT_SIGNER_PATIENT);
    consent.set_practitioner(StaffName(staff::Role::kPractitioner));
    consent.set_method(v1::CONSENT_METHOD_ELECTRONIC);
    request.set_request_id(NextRequestId());
    auto consents = v1::ConsentService::NewStub(server().channel());
    v1::RecordConsentResponse response;
    const grpc::Status status = consents->RecordConsent(
        ContextWithDeadline().get(), request, &response);
    if (recorded != nullptr) *recorded = response.consent();
    return status;
  }
};

TEST_F(JurisdictionServiceTest, TheClinicKeepsItsJurisdiction) {
  v1::ClinicSettings updated;
  ASSERT_TRUE(SetJurisdiction("FR", &updated).ok());
  EXPECT_EQ(updated.jurisdiction(), "FR");
  v1::GetClinicSettingsResponse read;
  ASSERT_TRUE(
      Clinic()->GetClinicSettings(ContextWithDeadline().get(), {}, &read).ok());
  EXPECT_EQ(read.settings().jurisdiction(), "FR");
}

TEST_F(JurisdictionServiceTest, AJurisdictionIsAnUpperCaseAlpha2Code) {
  for (const char* malformed : {"fr", "FRA", "F", "1A"}) {
    EXPECT_THAT(SetJurisdiction(malformed),
                FailsWith(StatusCode::INVALID_ARGUMENT,
                          "settings.jurisdiction: must be an ISO 3166-1 "
                          "alpha-2 country code"))
        << malformed;
  }
}

TEST_F(JurisdictionServiceTest, ThePatientSignsTheTextWrittenForTheJurisdiction) {
  const std::string default_text =
      Protocol().protocol().consent().full_text();
  ASSERT_TRUE(SetJurisdiction("FR").ok());
  const v1::GetTreatmentProtocolResponse french = Protocol();
  const std::string& text = french.protocol().consent().full_text();
  EXPECT_THAT(text, HasSubstr("French National Academy of Medicine"));
  EXPECT_THAT(text, Not(HasSubstr(
                        french.protocol().consent().off_label_statement())));
  EXPECT_EQ(french.treatment_type().consent_text_sha256(), Sha256Hex(text));

  const std::string patient = CreatePatient();
  // The default text is not what a patient of this clinic is shown.
  EXPECT_THAT(Consent(patient, Sha256Hex(default_text)),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "consent.disclosure_sha256"));
  v1::Consent recorded;
  const grpc::Status status = Consent(patient, Sha256Hex(text), &recorded);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(recorded.disclosure_text(), text);
}

TEST_F(JurisdictionServiceTest, AForbiddenTypeIsNeitherPlannedNorConsentedTo) {
  const std::string patient = CreatePatient();
  ASSERT_TRUE(SetJurisdiction("BR").ok());
  EXPECT_THAT(Consent(patient, Protocol().treatment_type().consent_text_sha256()),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "consent.treatment_type: treatmentTypes/cellulite may "
                        "not be offered in the clinic's jurisdiction BR"));
  auto treatments = v1::TreatmentService::NewStub(server().channel());
  v1::PlanCourseRequest plan;
  plan.set_treatment_type(kCellulite);
  *plan.mutable_first_session_time() = TimestampToProto(At(Monday(), 10));
  v1::PlanCourseResponse planned;
  EXPECT_THAT(treatments->PlanCourse(ContextWithDeadline().get(), plan,
                                     &planned),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "banned in Brazil in 2003"));
  // Hair loss too: every built-in protocol is mesotherapy.
  plan.set_treatment_type(kHairLoss);
  EXPECT_THAT(treatments->PlanCourse(ContextWithDeadline().get(), plan,
                                     &planned),
              FailsWith(StatusCode::FAILED_PRECONDITION,
                        "treatmentTypes/hair_loss may not be offered"));
}

TEST_F(JurisdictionServiceTest, MovingIntoAForbiddingJurisdictionNamesTheSessions) {
  const Cast cast = NewCast();
  const v1::Session session = BookOk(cast, At(Monday(), 10));
  EXPECT_THAT(SetJurisdiction("BR"),
              FailsWith(StatusCode::FAILED_PRECONDITION, session.name()));
  ASSERT_TRUE(Cancel(session.name()).ok());
  EXPECT_TRUE(SetJurisdiction("BR").ok());
}

}  // namespace
}  // namespace mesoclinic::testing

// clinic.v1.ConsentService through a real channel, with the real plugins.

#include <cctype>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clinic/v1/audit.grpc.pb.h"
#include "clinic/v1/consent.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/api/proto_time.h"
#include "core/base/sha256.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "tests/patients/patient_test_data.h"
#include "tests/support/test_server.h"

namespace mesoclinic::testing {
namespace {

namespace v1 = ::clinic::v1;
using google::protobuf::util::MessageDifferencer;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kCellulite[] = "treatmentTypes/cellulite";

class ConsentServiceTest : public ::testing::Test {
 protected:
  ConsentServiceTest()
      : consents_(v1::ConsentService::NewStub(server_.channel())) {
    auto treatments = v1::TreatmentService::NewStub(server_.channel());
    v1::ListTreatmentTypesResponse types;
    EXPECT_TRUE(
        treatments->ListTreatmentTypes(ContextWithDeadline().get(), {}, &types)
            .ok());
    for (const v1::TreatmentType& type : types.treatment_types()) {
      types_[type.name()] = type;
    }
    patient_ = CreatePatient();
  }

  std::string CreatePatient() {
    auto patients = v1::PatientService::NewStub(server_.channel());
    v1::CreatePatientRequest request;
    *request.mutable_patient() = CompletePatient();
    request.set_request_id(NextRequestId());
    v1::CreatePatientResponse response;
    const grpc::Status status =
        patients->CreatePatient(ContextWithDeadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.patient().name();
  }

  std::string NextRequestId() { return absl::StrCat("request-", ++requests_); }

  std::string Practitioner() const {
    return absl::StrCat("staff/", server_.staff_id(staff::Role::kPractitioner));
  }

  // A valid consent of the test patient to cellulite, as the client sends it.
  v1::Consent ValidConsent() {
    const v1::TreatmentType& type = types_.at(kCellulite);
    v1::Consent consent;
    consent.set_patient(patient_);
    consent.set_treatment_type(kCellulite);
    consent.set_document_version(type.consent_version());
    consent.set_disclosure_sha256(type.consent_text_sha256());
    *consent.mutable_sign_time() =
        TimestampToProto(absl::Now() - absl::Minutes(10));
    consent.set_signer(v1::CONSENT_SIGNER_PATIENT);
    consent.set_practitioner(Practitioner());
    consent.set_method(v1::CONSENT_METHOD_ELECTRONIC);
    return consent;
  }

  grpc::Status Record(const v1::Consent& consent, v1::Consent* recorded,
                      const std::string& request_id = "",
                      staff::Role role = staff::Role::kPractitioner) {
    auto stub = v1::ConsentService::NewStub(server_.channel(role));
    v1::RecordConsentRequest request;
    *request.mutable_consent() = consent;
    request.set_request_id(request_id.empty() ? NextRequestId() : request_id);
    v1::RecordConsentResponse response;
    const grpc::Status status =
        stub->RecordConsent(ContextWithDeadline().get(), request, &response);
    if (recorded != nullptr) *recorded = response.consent();
    return status;
  }

  v1::Consent RecordOk(const v1::Consent& consent) {
    v1::Consent recorded;
    const grpc::Status status = Record(consent, &recorded);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return recorded;
  }

  grpc::Status Get(const std::string& name, v1::Consent* consent) {
    v1::GetConsentRequest request;
    request.set_name(name);
    v1::GetConsentResponse response;
    const grpc::Status status =
        consents_->GetConsent(ContextWithDeadline().get(), request, &response);
    *consent = response.consent();
    return status;
  }

  grpc::Status Withdraw(v1::WithdrawConsentRequest request,
                        v1::Consent* consent = nullptr) {
    if (request.request_id().empty()) request.set_request_id(NextRequestId());
    v1::WithdrawConsentResponse response;
    const grpc::Status status = consents_->WithdrawConsent(
        ContextWithDeadline().get(), request, &response);
    if (consent != nullptr) *consent = response.consent();
    return status;
  }

  grpc::Status List(const v1::ListConsentsRequest& request,
                    v1::ListConsentsResponse* response) {
    return consents_->ListConsents(ContextWithDeadline().get(), request,
                                   response);
  }

  // The names listed for `parent`, every page, `page_size` at a time.
  std::vector<std::string> ListAllNames(v1::ListConsentsRequest request) {
    std::vector<std::string> names;
    for (int pages = 0; pages < 100; ++pages) {
      v1::ListConsentsResponse response;
      const grpc::Status status = List(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const v1::Consent& consent : response.consents()) {
        names.push_back(consent.name());
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return names;
  }

  std::vector<std::string> ListedNames(bool include_inactive = true) {
    v1::ListConsentsRequest request;
    request.set_parent(patient_);
    request.set_include_inactive(include_inactive);
    return ListAllNames(request);
  }

  TestServer server_;
  std::unique_ptr<v1::ConsentService::Stub> consents_;
  std::map<std::string, v1::TreatmentType> types_;
  std::string patient_;
  int requests_ = 0;
};

void ExpectError(const grpc::Status& status, grpc::StatusCode code,
                 const std::string& text) {
  EXPECT_EQ(status.error_code(), code) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr(text));
}

TEST_F(ConsentServiceTest, TreatmentTypesCarryTheHashOfTheirConsentText) {
  auto treatments = v1::TreatmentService::NewStub(server_.channel());
  ASSERT_EQ(types_.size(), 3u);
  for (const auto& [name, type] : types_) {
    v1::GetTreatmentProtocolRequest request;
    request.set_name(name);
    v1::GetTreatmentProtocolResponse protocol;
    ASSERT_TRUE(treatments
                    ->GetTreatmentProtocol(ContextWithDeadline().get(), request,
                                           &protocol)
                    .ok());
    EXPECT_EQ(type.consent_text_sha256(),
              Sha256Hex(protocol.protocol().consent().full_text()));
    EXPECT_EQ(type.consent_text_sha256().size(), 64u);
  }
}

TEST_F(ConsentServiceTest, RecordGetListWithdraw) {
  const v1::Consent sent = ValidConsent();
  const v1::Consent recorded = RecordOk(sent);
  EXPECT_THAT(recorded.name(), StartsWith(patient_ + "/consents/"));
  EXPECT_EQ(recorded.state(), v1::CONSENT_STATE_ACTIVE);
  EXPECT_EQ(recorded.recorded_by(), Practitioner());
  EXPECT_GT(recorded.create_time().seconds(), 0);
  EXPECT_FALSE(recorded.has_withdraw_time());
  // Apart from the output-only fields, what was sent is what is stored.
  v1::Consent expected = sent;
  expected.set_name(recorded.name());
  expected.set_recorded_by(recorded.recorded_by());
  *expected.mutable_create_time() = recorded.create_time();
  expected.set_state(v1::CONSENT_STATE_ACTIVE);
  // The text agreed to, word for word: the one the hash was taken of.
  EXPECT_EQ(Sha256Hex(recorded.disclosure_text()), sent.disclosure_sha256());
  expected.set_disclosure_text(recorded.disclosure_text());
  // Times are stored to the microsecond.
  expected.mutable_sign_time()->set_nanos(sent.sign_time().nanos() / 1000 *
                                          1000);
  EXPECT_TRUE(MessageDifferencer::Equals(expected, recorded))
      << recorded.DebugString();

  v1::Consent fetched;
  ASSERT_TRUE(Get(recorded.name(), &fetched).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(recorded, fetched))
      << fetched.DebugString();
  EXPECT_THAT(ListedNames(/*include_inactive=*/false),
              ElementsAre(recorded.name()));

  v1::WithdrawConsentRequest withdraw;
  withdraw.set_name(recorded.name());
  withdraw.set_reason("The patient no longer wants the treatment.");
  v1::Consent withdrawn;
  ASSERT_TRUE(Withdraw(withdraw, &withdrawn).ok());
  EXPECT_EQ(withdrawn.state(), v1::CONSENT_STATE_WITHDRAWN);
  EXPECT_EQ(withdrawn.withdraw_reason(), withdraw.reason());
  EXPECT_EQ(withdrawn.withdrawn_by(), Practitioner());
  EXPECT_GE(withdrawn.withdraw_time().seconds(),
            recorded.create_time().seconds());
  ASSERT_TRUE(Get(recorded.name(), &fetched).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(withdrawn, fetched));

  // Only active consents are listed by default.
  EXPECT_THAT(ListedNames(/*include_inactive=*/false), IsEmpty());
  EXPECT_THAT(ListedNames(/*include_inactive=*/true),
              ElementsAre(recorded.name()));

  // Once only.
  withdraw.set_reason("Again.");
  ExpectError(Withdraw(withdraw), grpc::StatusCode::FAILED_PRECONDITION,
              "already withdrawn");
  ASSERT_TRUE(Get(recorded.name(), &fetched).ok());
  EXPECT_EQ(fetched.withdraw_reason(),
            "The patient no longer wants the treatment.");
}

TEST_F(ConsentServiceTest, GuardianConsentWithAnExpiry) {
  v1::Consent consent = ValidConsent();
  consent.set_signer(v1::CONSENT_SIGNER_GUARDIAN);
  consent.set_guardian_name("Marie Durand");
  consent.set_guardian_relationship("mother");
  consent.set_method(v1::CONSENT_METHOD_PAPER);
  *consent.mutable_expire_time() =
      TimestampToProto(absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now())) +
                       absl::Hours(24 * 180));
  const v1::Consent recorded = RecordOk(consent);
  EXPECT_EQ(recorded.signer(), v1::CONSENT_SIGNER_GUARDIAN);
  EXPECT_EQ(recorded.guardian_name(), "Marie Durand");
  EXPECT_EQ(recorded.guardian_relationship(), "mother");
  EXPECT_EQ(recorded.method(), v1::CONSENT_METHOD_PAPER);
  EXPECT_TRUE(MessageDifferencer::Equals(recorded.expire_time(),
                                         consent.expire_time()));
  EXPECT_EQ(recorded.state(), v1::CONSENT_STATE_ACTIVE);
}

TEST_F(ConsentServiceTest, ExpiredConsentIsReportedExpired) {
  v1::Consent consent = ValidConsent();
  *consent.mutable_expire_time() =
      TimestampToProto(absl::Now() + absl::Seconds(2));
  const v1::Consent recorded = RecordOk(consent);
  EXPECT_EQ(recorded.state(), v1::CONSENT_STATE_ACTIVE);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  v1::Consent fetched;
  ASSERT_TRUE(Get(recorded.name(), &fetched).ok());
  EXPECT_EQ(fetched.state(), v1::CONSENT_STATE_EXPIRED);
  EXPECT_THAT(ListedNames(/*include_inactive=*/false), IsEmpty());
  EXPECT_THAT(ListedNames(/*include_inactive=*/true),
              ElementsAre(recorded.name()));
}

TEST_F(ConsentServiceTest, RetryWithSameRequestIdReturnsTheFirstConsent) {
  const v1::Consent consent = ValidConsent();
  v1::Consent first;
  v1::Consent second;
  ASSERT_TRUE(Record(consent, &first, "same-id").ok());
  ASSERT_TRUE(Record(consent, &second, "same-id").ok());
  EXPECT_TRUE(MessageDifferencer::Equals(first, second));
  EXPECT_THAT(ListedNames(), ElementsAre(first.name()));
  // The same request_id with another request is refused.
  v1::Consent other = consent;
  other.set_method(v1::CONSENT_METHOD_PAPER);
  ExpectError(Record(other, nullptr, "same-id"),
              grpc::StatusCode::ALREADY_EXISTS, "");
  // A retried withdrawal is answered as the first one was.
  v1::WithdrawConsentRequest withdraw;
  withdraw.set_name(first.name());
  withdraw.set_reason("Moving abroad.");
  withdraw.set_request_id("withdraw-once");
  v1::Consent withdrawn;
  v1::Consent again;
  ASSERT_TRUE(Withdraw(withdraw, &withdrawn).ok());
  ASSERT_TRUE(Withdraw(withdraw, &again).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(withdrawn, again));
}

TEST_F(ConsentServiceTest, MissingRequestIdIsRefused) {
  v1::RecordConsentRequest request;
  *request.mutable_consent() = ValidConsent();
  v1::RecordConsentResponse response;
  ExpectError(
      consents_->RecordConsent(ContextWithDeadline().get(), request, &response),
      grpc::StatusCode::INVALID_ARGUMENT, "request_id");
  EXPECT_THAT(ListedNames(), IsEmpty());
}

struct BadConsent {
  std::string label;
  std::function<void(v1::Consent&)> change;
  grpc::StatusCode code;
  // The field named, and something of the rule.
  std::string field;
  std::string rule;
};

TEST_F(ConsentServiceTest, EveryRuleIsEnforcedNamingTheFieldAndChangesNothing) {
  const absl::Time now = absl::Now();
  const std::string front_desk =
      absl::StrCat("staff/", server_.staff_id(staff::Role::kFrontDesk));
  const std::vector<BadConsent> cases = {
      {"no patient", [](v1::Consent& c) { c.clear_patient(); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.patient", "is required"},
      {"malformed patient", [](v1::Consent& c) { c.set_patient("people/x"); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.patient", "patients/"},
      {"unknown patient",
       [](v1::Consent& c) { c.set_patient("patients/nobody0000000000"); },
       grpc::StatusCode::NOT_FOUND,
       "consent.patient: patients/nobody0000000000", "does not exist"},
      {"no treatment type", [](v1::Consent& c) { c.clear_treatment_type(); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.treatment_type",
       "is required"},
      {"unknown treatment type",
       [](v1::Consent& c) { c.set_treatment_type("treatmentTypes/botox"); },
       grpc::StatusCode::NOT_FOUND, "consent.treatment_type: treatmentTypes/botox",
       "no plugin"},
      {"no document version", [](v1::Consent& c) { c.clear_document_version(); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.document_version",
       "is required"},
      {"no hash", [](v1::Consent& c) { c.clear_disclosure_sha256(); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.disclosure_sha256",
       "is required"},
      {"upper-case hash",
       [](v1::Consent& c) {
         std::string hash = c.disclosure_sha256();
         for (char& ch : hash) ch = static_cast<char>(std::toupper(ch));
         c.set_disclosure_sha256(hash);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.disclosure_sha256",
       "64 lower-case hex"},
      {"short hash", [](v1::Consent& c) { c.set_disclosure_sha256("abc123"); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.disclosure_sha256",
       "64 lower-case hex"},
      {"no sign time", [](v1::Consent& c) { c.clear_sign_time(); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.sign_time", "is required"},
      {"bad nanos",
       [](v1::Consent& c) { c.mutable_sign_time()->set_nanos(-1); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.sign_time", "nanos"},
      {"sign time in the future",
       [&](v1::Consent& c) {
         *c.mutable_sign_time() = TimestampToProto(now + absl::Minutes(10));
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.sign_time",
       "must not be in the future"},
      {"sign time too old",
       [&](v1::Consent& c) {
         *c.mutable_sign_time() = TimestampToProto(now - absl::Hours(24 * 366));
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.sign_time", "365 days"},
      {"no signer",
       [](v1::Consent& c) { c.set_signer(v1::CONSENT_SIGNER_UNSPECIFIED); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.signer", "is required"},
      {"undefined signer",
       [](v1::Consent& c) { c.set_signer(static_cast<v1::ConsentSigner>(9)); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.signer",
       "not a defined value"},
      {"guardian without a name",
       [](v1::Consent& c) { c.set_signer(v1::CONSENT_SIGNER_GUARDIAN); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.guardian_name",
       "is required when a guardian signs"},
      {"guardian name for the patient",
       [](v1::Consent& c) { c.set_guardian_name("Marie Durand"); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.guardian_name",
       "must be empty when the patient signs"},
      {"guardian relationship for the patient",
       [](v1::Consent& c) { c.set_guardian_relationship("mother"); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.guardian_relationship",
       "must be empty when the patient signs"},
      {"guardian name too long",
       [](v1::Consent& c) {
         c.set_signer(v1::CONSENT_SIGNER_GUARDIAN);
         c.set_guardian_name(std::string(101, 'x'));
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.guardian_name", "100"},
      {"no practitioner", [](v1::Consent& c) { c.clear_practitioner(); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.practitioner",
       "is required"},
      {"unknown practitioner",
       [](v1::Consent& c) { c.set_practitioner("staff/nobody000000000000"); },
       grpc::StatusCode::NOT_FOUND, "consent.practitioner", "does not exist"},
      {"front desk as practitioner",
       [&](v1::Consent& c) { c.set_practitioner(front_desk); },
       grpc::StatusCode::FAILED_PRECONDITION, "consent.practitioner",
       "not a practitioner"},
      {"no method",
       [](v1::Consent& c) { c.set_method(v1::CONSENT_METHOD_UNSPECIFIED); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.method", "is required"},
      {"undefined method",
       [](v1::Consent& c) { c.set_method(static_cast<v1::ConsentMethod>(7)); },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.method",
       "not a defined value"},
      {"expiry before signing",
       [](v1::Consent& c) {
         *c.mutable_expire_time() = c.sign_time();
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.expire_time",
       "must be after sign_time"},
      {"expiry in the past",
       [&](v1::Consent& c) {
         *c.mutable_sign_time() = TimestampToProto(now - absl::Hours(48));
         *c.mutable_expire_time() = TimestampToProto(now - absl::Hours(1));
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.expire_time",
       "must be in the future"},
      {"expiry beyond year 9999",
       [](v1::Consent& c) {
         c.mutable_expire_time()->set_seconds(253402300800);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "consent.expire_time", "9999"},
      {"an older document version",
       [](v1::Consent& c) {
         c.set_document_version(c.document_version() - 1 > 0
                                    ? c.document_version() - 1
                                    : c.document_version() + 1);
       },
       grpc::StatusCode::FAILED_PRECONDITION, "consent.document_version",
       "show the patient the current document"},
      {"a hash of another text",
       [](v1::Consent& c) { c.set_disclosure_sha256(Sha256Hex("other")); },
       grpc::StatusCode::FAILED_PRECONDITION, "consent.disclosure_sha256",
       "the patient was shown another text"},
      {"the hash of another type's text",
       [&](v1::Consent& c) {
         c.set_disclosure_sha256(
             types_.at("treatmentTypes/hair_loss").consent_text_sha256());
       },
       grpc::StatusCode::FAILED_PRECONDITION, "consent.disclosure_sha256",
       "another text"},
  };
  for (const BadConsent& bad : cases) {
    SCOPED_TRACE(bad.label);
    v1::Consent consent = ValidConsent();
    bad.change(consent);
    const grpc::Status status = Record(consent, nullptr);
    EXPECT_EQ(status.error_code(), bad.code) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(bad.field));
    EXPECT_THAT(status.error_message(), HasSubstr(bad.rule));
  }
  EXPECT_THAT(ListedNames(), IsEmpty());
}

TEST_F(ConsentServiceTest, CurrentVersionIsNamedWhenAnOldOneIsSent) {
  v1::Consent consent = ValidConsent();
  const int current = consent.document_version();
  consent.set_document_version(current + 1);
  const grpc::Status status = Record(consent, nullptr);
  ExpectError(status, grpc::StatusCode::FAILED_PRECONDITION,
              absl::StrCat("which is version ", current));
  EXPECT_THAT(status.error_message(), HasSubstr(kCellulite));
}

TEST_F(ConsentServiceTest, ArchivedPatientCannotConsent) {
  auto patients = v1::PatientService::NewStub(server_.channel());
  v1::ArchivePatientRequest archive;
  archive.set_name(patient_);
  archive.set_request_id(NextRequestId());
  v1::ArchivePatientResponse archived;
  ASSERT_TRUE(
      patients->ArchivePatient(ContextWithDeadline().get(), archive, &archived)
          .ok());
  const grpc::Status status = Record(ValidConsent(), nullptr);
  ExpectError(status, grpc::StatusCode::FAILED_PRECONDITION, "is archived");
  EXPECT_THAT(status.error_message(), HasSubstr("consent.patient"));
  EXPECT_THAT(ListedNames(), IsEmpty());
}

TEST_F(ConsentServiceTest, DeactivatedPractitionerCannotTakeConsent) {
  auto staff = v1::StaffService::NewStub(server_.channel(staff::Role::kAdmin));
  v1::CreateStaffMemberRequest create;
  create.mutable_staff_member()->set_display_name("Dr Leaving");
  create.mutable_staff_member()->set_role(v1::ROLE_PRACTITIONER);
  create.mutable_staff_member()->set_licence_number("RPPS-999");
  create.set_request_id(NextRequestId());
  v1::CreateStaffMemberResponse created;
  ASSERT_TRUE(
      staff->CreateStaffMember(ContextWithDeadline().get(), create, &created)
          .ok());
  v1::Consent consent = ValidConsent();
  consent.set_practitioner(created.staff_member().name());
  RecordOk(consent);  // Active: accepted.

  v1::DeactivateStaffMemberRequest deactivate;
  deactivate.set_name(created.staff_member().name());
  deactivate.set_request_id(NextRequestId());
  v1::DeactivateStaffMemberResponse deactivated;
  ASSERT_TRUE(staff
                  ->DeactivateStaffMember(ContextWithDeadline().get(),
                                          deactivate, &deactivated)
                  .ok());
  const grpc::Status status = Record(consent, nullptr);
  ExpectError(status, grpc::StatusCode::FAILED_PRECONDITION, "deactivated");
  EXPECT_THAT(status.error_message(), HasSubstr("consent.practitioner"));
  EXPECT_EQ(ListedNames().size(), 1u);
}

TEST_F(ConsentServiceTest, WithdrawalRulesNameTheFieldAndChangeNothing) {
  const v1::Consent recorded = RecordOk(ValidConsent());
  const absl::Time now = absl::Now();
  struct BadWithdrawal {
    std::string label;
    std::function<void(v1::WithdrawConsentRequest&)> change;
    grpc::StatusCode code;
    std::string text;
  };
  const std::vector<BadWithdrawal> cases = {
      {"no reason", [](auto& r) { r.clear_reason(); },
       grpc::StatusCode::INVALID_ARGUMENT, "reason"},
      {"reason too long", [](auto& r) { r.set_reason(std::string(501, 'x')); },
       grpc::StatusCode::INVALID_ARGUMENT, "reason"},
      {"in the future",
       [&](auto& r) {
         *r.mutable_withdraw_time() = TimestampToProto(now + absl::Hours(1));
       },
       grpc::StatusCode::INVALID_ARGUMENT, "withdraw_time: must not be in the future"},
      {"before signing",
       [&](auto& r) {
         *r.mutable_withdraw_time() = TimestampToProto(now - absl::Hours(1));
       },
       grpc::StatusCode::INVALID_ARGUMENT,
       "withdraw_time: must not be before the consent's sign_time"},
      {"malformed name", [](auto& r) { r.set_name("consents/abc"); },
       grpc::StatusCode::INVALID_ARGUMENT, "name"},
      {"unknown consent",
       [&](auto& r) { r.set_name(patient_ + "/consents/nope000000000000"); },
       grpc::StatusCode::NOT_FOUND, "does not exist"},
      {"another patient's consent",
       [&](auto& r) {
         const std::string other = CreatePatient();
         r.set_name(other + recorded.name().substr(patient_.size()));
       },
       grpc::StatusCode::NOT_FOUND, "does not exist"},
  };
  for (const BadWithdrawal& bad : cases) {
    SCOPED_TRACE(bad.label);
    v1::WithdrawConsentRequest request;
    request.set_name(recorded.name());
    request.set_reason("Changed her mind.");
    bad.change(request);
    ExpectError(Withdraw(request), bad.code, bad.text);
  }
  v1::Consent fetched;
  ASSERT_TRUE(Get(recorded.name(), &fetched).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(recorded, fetched))
      << fetched.DebugString();

  // A withdrawal dated in the past, after signing, is kept as given.
  v1::WithdrawConsentRequest request;
  request.set_name(recorded.name());
  request.set_reason("Told us by phone yesterday evening.");
  *request.mutable_withdraw_time() = recorded.sign_time();
  request.mutable_withdraw_time()->set_seconds(
      request.withdraw_time().seconds() + 60);
  v1::Consent withdrawn;
  ASSERT_TRUE(Withdraw(request, &withdrawn).ok());
  EXPECT_TRUE(MessageDifferencer::Equals(withdrawn.withdraw_time(),
                                         request.withdraw_time()));
}

TEST_F(ConsentServiceTest, GetRefusesMalformedAndUnknownNames) {
  v1::Consent consent;
  for (const std::string& name :
       {std::string(""), std::string("patients/abc"),
        std::string("patients/abc/consents/"),
        std::string("patients/ABC/consents/x"),
        std::string("staff/abc/consents/x")}) {
    SCOPED_TRACE(name);
    ExpectError(Get(name, &consent), grpc::StatusCode::INVALID_ARGUMENT,
                "name");
  }
  ExpectError(Get(patient_ + "/consents/nope000000000000", &consent),
              grpc::StatusCode::NOT_FOUND, "does not exist");
}

TEST_F(ConsentServiceTest, ListPaginatesMostRecentFirstAndFilters) {
  std::vector<std::string> expected;
  for (int i = 0; i < 5; ++i) {
    v1::Consent consent = ValidConsent();
    *consent.mutable_sign_time() =
        TimestampToProto(absl::Now() - absl::Hours(10 - i));
    if (i == 2) {
      const v1::TreatmentType& hair = types_.at("treatmentTypes/hair_loss");
      consent.set_treatment_type(hair.name());
      consent.set_document_version(hair.consent_version());
      consent.set_disclosure_sha256(hair.consent_text_sha256());
    }
    expected.insert(expected.begin(), RecordOk(consent).name());
  }
  v1::ListConsentsRequest request;
  request.set_parent(patient_);
  request.set_page_size(2);
  EXPECT_EQ(ListAllNames(request), expected);

  request.set_treatment_type("treatmentTypes/hair_loss");
  EXPECT_THAT(ListAllNames(request), ElementsAre(expected[2]));

  // A page token is tied to its filters.
  request.clear_treatment_type();
  v1::ListConsentsResponse first;
  ASSERT_TRUE(List(request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  request.set_treatment_type(kCellulite);
  v1::ListConsentsResponse response;
  ExpectError(List(request, &response), grpc::StatusCode::INVALID_ARGUMENT,
              "page_token");

  request = v1::ListConsentsRequest();
  request.set_parent(patient_);
  request.set_page_size(-1);
  ExpectError(List(request, &response), grpc::StatusCode::INVALID_ARGUMENT,
              "page_size");
  request.set_page_size(0);
  request.set_treatment_type("cellulite");
  ExpectError(List(request, &response), grpc::StatusCode::INVALID_ARGUMENT,
              "treatment_type");
  request.clear_treatment_type();
  request.set_parent("patients/nobody0000000000");
  ExpectError(List(request, &response), grpc::StatusCode::NOT_FOUND,
              "patients/nobody0000000000");
  request.set_parent("nobody");
  ExpectError(List(request, &response), grpc::StatusCode::INVALID_ARGUMENT,
              "parent");
}

TEST_F(ConsentServiceTest, ListSkipsInactiveConsentsAcrossPages) {
  // Five consents, the newest three withdrawn: a page of two active ones
  // must reach past them.
  std::vector<std::string> names;
  for (int i = 0; i < 5; ++i) {
    v1::Consent consent = ValidConsent();
    *consent.mutable_sign_time() =
        TimestampToProto(absl::Now() - absl::Hours(10 - i));
    names.push_back(RecordOk(consent).name());
  }
  for (int i = 2; i < 5; ++i) {
    v1::WithdrawConsentRequest withdraw;
    withdraw.set_name(names[i]);
    withdraw.set_reason("Withdrawn.");
    ASSERT_TRUE(Withdraw(withdraw).ok());
  }
  v1::ListConsentsRequest request;
  request.set_parent(patient_);
  request.set_page_size(1);
  EXPECT_THAT(ListAllNames(request), ElementsAre(names[1], names[0]));
  request.set_page_size(2);
  v1::ListConsentsResponse response;
  ASSERT_TRUE(List(request, &response).ok());
  EXPECT_EQ(response.consents_size(), 2);
  for (const v1::Consent& consent : response.consents()) {
    EXPECT_EQ(consent.state(), v1::CONSENT_STATE_ACTIVE);
  }
}

TEST_F(ConsentServiceTest, OnlyPractitionersRecordConsentAndAdminsSeeNone) {
  // The front desk may not take consent in a practitioner's name.
  v1::Consent refused;
  EXPECT_EQ(Record(ValidConsent(), &refused, "", staff::Role::kFrontDesk)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Consent recorded;
  ASSERT_TRUE(Record(ValidConsent(), &recorded, "", staff::Role::kPractitioner)
                  .ok());
  EXPECT_EQ(recorded.recorded_by(),
            absl::StrCat("staff/",
                         server_.staff_id(staff::Role::kPractitioner)));
  EXPECT_EQ(recorded.practitioner(), Practitioner());

  auto front_desk =
      v1::ConsentService::NewStub(server_.channel(staff::Role::kFrontDesk));
  v1::GetConsentRequest get;
  get.set_name(recorded.name());
  v1::GetConsentResponse got;
  EXPECT_TRUE(front_desk->GetConsent(ContextWithDeadline().get(), get, &got).ok());

  auto admin = v1::ConsentService::NewStub(server_.channel(staff::Role::kAdmin));
  v1::RecordConsentRequest record;
  *record.mutable_consent() = ValidConsent();
  record.set_request_id(NextRequestId());
  v1::RecordConsentResponse record_response;
  EXPECT_EQ(admin->RecordConsent(ContextWithDeadline().get(), record,
                                 &record_response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(admin->GetConsent(ContextWithDeadline().get(), get, &got)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListConsentsRequest list;
  list.set_parent(patient_);
  v1::ListConsentsResponse listed;
  EXPECT_EQ(admin->ListConsents(ContextWithDeadline().get(), list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::WithdrawConsentRequest withdraw;
  withdraw.set_name(recorded.name());
  withdraw.set_reason("No.");
  withdraw.set_request_id(NextRequestId());
  v1::WithdrawConsentResponse withdrawn;
  EXPECT_EQ(admin->WithdrawConsent(ContextWithDeadline().get(), withdraw,
                                   &withdrawn)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(ListedNames(/*include_inactive=*/false),
              ElementsAre(recorded.name()));
}

TEST_F(ConsentServiceTest, TheAuditTrailNotesThePatient) {
  const v1::Consent recorded = RecordOk(ValidConsent());
  v1::Consent fetched;
  ASSERT_TRUE(Get(recorded.name(), &fetched).ok());
  ListedNames();
  v1::WithdrawConsentRequest withdraw;
  withdraw.set_name(recorded.name());
  withdraw.set_reason("Changed her mind.");
  ASSERT_TRUE(Withdraw(withdraw).ok());

  auto audit = v1::AuditService::NewStub(server_.channel(staff::Role::kAdmin));
  v1::ListAuditEventsRequest request;
  request.set_patient(patient_);
  request.set_page_size(1000);
  v1::ListAuditEventsResponse response;
  ASSERT_TRUE(
      audit->ListAuditEvents(ContextWithDeadline().get(), request, &response)
          .ok());
  std::set<std::string> seen;
  for (const v1::AuditEvent& event : response.audit_events()) {
    if (!absl::StartsWith(event.method(), "/clinic.v1.ConsentService/")) {
      continue;
    }
    seen.insert(event.method());
    EXPECT_THAT(event.patients(), Contains(patient_));
    EXPECT_EQ(event.outcome(), "OK");
    if (event.method() != "/clinic.v1.ConsentService/ListConsents") {
      EXPECT_EQ(event.resource(), recorded.name());
    } else {
      EXPECT_EQ(event.resource(), patient_);
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{
                      "/clinic.v1.ConsentService/GetConsent",
                      "/clinic.v1.ConsentService/ListConsents",
                      "/clinic.v1.ConsentService/RecordConsent",
                      "/clinic.v1.ConsentService/WithdrawConsent"}));
}

}  // namespace
}  // namespace mesoclinic::testing

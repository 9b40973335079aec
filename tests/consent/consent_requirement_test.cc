// RequireActiveConsent and the SQLite consent repository, on a real
// database file.

#include "core/consent/consent_requirement.h"

#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "core/base/sha256.h"
#include "core/consent/consent.h"
#include "core/consent/consent_repository.h"
#include "core/storage/sqlite_store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace mesoclinic::consent {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Whole seconds, so that stored times compare equal.
const absl::Time kSigned = absl::FromUnixSeconds(1'790'000'000);
const absl::Time kSession = kSigned + absl::Hours(24 * 14);
constexpr int kVersion = 2;

class ConsentStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::SqliteStore>> store =
        storage::SqliteStore::Open(
            {.path = dir_.File("clinic.db"), .require_audited_changes = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    ASSERT_TRUE(Write([](storage::Transaction& transaction) -> absl::Status {
                  for (const std::string id : {"p1", "p2"}) {
                    patients::Patient patient;
                    patient.id = id;
                    patient.given_name = "Given";
                    patient.family_name = "Family";
                    patient.date_of_birth = absl::CivilDay(1985, 4, 12);
                    patient.sex = patients::Sex::kFemale;
                    patient.create_time = kSigned;
                    patient.update_time = kSigned;
                    if (absl::Status s = transaction.patients().Insert(patient);
                        !s.ok()) {
                      return s;
                    }
                  }
                  staff::StaffMember practitioner;
                  practitioner.id = "s1";
                  practitioner.display_name = "Dr Moreau";
                  practitioner.role = staff::Role::kPractitioner;
                  practitioner.licence_number = "RPPS-1";
                  practitioner.create_time = kSigned;
                  return transaction.staff().Insert(practitioner);
                }).ok());
  }

  absl::Status Write(storage::Store::WriteFn fn) {
    return store_->WriteAndWait(std::move(fn));
  }

  absl::Status Insert(const Consent& consent) {
    return Write([consent](storage::Transaction& transaction) {
      return transaction.consent().Insert(consent);
    });
  }

  absl::Status Require(const std::string& patient_id, const std::string& type,
                       int current_version, absl::Time session_start) {
    return store_->Read([&](storage::Transaction& transaction) {
      return RequireActiveConsent(transaction.consent(), patient_id, type,
                                  current_version, session_start);
    });
  }

  absl::Status Require() { return Require("p1", "cellulite", kVersion, kSession); }

  static Consent NewConsent(const std::string& id,
                            absl::Time sign_time = kSigned) {
    Consent consent;
    consent.id = id;
    consent.patient_id = "p1";
    consent.treatment_type = "cellulite";
    consent.document_version = kVersion;
    consent.disclosure_sha256 = Sha256Hex("text");
    consent.sign_time = sign_time;
    consent.signer = Signer::kPatient;
    consent.practitioner_id = "s1";
    consent.method = Method::kElectronic;
    consent.recorded_by = "s1";
    consent.create_time = sign_time;
    return consent;
  }

  static Withdrawal WithdrawnAt(absl::Time time) {
    return Withdrawal{.time = time, .reason = "Changed her mind.",
                      .staff_id = "s1"};
  }

  std::vector<std::string> ListIds(ConsentQuery query,
                                   std::optional<ConsentListPosition>* next =
                                       nullptr) {
    std::vector<std::string> ids;
    EXPECT_TRUE(store_
                    ->Read([&](storage::Transaction& transaction) -> absl::Status {
                      absl::StatusOr<ConsentPage> page =
                          transaction.consent().List(query);
                      if (!page.ok()) return page.status();
                      for (const Consent& c : page->consents) ids.push_back(c.id);
                      if (next != nullptr) *next = page->next;
                      return absl::OkStatus();
                    })
                    .ok());
    return ids;
  }

  mesoclinic::testing::TempDir dir_;
  std::unique_ptr<storage::SqliteStore> store_;
};

TEST_F(ConsentStorageTest, StoresAndReturnsEveryField) {
  Consent consent = NewConsent("c1");
  consent.signer = Signer::kGuardian;
  consent.guardian_name = "Marie Durand";
  consent.guardian_relationship = "mother";
  consent.method = Method::kPaper;
  consent.expire_time = kSigned + absl::Hours(24 * 365);
  ASSERT_TRUE(Insert(consent).ok());
  ASSERT_TRUE(store_
                  ->Read([&](storage::Transaction& transaction) -> absl::Status {
                    absl::StatusOr<Consent> stored =
                        transaction.consent().Get("p1", "c1");
                    if (!stored.ok()) return stored.status();
                    EXPECT_EQ(stored->treatment_type, "cellulite");
                    EXPECT_EQ(stored->document_version, kVersion);
                    EXPECT_EQ(stored->disclosure_sha256, Sha256Hex("text"));
                    EXPECT_EQ(stored->sign_time, kSigned);
                    EXPECT_EQ(stored->signer, Signer::kGuardian);
                    EXPECT_EQ(stored->guardian_name, "Marie Durand");
                    EXPECT_EQ(stored->guardian_relationship, "mother");
                    EXPECT_EQ(stored->practitioner_id, "s1");
                    EXPECT_EQ(stored->method, Method::kPaper);
                    EXPECT_EQ(stored->expire_time, consent.expire_time);
                    EXPECT_EQ(stored->recorded_by, "s1");
                    EXPECT_EQ(stored->create_time, kSigned);
                    EXPECT_FALSE(stored->withdrawal.has_value());
                    return absl::OkStatus();
                  })
                  .ok());
}

TEST_F(ConsentStorageTest, GetIsNotFoundForAnotherPatientOrId) {
  ASSERT_TRUE(Insert(NewConsent("c1")).ok());
  ASSERT_TRUE(store_
                  ->Read([&](storage::Transaction& transaction) -> absl::Status {
                    absl::Status status =
                        transaction.consent().Get("p2", "c1").status();
                    EXPECT_EQ(status.code(), absl::StatusCode::kNotFound);
                    EXPECT_THAT(status.message(),
                                HasSubstr("patients/p2/consents/c1"));
                    EXPECT_TRUE(absl::IsNotFound(
                        transaction.consent().Get("p1", "nope").status()));
                    return absl::OkStatus();
                  })
                  .ok());
}

TEST_F(ConsentStorageTest, UpdateRecordsTheWithdrawalOnce) {
  Consent consent = NewConsent("c1");
  ASSERT_TRUE(Insert(consent).ok());
  consent.withdrawal = WithdrawnAt(kSigned + absl::Hours(1));
  // Only the withdrawal is written, whatever else the struct says.
  Consent edited = consent;
  edited.guardian_name = "Someone Else";
  ASSERT_TRUE(Write([edited](storage::Transaction& transaction) {
                return transaction.consent().Update(edited);
              }).ok());
  const absl::Status again = Write([consent](storage::Transaction& transaction) {
    return transaction.consent().Update(consent);
  });
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
  Consent missing = consent;
  missing.id = "c9";
  EXPECT_EQ(Write([missing](storage::Transaction& transaction) {
              return transaction.consent().Update(missing);
            }).code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(store_
                  ->Read([&](storage::Transaction& transaction) -> absl::Status {
                    absl::StatusOr<Consent> stored =
                        transaction.consent().Get("p1", "c1");
                    if (!stored.ok()) return stored.status();
                    EXPECT_EQ(stored->guardian_name, "");
                    EXPECT_TRUE(stored->withdrawal.has_value());
                    EXPECT_EQ(stored->withdrawal->time,
                              kSigned + absl::Hours(1));
                    EXPECT_EQ(stored->withdrawal->reason, "Changed her mind.");
                    EXPECT_EQ(stored->withdrawal->staff_id, "s1");
                    return absl::OkStatus();
                  })
                  .ok());
}

TEST_F(ConsentStorageTest, TheDatabaseRefusesDeletesAndEdits) {
  ASSERT_TRUE(Insert(NewConsent("c1")).ok());
  store_.reset();  // Close the store's connections first.
  SQLite::Database db(dir_.File("clinic.db"), SQLite::OPEN_READWRITE);
  EXPECT_THROW(db.exec("DELETE FROM consents"), SQLite::Exception);
  EXPECT_THROW(db.exec("UPDATE consents SET document_version = 3"),
               SQLite::Exception);
  db.exec("UPDATE consents SET withdraw_time = 1, withdraw_reason = 'r', "
          "withdrawn_by = 's1'");
  EXPECT_THROW(db.exec("UPDATE consents SET withdraw_reason = 'other'"),
               SQLite::Exception);
}

TEST_F(ConsentStorageTest, ListsMostRecentlySignedFirstInPages) {
  for (int i = 0; i < 5; ++i) {
    Consent consent = NewConsent(absl::StrCat("c", i),
                                 kSigned + absl::Minutes(i));
    if (i == 2) consent.treatment_type = "hair_loss";
    ASSERT_TRUE(Insert(consent).ok());
  }
  Consent other = NewConsent("x1");
  other.patient_id = "p2";
  ASSERT_TRUE(Insert(other).ok());

  std::optional<ConsentListPosition> next;
  EXPECT_THAT(ListIds({.patient_id = "p1", .limit = 2}, &next),
              ElementsAre("c4", "c3"));
  ASSERT_TRUE(next.has_value());
  EXPECT_THAT(ListIds({.patient_id = "p1", .after = next, .limit = 2}, &next),
              ElementsAre("c2", "c1"));
  EXPECT_THAT(ListIds({.patient_id = "p1", .after = next, .limit = 2}, &next),
              ElementsAre("c0"));
  EXPECT_FALSE(next.has_value());
  EXPECT_THAT(ListIds({.patient_id = "p1", .treatment_type = "hair_loss"}),
              ElementsAre("c2"));
  EXPECT_THAT(ListIds({.patient_id = "p2"}), ElementsAre("x1"));
  EXPECT_THAT(ListIds({.patient_id = "nobody"}), IsEmpty());
}

TEST_F(ConsentStorageTest, NoConsentRecorded) {
  const absl::Status status = Require();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("patients/p1"), HasSubstr("treatmentTypes/cellulite"),
                    HasSubstr("no consent recorded")));
}

TEST_F(ConsentStorageTest, ActiveCurrentConsentCovers) {
  ASSERT_TRUE(Insert(NewConsent("c1")).ok());
  EXPECT_TRUE(Require().ok()) << Require();
  // It covers the patient and the type it was given for, nothing else.
  EXPECT_EQ(Require("p2", "cellulite", kVersion, kSession).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Require("p1", "hair_loss", kVersion, kSession).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ConsentStorageTest, WithdrawnConsentNeverCovers) {
  Consent consent = NewConsent("c1");
  consent.withdrawal = WithdrawnAt(kSigned + absl::Hours(24 * 30));
  ASSERT_TRUE(Insert(consent).ok());
  // Even a session before the withdrawal time: a withdrawn consent is gone.
  for (const absl::Time session : {kSession, kSigned + absl::Hours(24 * 60)}) {
    const absl::Status status = Require("p1", "cellulite", kVersion, session);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(status.message(),
                AllOf(HasSubstr("patients/p1"),
                      HasSubstr("treatmentTypes/cellulite"),
                      HasSubstr("withdrawn"), HasSubstr("consent again")));
  }
}

TEST_F(ConsentStorageTest, ConsentExpiringBeforeTheSessionDoesNotCover) {
  Consent consent = NewConsent("c1");
  consent.expire_time = kSession;
  ASSERT_TRUE(Insert(consent).ok());
  EXPECT_TRUE(
      Require("p1", "cellulite", kVersion, kSession - absl::Seconds(1)).ok());
  const absl::Status status = Require();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(),
              AllOf(HasSubstr("patients/p1"),
                    HasSubstr("treatmentTypes/cellulite"),
                    HasSubstr("expires at"), HasSubstr("before the session"),
                    HasSubstr("consent again")));
}

TEST_F(ConsentStorageTest, ConsentToAnotherDocumentVersionDoesNotCover) {
  ASSERT_TRUE(Insert(NewConsent("c1")).ok());
  for (const int current : {kVersion + 1, kVersion - 1}) {
    const absl::Status status = Require("p1", "cellulite", current, kSession);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(status.message(),
                AllOf(HasSubstr("patients/p1"),
                      HasSubstr("treatmentTypes/cellulite"),
                      HasSubstr(absl::StrCat("signed for consent version ",
                                             kVersion)),
                      HasSubstr(absl::StrCat("current version is ", current)),
                      HasSubstr("consent again")));
  }
}

TEST_F(ConsentStorageTest, AnyCoveringConsentIsEnough) {
  // An old withdrawn one and a superseded one, then a current one.
  Consent withdrawn = NewConsent("c1", kSigned - absl::Hours(48));
  withdrawn.withdrawal = WithdrawnAt(kSigned - absl::Hours(24));
  Consent old = NewConsent("c2", kSigned - absl::Hours(12));
  old.document_version = kVersion - 1;
  ASSERT_TRUE(Insert(withdrawn).ok());
  ASSERT_TRUE(Insert(old).ok());
  EXPECT_FALSE(Require().ok());
  ASSERT_TRUE(Insert(NewConsent("c3")).ok());
  EXPECT_TRUE(Require().ok()) << Require();
}

TEST_F(ConsentStorageTest, AWithdrawalCancelsEveryConsentSignedBeforeIt) {
  // Two current consents; the patient then withdraws the older one: she no
  // longer agrees to the treatment, so the newer one does not cover either.
  Consent older = NewConsent("c1", kSigned - absl::Hours(48));
  older.withdrawal = WithdrawnAt(kSigned + absl::Hours(2));
  ASSERT_TRUE(Insert(older).ok());
  ASSERT_TRUE(Insert(NewConsent("c2", kSigned)).ok());
  EXPECT_EQ(Require().code(), absl::StatusCode::kFailedPrecondition);
  // Consenting again afterwards covers.
  ASSERT_TRUE(Insert(NewConsent("c3", kSigned + absl::Hours(3))).ok());
  EXPECT_TRUE(Require().ok()) << Require();
}

TEST_F(ConsentStorageTest, TheReasonGivenIsTheMostRecentConsents) {
  Consent old = NewConsent("c1", kSigned - absl::Hours(24));
  old.document_version = kVersion - 1;
  Consent recent = NewConsent("c2");
  recent.withdrawal = WithdrawnAt(kSigned + absl::Hours(1));
  ASSERT_TRUE(Insert(old).ok());
  ASSERT_TRUE(Insert(recent).ok());
  const absl::Status status = Require();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), HasSubstr("withdrawn"));
}

}  // namespace
}  // namespace mesoclinic::consent

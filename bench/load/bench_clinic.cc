#include "bench/load/bench_clinic.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "clients/clinicctl/clinic_time.h"
#include "clients/clinicctl/request_id.h"
#include "clinic/v1/clinic.grpc.pb.h"
#include "clinic/v1/consent.grpc.pb.h"
#include "clinic/v1/patients.grpc.pb.h"
#include "clinic/v1/scheduling.grpc.pb.h"
#include "clinic/v1/staff.grpc.pb.h"
#include "clinic/v1/treatments.grpc.pb.h"
#include "core/api/proto_time.h"
#include "core/base/status_macros.h"
#include "core/scheduling/calendar.h"

namespace mesoclinic::bench {
namespace {

namespace v1 = ::clinic::v1;
using clinicctl::NewRequestId;

constexpr char kFrontDeskName[] = "Bench front desk";
constexpr char kPatientFamilyName[] = "Loadtest";
// Set-up calls are few; a slow one (slot searches on a big database) is
// still not stuck.
constexpr absl::Duration kSetupDeadline = absl::Seconds(120);

// Runs one set-up call; its refusal becomes an error naming `what`.
template <typename Response, typename Invoke>
absl::StatusOr<Response> Ask(absl::string_view what, Invoke invoke) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoSeconds(kSetupDeadline));
  Response response;
  const grpc::Status status = invoke(&context, &response);
  if (!status.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        absl::StrCat(what, ": ", status.error_message()));
  }
  return response;
}

std::string Numbered(absl::string_view what, int number) {
  return absl::StrFormat("%s %02d", what, number);
}

// Active staff members by display name.
absl::StatusOr<std::map<std::string, std::string>> StaffByDisplayName(
    v1::StaffService::Stub& staff) {
  std::map<std::string, std::string> found;
  v1::ListStaffMembersRequest request;
  request.set_page_size(500);
  do {
    ASSIGN_OR_RETURN(const v1::ListStaffMembersResponse page,
                     Ask<v1::ListStaffMembersResponse>(
                         "ListStaffMembers", [&](auto* context, auto* out) {
                           return staff.ListStaffMembers(context, request, out);
                         }));
    for (const v1::StaffMember& member : page.staff_members()) {
      found.emplace(member.display_name(), member.name());
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return found;
}

absl::StatusOr<std::string> FindOrCreateStaff(
    v1::StaffService::Stub& staff,
    const std::map<std::string, std::string>& existing,
    const std::string& display_name, v1::Role role,
    const std::string& licence_number) {
  if (const auto it = existing.find(display_name); it != existing.end()) {
    return it->second;
  }
  v1::CreateStaffMemberRequest request;
  request.mutable_staff_member()->set_display_name(display_name);
  request.mutable_staff_member()->set_role(role);
  request.mutable_staff_member()->set_licence_number(licence_number);
  request.set_request_id(NewRequestId());
  ASSIGN_OR_RETURN(const v1::CreateStaffMemberResponse created,
                   Ask<v1::CreateStaffMemberResponse>(
                       "CreateStaffMember", [&](auto* context, auto* out) {
                         return staff.CreateStaffMember(context, request, out);
                       }));
  return created.staff_member().name();
}

absl::StatusOr<std::string> IssueKey(v1::StaffService::Stub& staff,
                                     const std::string& staff_name) {
  v1::IssueApiKeyRequest request;
  request.set_parent(staff_name);
  request.set_description("clinic_load run");
  request.set_request_id(NewRequestId());
  ASSIGN_OR_RETURN(const v1::IssueApiKeyResponse issued,
                   Ask<v1::IssueApiKeyResponse>(
                       "IssueApiKey", [&](auto* context, auto* out) {
                         return staff.IssueApiKey(context, request, out);
                       }));
  return issued.secret();
}

absl::StatusOr<std::vector<std::string>> FindOrCreateRooms(
    v1::ClinicService::Stub& clinic, int count) {
  v1::ListRoomsRequest list;
  ASSIGN_OR_RETURN(const v1::ListRoomsResponse rooms,
                   Ask<v1::ListRoomsResponse>(
                       "ListRooms", [&](auto* context, auto* out) {
                         return clinic.ListRooms(context, list, out);
                       }));
  std::map<std::string, std::string> by_display_name;
  for (const v1::Room& room : rooms.rooms()) {
    by_display_name.emplace(room.display_name(), room.name());
  }
  std::vector<std::string> names;
  for (int i = 1; i <= count; ++i) {
    const std::string display_name = Numbered("Bench room", i);
    if (const auto it = by_display_name.find(display_name);
        it != by_display_name.end()) {
      names.push_back(it->second);
      continue;
    }
    v1::CreateRoomRequest create;
    create.mutable_room()->set_display_name(display_name);
    create.set_request_id(NewRequestId());
    ASSIGN_OR_RETURN(const v1::CreateRoomResponse created,
                     Ask<v1::CreateRoomResponse>(
                         "CreateRoom", [&](auto* context, auto* out) {
                           return clinic.CreateRoom(context, create, out);
                         }));
    names.push_back(created.room().name());
  }
  return names;
}

// An adult who is eligible for every in-tree treatment: not pregnant, a
// healthy BMI, no medication or allergy.
v1::Patient EligiblePatient(const std::string& given_name) {
  v1::Patient patient;
  patient.set_given_name(given_name);
  patient.set_family_name(kPatientFamilyName);
  patient.mutable_date_of_birth()->set_year(1988);
  patient.mutable_date_of_birth()->set_month(5);
  patient.mutable_date_of_birth()->set_day(12);
  patient.set_sex(v1::SEX_FEMALE);
  v1::ClinicalFacts& facts = *patient.mutable_clinical_facts();
  facts.set_pregnancy_status(v1::PREGNANCY_STATUS_NOT_PREGNANT);
  facts.set_height_cm(168);
  facts.set_weight_kg(62);
  return patient;
}

// The bench patients of every pair, by pair, created when missing.
absl::StatusOr<std::vector<std::vector<std::string>>> FindOrCreatePatients(
    v1::PatientService::Stub& patients, int pairs, int per_pair) {
  std::map<std::string, std::string> by_given_name;
  v1::ListPatientsRequest list;
  list.set_name_prefix(kPatientFamilyName);
  list.set_page_size(500);
  do {
    ASSIGN_OR_RETURN(const v1::ListPatientsResponse page,
                     Ask<v1::ListPatientsResponse>(
                         "ListPatients", [&](auto* context, auto* out) {
                           return patients.ListPatients(context, list, out);
                         }));
    for (const v1::Patient& patient : page.patients()) {
      if (patient.family_name() == kPatientFamilyName) {
        by_given_name.emplace(patient.given_name(), patient.name());
      }
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());

  std::vector<std::vector<std::string>> names(pairs);
  for (int pair = 1; pair <= pairs; ++pair) {
    for (int i = 1; i <= per_pair; ++i) {
      const std::string given_name =
          absl::StrFormat("Pair %02d Patient %02d", pair, i);
      if (const auto it = by_given_name.find(given_name);
          it != by_given_name.end()) {
        names[pair - 1].push_back(it->second);
        continue;
      }
      v1::CreatePatientRequest create;
      *create.mutable_patient() = EligiblePatient(given_name);
      // Screened: every fact group asked, "none" included, so that the
      // bookings are not refused as SCREENING_INCOMPLETE.
      for (int group = v1::FACT_GROUP_PREGNANCY_STATUS;
           group <= v1::FACT_GROUP_BODY_MEASUREMENTS; ++group) {
        create.add_confirm_facts(static_cast<v1::FactGroup>(group));
      }
      create.set_request_id(NewRequestId());
      ASSIGN_OR_RETURN(const v1::CreatePatientResponse created,
                       Ask<v1::CreatePatientResponse>(
                           "CreatePatient", [&](auto* context, auto* out) {
                             return patients.CreatePatient(context, create,
                                                           out);
                           }));
      names[pair - 1].push_back(created.patient().name());
    }
  }
  return names;
}

// Records a current consent to `type` for each patient that has no active
// one.
absl::Status EnsureConsents(v1::ConsentService::Stub& consents,
                            const v1::TreatmentType& type,
                            const std::vector<std::string>& patients,
                            const std::string& practitioner) {
  for (const std::string& patient : patients) {
    v1::ListConsentsRequest list;
    list.set_parent(patient);
    list.set_treatment_type(type.name());
    ASSIGN_OR_RETURN(const v1::ListConsentsResponse active,
                     Ask<v1::ListConsentsResponse>(
                         "ListConsents", [&](auto* context, auto* out) {
                           return consents.ListConsents(context, list, out);
                         }));
    const bool current = std::any_of(
        active.consents().begin(), active.consents().end(),
        [&](const v1::Consent& consent) {
          return consent.document_version() == type.consent_version();
        });
    if (current) continue;
    v1::RecordConsentRequest record;
    v1::Consent& consent = *record.mutable_consent();
    consent.set_patient(patient);
    consent.set_treatment_type(type.name());
    consent.set_document_version(type.consent_version());
    consent.set_disclosure_sha256(type.consent_text_sha256());
    *consent.mutable_sign_time() =
        TimestampToProto(absl::Now() - absl::Minutes(1));
    consent.set_signer(v1::CONSENT_SIGNER_PATIENT);
    consent.set_practitioner(practitioner);
    consent.set_method(v1::CONSENT_METHOD_ELECTRONIC);
    record.set_request_id(NewRequestId());
    RETURN_IF_ERROR(Ask<v1::RecordConsentResponse>(
                        "RecordConsent", [&](auto* context, auto* out) {
                          return consents.RecordConsent(context, record, out);
                        })
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::TreatmentType> FindTreatmentType(
    v1::TreatmentService::Stub& treatments, const std::string& name) {
  v1::ListTreatmentTypesRequest list;
  ASSIGN_OR_RETURN(const v1::ListTreatmentTypesResponse types,
                   Ask<v1::ListTreatmentTypesResponse>(
                       "ListTreatmentTypes", [&](auto* context, auto* out) {
                         return treatments.ListTreatmentTypes(context, list,
                                                              out);
                       }));
  for (const v1::TreatmentType& type : types.treatment_types()) {
    if (type.name() == name) return type;
  }
  return absl::NotFoundError(absl::StrCat(
      name, " is not loaded by the server: start clinicd with --plugin_dir "
            "naming the built plugins"));
}

// The smallest interval between two sessions of the type's protocol, as the
// server's standalone-session check reads it.
absl::StatusOr<int> SmallestIntervalDays(v1::TreatmentService::Stub& treatments,
                                         const std::string& name) {
  v1::GetTreatmentProtocolRequest request;
  request.set_name(name);
  ASSIGN_OR_RETURN(const v1::GetTreatmentProtocolResponse protocol,
                   Ask<v1::GetTreatmentProtocolResponse>(
                       "GetTreatmentProtocol", [&](auto* context, auto* out) {
                         return treatments.GetTreatmentProtocol(context,
                                                                request, out);
                       }));
  int smallest = 0;
  for (const auto& phase : protocol.protocol().course().phases()) {
    if (smallest == 0 || phase.min_interval_days() < smallest) {
      smallest = phase.min_interval_days();
    }
  }
  return smallest;
}

// Hands a pair's patients out to slots in turn, skipping a patient who holds
// a session fewer than the protocol's interval away from the slot's day.
class PatientRota {
 public:
  PatientRota(const std::vector<std::string>& patients, int min_days)
      : patients_(patients), min_days_(min_days) {}

  // Notes a session `patient` already holds on `day`.
  void Hold(const std::string& patient, absl::CivilDay day) {
    days_held_[patient].insert(day);
  }

  // The next patient free to be booked on `day`, now holding it; nullptr if
  // none is.
  const std::string* Take(absl::CivilDay day) {
    for (size_t tried = 0; tried < patients_.size(); ++tried) {
      const std::string& patient = patients_[next_];
      next_ = (next_ + 1) % patients_.size();
      if (FreeOn(patient, day)) {
        Hold(patient, day);
        return &patient;
      }
    }
    return nullptr;
  }

 private:
  bool FreeOn(const std::string& patient, absl::CivilDay day) const {
    const auto held = days_held_.find(patient);
    if (held == days_held_.end()) return true;
    // The held day nearest on or after `day - (min_days - 1)` is the only
    // one that can be too close.
    const auto nearest = held->second.lower_bound(day - (min_days_ - 1));
    return nearest == held->second.end() || *nearest - day >= min_days_;
  }

  const std::vector<std::string>& patients_;
  const int min_days_;
  std::map<std::string, std::set<absl::CivilDay>> days_held_;
  size_t next_ = 0;
};

// Notes in `rota` the local day of every session the pair's practitioner
// holds (cancelled ones are not listed).
absl::Status NoteSessionsHeld(v1::SchedulingService::Stub& scheduling,
                              const BenchPair& pair, absl::TimeZone zone,
                              PatientRota& rota) {
  v1::ListSessionsRequest request;
  request.set_practitioner(pair.practitioner);
  request.set_page_size(1000);
  do {
    ASSIGN_OR_RETURN(const v1::ListSessionsResponse page,
                     Ask<v1::ListSessionsResponse>(
                         "ListSessions", [&](auto* context, auto* out) {
                           return scheduling.ListSessions(context, request,
                                                          out);
                         }));
    for (const v1::Session& session : page.sessions()) {
      rota.Hold(session.patient(),
                absl::ToCivilDay(clinicctl::FromProto(session.start_time()),
                                 zone));
    }
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return absl::OkStatus();
}

// Patients whose given or family name starts with each letter in turn: a
// spread over the database rather than its first alphabetical page.
absl::StatusOr<std::vector<std::string>> SamplePatients(
    v1::PatientService::Stub& patients, int count) {
  constexpr int kLetters = 26;
  std::vector<std::string> names;
  absl::flat_hash_set<std::string> seen;
  for (char letter = 'a'; letter < 'a' + kLetters; ++letter) {
    v1::ListPatientsRequest list;
    list.set_name_prefix(std::string(1, letter));
    list.set_page_size(std::max(1, (count + kLetters - 1) / kLetters));
    ASSIGN_OR_RETURN(const v1::ListPatientsResponse page,
                     Ask<v1::ListPatientsResponse>(
                         "ListPatients", [&](auto* context, auto* out) {
                           return patients.ListPatients(context, list, out);
                         }));
    for (const v1::Patient& patient : page.patients()) {
      if (seen.insert(patient.name()).second) names.push_back(patient.name());
    }
  }
  return names;
}

}  // namespace

absl::CivilDay BenchClinic::Today() const {
  return absl::ToCivilDay(absl::Now(), time_zone);
}

std::vector<absl::CivilDay> BenchClinic::OpenDays(absl::CivilDay first,
                                                  absl::CivilDay last) const {
  std::vector<absl::CivilDay> days;
  for (absl::CivilDay day = first; day <= last; ++day) {
    if (open_weekdays.contains(scheduling::IsoWeekday(day))) {
      days.push_back(day);
    }
  }
  return days;
}

absl::StatusOr<BenchClinic> PrepareBenchClinic(
    const Connector& connect, const std::string& admin_key,
    const BenchClinicOptions& options) {
  BenchClinic bench;
  bench.treatment_type = options.treatment_type;
  const std::shared_ptr<grpc::Channel> admin = connect(admin_key);
  auto staff = v1::StaffService::NewStub(admin);
  auto clinic = v1::ClinicService::NewStub(admin);

  v1::GetClinicSettingsRequest get_settings;
  ASSIGN_OR_RETURN(const v1::GetClinicSettingsResponse settings,
                   Ask<v1::GetClinicSettingsResponse>(
                       "GetClinicSettings", [&](auto* context, auto* out) {
                         return clinic->GetClinicSettings(context,
                                                          get_settings, out);
                       }));
  if (!absl::LoadTimeZone(settings.settings().time_zone(), &bench.time_zone)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "unknown clinic time zone ", settings.settings().time_zone()));
  }
  for (const v1::WeeklyTimeRange& range :
       settings.settings().opening_hours().ranges()) {
    bench.open_weekdays.insert(static_cast<int>(range.day()));
  }

  ASSIGN_OR_RETURN(const auto existing_staff, StaffByDisplayName(*staff));
  ASSIGN_OR_RETURN(const std::string front_desk,
                   FindOrCreateStaff(*staff, existing_staff, kFrontDeskName,
                                     v1::ROLE_FRONT_DESK, ""));
  ASSIGN_OR_RETURN(bench.front_desk_key, IssueKey(*staff, front_desk));
  ASSIGN_OR_RETURN(const std::vector<std::string> rooms,
                   FindOrCreateRooms(*clinic, options.pairs));
  bench.pairs.resize(options.pairs);
  for (int i = 0; i < options.pairs; ++i) {
    ASSIGN_OR_RETURN(
        bench.pairs[i].practitioner,
        FindOrCreateStaff(*staff, existing_staff,
                          Numbered("Bench practitioner", i + 1),
                          v1::ROLE_PRACTITIONER,
                          absl::StrFormat("BENCH-%02d", i + 1)));
    bench.pairs[i].room = rooms[i];
  }

  // Patients with clinical facts and their consents: a practitioner's work.
  ASSIGN_OR_RETURN(const std::string practitioner_key,
                   IssueKey(*staff, bench.pairs[0].practitioner));
  const std::shared_ptr<grpc::Channel> practitioner = connect(practitioner_key);
  auto patients = v1::PatientService::NewStub(practitioner);
  auto consents = v1::ConsentService::NewStub(practitioner);
  auto treatments = v1::TreatmentService::NewStub(practitioner);
  ASSIGN_OR_RETURN(const v1::TreatmentType type,
                   FindTreatmentType(*treatments, options.treatment_type));
  ASSIGN_OR_RETURN(bench.min_days_between_sessions,
                   SmallestIntervalDays(*treatments, options.treatment_type));
  ASSIGN_OR_RETURN(const auto patients_by_pair,
                   FindOrCreatePatients(*patients, options.pairs,
                                        options.patients_per_pair));
  for (int i = 0; i < options.pairs; ++i) {
    bench.pairs[i].patients = patients_by_pair[i];
    RETURN_IF_ERROR(EnsureConsents(*consents, type, bench.pairs[i].patients,
                                   bench.pairs[i].practitioner));
  }
  ASSIGN_OR_RETURN(bench.patients_to_read,
                   SamplePatients(*patients, options.patients_to_read));
  return bench;
}

absl::StatusOr<std::vector<BookingTarget>> FindFreeSlots(
    const std::shared_ptr<grpc::Channel>& front_desk, const BenchClinic& clinic,
    int count, int max_days) {
  constexpr int kSearchDays = 31;  // FindAvailableSlots' longest span.
  auto scheduling = v1::SchedulingService::NewStub(front_desk);
  const int pairs = static_cast<int>(clinic.pairs.size());
  const int per_pair = (count + pairs - 1) / pairs;
  const absl::CivilDay first = clinic.Today() + 1;
  std::vector<std::vector<BookingTarget>> by_pair(pairs);
  for (int p = 0; p < pairs; ++p) {
    const BenchPair& pair = clinic.pairs[p];
    PatientRota rota(pair.patients, clinic.min_days_between_sessions);
    RETURN_IF_ERROR(
        NoteSessionsHeld(*scheduling, pair, clinic.time_zone, rota));
    absl::Time free_from = absl::InfinitePast();
    for (absl::CivilDay from = first;
         static_cast<int>(by_pair[p].size()) < per_pair &&
         from - first < max_days;
         from += kSearchDays) {
      v1::FindAvailableSlotsRequest request;
      request.set_treatment_type(clinic.treatment_type);
      *request.mutable_start_date() = DateToProto(from);
      *request.mutable_end_date() = DateToProto(from + (kSearchDays - 1));
      request.set_practitioner(pair.practitioner);
      request.set_room(pair.room);
      request.set_page_size(1000);
      do {
        ASSIGN_OR_RETURN(
            const v1::FindAvailableSlotsResponse page,
            Ask<v1::FindAvailableSlotsResponse>(
                "FindAvailableSlots", [&](auto* context, auto* out) {
                  return scheduling->FindAvailableSlots(context, request, out);
                }));
        for (const v1::AvailableSlot& slot : page.slots()) {
          if (static_cast<int>(by_pair[p].size()) >= per_pair) break;
          // Slots come in order of start; a session longer than the grid
          // step would overlap the next slot.
          const absl::Time start = clinicctl::FromProto(slot.start_time());
          if (start < free_from) continue;
          const std::string* patient =
              rota.Take(absl::ToCivilDay(start, clinic.time_zone));
          if (patient == nullptr) continue;
          free_from = clinicctl::FromProto(slot.end_time());
          by_pair[p].push_back(
              {*patient, pair.practitioner, pair.room, start});
        }
        request.set_page_token(page.next_page_token());
      } while (!request.page_token().empty() &&
               static_cast<int>(by_pair[p].size()) < per_pair);
    }
  }
  std::vector<BookingTarget> targets;
  for (int k = 0; static_cast<int>(targets.size()) < count; ++k) {
    bool any = false;
    for (int p = 0; p < pairs && static_cast<int>(targets.size()) < count;
         ++p) {
      if (k < static_cast<int>(by_pair[p].size())) {
        targets.push_back(by_pair[p][k]);
        any = true;
      }
    }
    if (!any) break;
  }
  return targets;
}

}  // namespace mesoclinic::bench

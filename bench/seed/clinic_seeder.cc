#include "bench/seed/clinic_seeder.h"

#include <algorithm>
#include <array>
#include <iostream>
#include <numeric>
#include <optional>
#include <random>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/random/bit_gen_ref.h"
#include "absl/random/distributions.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "bench/seed/audit_history.h"
#include "bench/seed/booking_grid.h"
#include "bench/seed/clinical_records.h"
#include "bench/seed/people.h"
#include "core/auth/api_key_secret.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/consent/consent.h"
#include "core/patients/patient_rules.h"
#include "core/scheduling/calendar.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::bench {
namespace {

using adverse_events::AdverseEvent;
using scheduling::Course;
using scheduling::CourseState;
using scheduling::Session;
using scheduling::SessionState;

// The seeded clinic's calendar.
constexpr int kOpeningMinute = 7 * 60;
constexpr int kClosingMinute = 21 * 60;
constexpr int kSlotMinutes = 15;
constexpr int kSlotsPerDay = (kClosingMinute - kOpeningMinute) / kSlotMinutes;
static_assert(kSlotsPerDay <= BookingGrid::kMaxSlotsPerDay);
constexpr int kClosedWeekday = 7;  // Sunday.
// Courses being booked today start up to this many days ahead; their later
// sessions reach up to kFutureDays ahead.
constexpr int kLastCourseStartDays = 60;
constexpr int kFutureDays = 540;
// How many other practitioners a visit tries when its own is not free.
constexpr int kOtherPractitionersTried = 8;
// Patients whose courses all started this long ago may be archived.
constexpr int kArchiveAfterDays = 3 * 365;

// Methods as the audit trail names them.
constexpr char kUpdateClinicSettings[] =
    "/clinic.v1.ClinicService/UpdateClinicSettings";
constexpr char kCreateStaffMember[] =
    "/clinic.v1.StaffService/CreateStaffMember";
constexpr char kIssueApiKey[] = "/clinic.v1.StaffService/IssueApiKey";
constexpr char kSetWorkingHours[] = "/clinic.v1.ClinicService/SetWorkingHours";
constexpr char kCreateRoom[] = "/clinic.v1.ClinicService/CreateRoom";
constexpr char kCreateClosure[] = "/clinic.v1.ClinicService/CreateClosure";
constexpr char kCreatePatient[] = "/clinic.v1.PatientService/CreatePatient";
constexpr char kArchivePatient[] = "/clinic.v1.PatientService/ArchivePatient";
constexpr char kRecordConsent[] = "/clinic.v1.ConsentService/RecordConsent";
constexpr char kBookCourse[] = "/clinic.v1.SchedulingService/BookCourse";
constexpr char kBookSession[] = "/clinic.v1.SchedulingService/BookSession";
constexpr char kCheckIn[] = "/clinic.v1.SchedulingService/CheckIn";
constexpr char kCompleteSession[] =
    "/clinic.v1.SchedulingService/CompleteSession";
constexpr char kCancelSession[] = "/clinic.v1.SchedulingService/CancelSession";
constexpr char kMarkNoShow[] = "/clinic.v1.SchedulingService/MarkNoShow";
constexpr char kReportAdverseEvent[] =
    "/clinic.v1.AdverseEventService/ReportAdverseEvent";
constexpr char kAddFollowUp[] = "/clinic.v1.AdverseEventService/AddFollowUp";
constexpr char kReviewSafetyHold[] =
    "/clinic.v1.AdverseEventService/ReviewSafetyHold";
// A consent's name holds its patient's id; the audit history fills it in.
constexpr char kConsentsOfPatient[] = "patients/{patient}/consents";

constexpr std::array kCancelReasons = {
    "patient asked to cancel", "patient unwell", "scheduling conflict",
    "patient travelling", "practitioner unavailable"};

// Storage keeps microseconds: so do the seeded times.
absl::Time Micros(absl::Time time) {
  return absl::FromUnixMicros(absl::ToUnixMicros(time));
}

absl::Duration Days(int64_t days) { return absl::Hours(24 * days); }

struct Practitioner {
  int staff = 0;  // Index in the staff lists.
  std::string id;
  // Working slots by ISO weekday (index 1..7).
  std::array<SlotMask, 8> hours{};
};

struct PlannedCourse {
  int patient = 0;
  int treatment = 0;
  int shape = 0;
  int first_day = 0;
  absl::Time booked;
};

// Where a course would like its next visit: the practitioner, room and
// time of day of its last one.
struct Preference {
  int practitioner = 0;
  int room = 0;
  int slot = 0;
};

// A course (or a single session) whose patient may come back for more.
struct TreatedCourse {
  int patient = 0;
  int treatment = 0;
  int last_day = 0;
  Preference preference;
};

class Seeder {
 public:
  Seeder(BulkWriter& writer, const std::vector<Treatment>& catalog,
         const std::string& time_zone, const std::string& admin_id,
         absl::Time now, const SeedVolume& volume, uint64_t random_seed)
      : writer_(writer),
        catalog_(catalog),
        time_zone_name_(time_zone),
        now_(Micros(now)),
        volume_(volume),
        engine_(random_seed),
        random_(engine_),
        audit_(staff_ids_, staff_roles_, patient_ids_) {
    absl::LoadTimeZone(time_zone, &zone_);
    today_ = absl::ToCivilDay(now_, zone_);
    first_day_ = today_ - (volume.history_days > 0 ? volume.history_days
                                                   : 365 * volume.years);
    // Staff and rooms come first, some months before the first course.
    history_start_ = Micros(absl::FromCivil(first_day_, zone_) -
                            Days(90) + absl::Hours(9));
    grid_.emplace(static_cast<int>(today_ + kFutureDays - first_day_),
                  volume.practitioners, volume.rooms, volume.patients);
    staff_ids_.push_back(admin_id);
    staff_roles_.push_back(staff::Role::kAdmin);
  }

  absl::StatusOr<SeedCounts> Run() {
    RETURN_IF_ERROR(WriteSettings());
    RETURN_IF_ERROR(WriteStaff());
    RETURN_IF_ERROR(WriteRooms());
    RETURN_IF_ERROR(WriteClosures());
    PlanCourses();
    RETURN_IF_ERROR(WritePatientsAndConsents());
    RETURN_IF_ERROR(WriteCourses());
    RETURN_IF_ERROR(WriteSingleSessions());
    if (volume_.audit_history) {
      std::cerr << "writing " << audit_.size() << " audit records...\n";
      counts_.audit_records = audit_.size();
      RETURN_IF_ERROR(audit_.Write(writer_));
    }
    return counts_;
  }

 private:
  absl::Time SlotStart(int day, int slot) const {
    const absl::CivilDay civil = first_day_ + day;
    return absl::FromCivil(
        absl::CivilMinute(civil.year(), civil.month(), civil.day()) +
            kOpeningMinute + slot * kSlotMinutes,
        zone_);
  }
  int DayIndex(absl::CivilDay day) const {
    return static_cast<int>(day - first_day_);
  }
  int Weekday(int day) const { return scheduling::IsoWeekday(first_day_ + day); }
  absl::Time Between(absl::Time from, absl::Time to) {
    if (to <= from) return Micros(from);
    return Micros(from + absl::Microseconds(absl::Uniform<int64_t>(
                             random_, 0, absl::ToInt64Microseconds(to - from))));
  }
  int FrontDesk() {
    return front_desk_[absl::Uniform<size_t>(random_, 0, front_desk_.size())];
  }
  void Audit(absl::Time time, int staff, absl::string_view method,
             absl::string_view collection, absl::string_view id,
             int patient = -1) {
    if (volume_.audit_history) {
      audit_.Add(time, staff, method, collection, id, patient);
    }
  }
  absl::Status Wrote(int64_t rows = 1) { return writer_.Wrote(rows); }

  absl::Status WriteSettings() {
    scheduling::ClinicSettings settings;
    settings.time_zone_name = time_zone_name_;
    settings.time_zone = zone_;
    for (int weekday = 1; weekday <= 7; ++weekday) {
      if (weekday == kClosedWeekday) continue;
      settings.opening_hours.Add(weekday, {kOpeningMinute, kClosingMinute});
    }
    settings.slot_granularity_minutes = kSlotMinutes;
    RETURN_IF_ERROR(scheduling::ValidateSettings(settings));
    RETURN_IF_ERROR(writer_.scheduling().PutSettings(settings));
    Audit(history_start_, 0, kUpdateClinicSettings, "clinic", "settings");
    return Wrote();
  }

  // A staff member with a key, created by the first admin.
  absl::StatusOr<int> AddStaff(staff::Role role, const std::string& title,
                               absl::Time when) {
    const patients::Sex sex = absl::Bernoulli(random_, 0.6)
                                  ? patients::Sex::kFemale
                                  : patients::Sex::kMale;
    const PersonName name = RandomName(random_, sex);
    staff::StaffMember member{
        .id = NewResourceId(),
        .display_name = absl::StrCat(title, name.given, " ", name.family),
        // Names have accents; addresses are ASCII.
        .email = absl::StrCat("staff", staff_ids_.size(), "@clinic.example.fr"),
        .role = role,
        .licence_number =
            role == staff::Role::kPractitioner ? RandomLicenceNumber(random_)
                                               : "",
        .active = true,
        .create_time = Micros(when),
    };
    RETURN_IF_ERROR(staff::ValidateStaffMember(member));
    RETURN_IF_ERROR(writer_.staff().Insert(member));
    ASSIGN_OR_RETURN(const auth::NewApiKey key, auth::GenerateApiKey());
    RETURN_IF_ERROR(writer_.staff().InsertApiKey({
        .id = key.key_id,
        .staff_id = member.id,
        .secret_hash = key.secret_hash,
        .description = "workstation",
        .create_time = member.create_time + absl::Minutes(1),
    }));
    const int index = static_cast<int>(staff_ids_.size());
    staff_index_[member.id] = index;
    staff_ids_.push_back(member.id);
    staff_roles_.push_back(role);
    Audit(member.create_time, 0, kCreateStaffMember, "staff", member.id);
    Audit(member.create_time + absl::Minutes(1), 0, kIssueApiKey, "staff",
          member.id);
    counts_.staff += 1;
    counts_.api_keys += 1;
    RETURN_IF_ERROR(Wrote(2));
    return index;
  }

  absl::Status WriteStaff() {
    absl::Time when = history_start_;
    for (int i = 0; i < volume_.practitioners; ++i) {
      when += absl::Minutes(5);
      ASSIGN_OR_RETURN(const int staff,
                       AddStaff(staff::Role::kPractitioner, "Dr ", when));
      Practitioner practitioner{staff, staff_ids_[staff], {}};
      // Early, middle and late shifts of eight hours; one weekday off, and
      // a second one for every seventh practitioner (part time).
      const int shift = i % 3;
      const int first_slot = shift * 12;
      const int shift_slots = 8 * 60 / kSlotMinutes;
      const int day_off = i % 6 + 1;
      const int second_day_off = i % 7 == 0 ? (i + 3) % 6 + 1 : 0;
      scheduling::WeeklyHours hours;
      for (int weekday = 1; weekday <= 7; ++weekday) {
        if (weekday == kClosedWeekday || weekday == day_off ||
            weekday == second_day_off) {
          continue;
        }
        practitioner.hours[weekday] = SlotsFrom(first_slot, shift_slots);
        hours.Add(weekday,
                  {kOpeningMinute + first_slot * kSlotMinutes,
                   kOpeningMinute + (first_slot + shift_slots) * kSlotMinutes});
      }
      RETURN_IF_ERROR(hours.Validate("hours"));
      RETURN_IF_ERROR(writer_.scheduling().PutWorkingHours(practitioner.id,
                                                           hours));
      Audit(when + absl::Minutes(2), 0, kSetWorkingHours, "staff",
            practitioner.id);
      RETURN_IF_ERROR(Wrote());
      practitioners_.push_back(std::move(practitioner));
    }
    for (int i = 0; i < volume_.front_desk; ++i) {
      when += absl::Minutes(5);
      ASSIGN_OR_RETURN(const int staff,
                       AddStaff(staff::Role::kFrontDesk, "", when));
      front_desk_.push_back(staff);
    }
    when += absl::Minutes(5);
    return AddStaff(staff::Role::kAdmin, "", when).status();
  }

  absl::Status WriteRooms() {
    for (int i = 0; i < volume_.rooms; ++i) {
      const scheduling::Room room{
          .id = NewResourceId(),
          .display_name = absl::StrCat("Salle ", i + 1),
          .active = true,
          .create_time = history_start_ + absl::Hours(1) + absl::Minutes(i),
      };
      RETURN_IF_ERROR(writer_.scheduling().InsertRoom(room));
      Audit(room.create_time, 0, kCreateRoom, "rooms", room.id);
      room_ids_.push_back(room.id);
      counts_.rooms += 1;
      RETURN_IF_ERROR(Wrote());
    }
    return absl::OkStatus();
  }

  // A closure of `days` days from `first` (a day index), created some weeks
  // before it (never after now).
  absl::Status AddClosure(scheduling::ClosureScope scope,
                          const std::string& scope_id, int first, int days,
                          const std::string& reason) {
    const absl::Time start = absl::FromCivil(first_day_ + first, zone_);
    const scheduling::Closure closure{
        .id = NewResourceId(),
        .scope = scope,
        .scope_id = scope_id,
        .period = {start, absl::FromCivil(first_day_ + first + days, zone_)},
        .reason = reason,
        .create_time = Micros(std::clamp(start - Days(60), history_start_,
                                         now_ - absl::Hours(1))),
    };
    RETURN_IF_ERROR(writer_.scheduling().InsertClosure(closure));
    Audit(closure.create_time, 0, kCreateClosure, "closures", closure.id);
    counts_.closures += 1;
    return Wrote();
  }

  absl::Status WriteClosures() {
    BookingGrid& grid = *grid_;
    const absl::CivilDay last_day = first_day_ + grid.days() - 1;
    for (int64_t year = first_day_.year(); year <= last_day.year(); ++year) {
      // France's fixed public holidays.
      for (const auto& [month, day] :
           {std::pair{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1},
            {11, 11}, {12, 25}}) {
        const int index = DayIndex(absl::CivilDay(year, month, day));
        if (index < 0 || index >= grid.days()) continue;
        grid.CloseDay(index);
        RETURN_IF_ERROR(AddClosure(scheduling::ClosureScope::kClinic, "",
                                   index, 1, "public holiday"));
      }
      for (size_t p = 0; p < practitioners_.size(); ++p) {
        // Two weeks in summer; a week in winter for half of them.
        std::vector<std::pair<int, int>> leave = {
            {DayIndex(absl::CivilDay(year, 7, 1)) +
                 absl::Uniform(random_, 0, 48),
             14}};
        if (absl::Bernoulli(random_, 0.5)) {
          leave.emplace_back(DayIndex(absl::CivilDay(year, 1, 15)) +
                                 absl::Uniform(random_, 0, 40),
                             7);
        }
        for (const auto& [first, days] : leave) {
          if (first < 0 || first + days > grid.days()) continue;
          for (int day = first; day < first + days; ++day) {
            grid.TakeLeave(static_cast<int>(p), day);
          }
          RETURN_IF_ERROR(AddClosure(scheduling::ClosureScope::kPractitioner,
                                     practitioners_[p].id, first, days,
                                     "annual leave"));
        }
      }
      for (size_t room = 0; room < room_ids_.size(); ++room) {
        const int day = DayIndex(absl::CivilDay(year, 1, 1)) +
                        absl::Uniform(random_, 0, 365);
        if (day < 0 || day >= grid.days()) continue;
        grid.CloseRoom(static_cast<int>(room), day);
        RETURN_IF_ERROR(AddClosure(scheduling::ClosureScope::kRoom,
                                   room_ids_[room], day, 1, "maintenance"));
      }
    }
    return absl::OkStatus();
  }

  void PlanCourses() {
    double mean_sessions = 0;
    std::vector<double> shares;
    for (const Treatment& treatment : catalog_) {
      mean_sessions += treatment.course_share * treatment.MeanSessionsPerCourse();
      shares.push_back(treatment.course_share);
    }
    // Courses bring about 95% of the sessions; single sessions the rest.
    // No sessions asked for: the clinic alone, with no history (the bench's
    // "empty" database, with the same staff as the seeded one).
    const double wanted_courses =
        0.95 * static_cast<double>(volume_.sessions) / mean_sessions;
    const int64_t course_count =
        volume_.sessions == 0
            ? 0
            : std::max<int64_t>(1, static_cast<int64_t>(wanted_courses));
    std::vector<int> newcomers(volume_.patients);
    std::iota(newcomers.begin(), newcomers.end(), 0);
    std::shuffle(newcomers.begin(), newcomers.end(), random_);
    std::discrete_distribution<int> pick_treatment(shares.begin(),
                                                   shares.end());
    const int last_start = DayIndex(today_ + kLastCourseStartDays);
    for (int64_t c = 0; c < course_count; ++c) {
      PlannedCourse course;
      course.patient = c < volume_.patients
                           ? newcomers[c]
                           : absl::Uniform(random_, 0, volume_.patients);
      course.treatment = pick_treatment(engine_);
      course.shape = absl::Uniform(
          random_, 0,
          static_cast<int>(catalog_[course.treatment].shapes.size()));
      course.first_day = absl::Uniform(random_, 0, last_start + 1);
      const absl::Time first = SlotStart(course.first_day, 0);
      course.booked =
          first > now_ ? Between(now_ - Days(20), now_ - absl::Hours(1))
                       : Between(first - Days(21), first - Days(3));
      courses_.push_back(course);
    }
    std::sort(courses_.begin(), courses_.end(),
              [](const PlannedCourse& a, const PlannedCourse& b) {
                return a.booked < b.booked;
              });
  }

  absl::Status WritePatientsAndConsents() {
    const int count = volume_.patients;
    patient_ids_.resize(count);
    for (std::string& id : patient_ids_) id = NewResourceId();
    // What each patient comes for, and when first.
    std::vector<std::vector<int>> courses_of(count);
    for (size_t c = 0; c < courses_.size(); ++c) {
      courses_of[courses_[c].patient].push_back(static_cast<int>(c));
    }
    archived_.assign(count, false);
    for (int p = 0; p < count; ++p) {
      const std::vector<int>& mine = courses_of[p];
      // Consents: one per treatment, signed before its first course was
      // booked (courses are in booking order).
      std::vector<consent::Consent> consents;
      std::vector<int> treatments;
      for (const int c : mine) {
        const PlannedCourse& course = courses_[c];
        if (std::find(treatments.begin(), treatments.end(),
                      course.treatment) != treatments.end()) {
          continue;
        }
        treatments.push_back(course.treatment);
        const Treatment& treatment = catalog_[course.treatment];
        consent::Consent consent{
            .id = NewResourceId(),
            .patient_id = patient_ids_[p],
            .treatment_type = treatment.id,
            .document_version = treatment.consent_version,
            .disclosure_sha256 = treatment.consent_sha256,
            .sign_time = Between(course.booked - Days(3),
                                 course.booked - absl::Minutes(10)),
            .signer = consent::Signer::kPatient,
            .practitioner_id =
                practitioners_[absl::Uniform<size_t>(random_, 0,
                                                     practitioners_.size())]
                    .id,
            .method = absl::Bernoulli(random_, 0.6)
                          ? consent::Method::kElectronic
                          : consent::Method::kPaper,
        };
        consent.create_time = consent.sign_time + absl::Minutes(2);
        consent.recorded_by = staff_ids_[FrontDesk()];
        RETURN_IF_ERROR(consent::ValidateNewConsent(consent, consent.create_time));
        consents.push_back(std::move(consent));
      }
      absl::Time created = Between(history_start_, now_ - Days(1));
      for (const consent::Consent& consent : consents) {
        created = std::min(created, consent.sign_time - absl::Minutes(5) -
                                        Days(absl::Uniform(random_, 0, 30)));
      }
      created = Micros(created);
      const bool cellulite = std::any_of(
          treatments.begin(), treatments.end(),
          [&](int t) { return catalog_[t].id == "cellulite"; });
      const int first_day =
          mine.empty() ? DayIndex(absl::ToCivilDay(created, zone_))
                       : courses_[mine.front()].first_day;
      patients::Patient patient = RandomPatient(
          random_, {.id = patient_ids_[p],
                    .create_time = created,
                    .first_session_day = first_day_ + first_day,
                    .for_cellulite = cellulite});
      // Patients who came once, long ago, and moved on.
      if (mine.size() == 1 && first_day < DayIndex(today_ - kArchiveAfterDays) &&
          absl::Bernoulli(random_, 0.05)) {
        patient.archived = true;
        patient.archive_time = Micros(
            SlotStart(first_day, 0) + Days(kArchiveAfterDays - 30));
        patient.update_time = *patient.archive_time;
        patient.revision = 2;
        archived_[p] = true;
        counts_.archived_patients += 1;
      }
      RETURN_IF_ERROR(patients::ValidatePatient(patient, today_));
      if (p % 1000 == 0) {
        RETURN_IF_ERROR(CheckEligible(patient, treatments, first_day));
      }
      RETURN_IF_ERROR(writer_.patients().Insert(patient));
      Audit(patient.create_time, FrontDesk(), kCreatePatient, "patients",
            patient.id, p);
      if (patient.archived) {
        Audit(*patient.archive_time, FrontDesk(), kArchivePatient, "patients",
              patient.id, p);
      }
      counts_.patients += 1;
      RETURN_IF_ERROR(Wrote());
      for (const consent::Consent& consent : consents) {
        RETURN_IF_ERROR(writer_.consent().Insert(consent));
        Audit(consent.create_time, FrontDesk(), kRecordConsent,
              kConsentsOfPatient, consent.id, p);
        counts_.consents += 1;
        RETURN_IF_ERROR(Wrote());
      }
    }
    return absl::OkStatus();
  }

  // The plugins find the patient eligible on their first session's day: a
  // check, on a sample, that the invented facts are what they should be.
  absl::Status CheckEligible(const patients::Patient& patient,
                             const std::vector<int>& treatments,
                             int first_day) const {
    for (const int t : treatments) {
      clinic::plugin::v1::EligibilityRequest request;
      *request.mutable_facts() = treatments::PatientFactsFor(
          patient, first_day_ + first_day, first_day_ + first_day);
      ASSIGN_OR_RETURN(const clinic::plugin::v1::EligibilityResult result,
                       catalog_[t].plugin->CheckEligibility(request));
      if (!result.eligible()) {
        return absl::InternalError(absl::StrCat(
            "seeded patient not eligible for ", catalog_[t].id, ": ",
            result.ShortDebugString()));
      }
    }
    return absl::OkStatus();
  }

  // Finds a free slot for `patient` on a day of [lo, hi] (nearest to
  // `target` first), keeping `preference` when it can; fills `session`'s
  // who and when, holds the slot and updates `preference`.
  bool Place(int patient, const Treatment& treatment, int target, int lo,
             int hi, Preference& preference, Session& session) {
    BookingGrid& grid = *grid_;
    lo = std::max(lo, 0);
    hi = std::min(hi, grid.days() - 1);
    std::vector<int> candidates = {preference.practitioner};
    for (int i = 0; i < kOtherPractitionersTried; ++i) {
      candidates.push_back(
          absl::Uniform(random_, 0, static_cast<int>(practitioners_.size())));
    }
    for (int step = 0; step <= 2 * (hi - lo) + 1; ++step) {
      const int day = target + (step % 2 == 0 ? step / 2 : -(step / 2 + 1));
      if (day < lo || day > hi || grid.Closed(day)) continue;
      const int weekday = Weekday(day);
      if (weekday == kClosedWeekday) continue;
      for (const int p : candidates) {
        const SlotMask hours = practitioners_[p].hours[weekday];
        for (int offset = 0; offset < 2 * kSlotsPerDay; ++offset) {
          const int slot = preference.slot +
                           (offset % 2 == 0 ? offset / 2 : -(offset / 2 + 1));
          if (slot < 0 || slot + treatment.slots > kSlotsPerDay) continue;
          const SlotMask slots = SlotsFrom(slot, treatment.slots);
          if ((hours & slots) != slots ||
              !grid.PractitionerFree(p, day, slots) ||
              !grid.PatientFree(patient, day, slots)) {
            continue;
          }
          const int room = grid.FreeRoom(day, slots, preference.room);
          if (room < 0) continue;
          grid.Hold(p, room, patient, day, slots);
          preference = {p, room, slot};
          session.id = NewResourceId();
          session.patient_id = patient_ids_[patient];
          session.treatment_type = treatment.id;
          session.practitioner_id = practitioners_[p].id;
          session.room_id = room_ids_[room];
          const absl::Time start = SlotStart(day, slot);
          session.time = {start, start + treatment.session_length};
          return true;
        }
      }
    }
    return false;
  }

  // Decides what became of each session of a course (or of a single
  // session) by now, and writes everything that follows from it.
  absl::Status Settle(const Treatment& treatment, int patient,
                      std::optional<Course>& course,
                      std::vector<Session>& sessions) {
    std::optional<absl::Time> stopped_at;
    std::optional<absl::Time> suspended_at;
    std::vector<adverse_events::FollowUpTask> tasks;
    std::vector<AdverseEvent> events;
    for (Session& session : sessions) {
      const absl::Time start = session.time.start;
      const int practitioner_staff = staff_index_.at(session.practitioner_id);
      const double roll = absl::Uniform(random_, 0.0, 1.0);
      if (stopped_at.has_value() && start >= *stopped_at) {
        session.state = SessionState::kCancelled;
        session.cancel_reason =
            "course stopped after a safety review: adverse event after an "
            "earlier session";
        session.cancelled_by = staff_ids_[practitioner_staff];
        session.update_time = *stopped_at;
      } else if (session.time.end <= now_ && roll < 0.88) {
        session.state = SessionState::kCompleted;
        session.check_in_time =
            Between(start - absl::Minutes(20), start - absl::Minutes(1));
        const absl::Time recorded = Micros(std::min(
            now_, session.time.end + absl::Minutes(absl::Uniform(random_, 1, 30))));
        session.treatment_record = RandomTreatmentRecord(
            random_, treatment.plugin->description(), session, recorded);
        session.update_time = recorded;
        Audit(*session.check_in_time, FrontDesk(), kCheckIn, "sessions",
              session.id, patient);
        Audit(recorded, practitioner_staff, kCompleteSession, "sessions",
              session.id, patient);
        for (adverse_events::FollowUpTask& task : FollowUpTasksFor(
                 random_, treatment.plugin->description(), session, now_)) {
          tasks.push_back(std::move(task));
        }
        if (absl::Bernoulli(random_, adverse_event_rate_)) {
          ASSIGN_OR_RETURN(
              std::optional<AdverseEvent> event,
              RandomAdverseEvent(random_, *treatment.plugin, session, now_));
          if (event.has_value()) {
            if (adverse_events::NeedsSafetyHold(*event) && course.has_value() &&
                !stopped_at.has_value() && !suspended_at.has_value()) {
              counts_.safety_holds += 1;
              const absl::Time review = event->create_time + Days(
                  absl::Uniform(random_, 1, 6));
              if (review < now_) {
                // Reviewed: half the courses go on, half stop.
                Audit(review, practitioner_staff, kReviewSafetyHold, "courses",
                      course->id, patient);
                if (absl::Bernoulli(random_, 0.5)) {
                  stopped_at = review;
                  course->state = CourseState::kStopped;
                  course->update_time = review;
                }
              } else {
                suspended_at = event->create_time;
                course->state = CourseState::kSuspended;
                course->update_time = event->create_time;
              }
            }
            events.push_back(*std::move(event));
          }
        }
      } else if (session.time.end <= now_ && roll < 0.92) {
        session.state = SessionState::kNoShow;
        session.update_time = Micros(std::min(now_, start + absl::Minutes(20)));
        Audit(session.update_time, FrontDesk(), kMarkNoShow, "sessions",
              session.id, patient);
      } else if (session.time.end <= now_ || (start > now_ && roll < 0.04)) {
        session.state = SessionState::kCancelled;
        session.cancel_reason = kCancelReasons[absl::Uniform<size_t>(
            random_, 0, kCancelReasons.size())];
        const int who = FrontDesk();
        session.cancelled_by = staff_ids_[who];
        session.update_time =
            Between(session.create_time, std::min(start, now_));
        Audit(session.update_time, who, kCancelSession, "sessions", session.id,
              patient);
      } else if (start <= now_) {
        session.state = SessionState::kCheckedIn;
        session.check_in_time = Between(start - absl::Minutes(10), now_);
        session.update_time = *session.check_in_time;
        Audit(*session.check_in_time, FrontDesk(), kCheckIn, "sessions",
              session.id, patient);
      } else {
        session.state = SessionState::kBooked;
        // A course on hold flags its sessions still to come.
        session.flagged = suspended_at.has_value();
      }
    }

    if (course.has_value()) {
      RETURN_IF_ERROR(writer_.scheduling().InsertCourse(*course));
      Audit(course->create_time, FrontDesk(), kBookCourse, "courses",
            course->id, patient);
      counts_.courses += 1;
      RETURN_IF_ERROR(Wrote());
    } else {
      Audit(sessions.front().create_time, FrontDesk(), kBookSession,
            "sessions", sessions.front().id, patient);
    }
    for (const Session& session : sessions) {
      RETURN_IF_ERROR(writer_.scheduling().InsertSession(session));
      counts_.sessions += 1;
      counts_.sessions_by_state[std::string(
          scheduling::SessionStateName(session.state))] += 1;
      RETURN_IF_ERROR(Wrote(session.treatment_record.has_value() ? 3 : 1));
    }
    for (const adverse_events::FollowUpTask& task : tasks) {
      RETURN_IF_ERROR(writer_.adverse_events().InsertTask(task));
      counts_.follow_up_tasks += 1;
      RETURN_IF_ERROR(Wrote());
    }
    for (const AdverseEvent& event : events) {
      const int practitioner_staff = staff_index_.at(event.reporter_id);
      RETURN_IF_ERROR(writer_.adverse_events().Insert(event));
      Audit(event.create_time, practitioner_staff, kReportAdverseEvent,
            "adverseEvents", event.id, patient);
      for (const adverse_events::FollowUp& follow_up : event.follow_ups) {
        RETURN_IF_ERROR(
            writer_.adverse_events().AppendFollowUp(event.id, follow_up));
        Audit(follow_up.time, practitioner_staff, kAddFollowUp,
              "adverseEvents", event.id, patient);
        counts_.adverse_event_follow_ups += 1;
      }
      counts_.adverse_events += 1;
      RETURN_IF_ERROR(Wrote(1 + event.follow_ups.size()));
    }
    if (counts_.sessions >= next_progress_) {
      std::cerr << counts_.sessions << " sessions written\n";
      next_progress_ += 100000;
    }
    return absl::OkStatus();
  }

  absl::Status WriteCourses() {
    // Adverse events follow completed sessions (about 84% of all) at this
    // rate.
    adverse_event_rate_ = std::min(
        1.0, volume_.adverse_events / (0.84 * static_cast<double>(
                                                  volume_.sessions)));
    for (const PlannedCourse& planned : courses_) {
      const Treatment& treatment = catalog_[planned.treatment];
      const CourseShape& shape = treatment.shapes[planned.shape];
      Preference preference{
          absl::Uniform(random_, 0, static_cast<int>(practitioners_.size())),
          absl::Uniform(random_, 0, static_cast<int>(room_ids_.size())),
          absl::Uniform(random_, 0, kSlotsPerDay)};
      std::optional<Course> course = Course{
          NewResourceId(), patient_ids_[planned.patient], treatment.id,
          CourseState::kActive, planned.booked, planned.booked};
      std::vector<Session> sessions;
      int previous_day = 0;
      for (size_t i = 0; i < shape.visits.size(); ++i) {
        const PlannedVisit& visit = shape.visits[i];
        int target = planned.first_day;
        int lo = planned.first_day;
        int hi = planned.first_day + 6;
        if (i > 0) {
          target = previous_day + (visit.day - shape.visits[i - 1].day);
          lo = previous_day + visit.min_gap_days;
          hi = previous_day + visit.max_gap_days;
        }
        Session session;
        if (!Place(planned.patient, treatment, target, lo, hi, preference,
                   session)) {
          counts_.unplaced_sessions +=
              static_cast<int64_t>(shape.visits.size() - i);
          break;
        }
        previous_day = DayIndex(absl::ToCivilDay(session.time.start, zone_));
        session.course_id = course->id;
        session.course_index = static_cast<int>(i);
        session.min_gap_days = visit.min_gap_days;
        session.max_gap_days = visit.max_gap_days;
        session.create_time = course->create_time;
        session.update_time = course->create_time;
        sessions.push_back(std::move(session));
      }
      if (sessions.empty()) continue;
      RETURN_IF_ERROR(Settle(treatment, planned.patient, course, sessions));
      if (!archived_[planned.patient]) {
        treated_.push_back({planned.patient, planned.treatment, previous_day,
                            preference});
      }
    }
    return absl::OkStatus();
  }

  // Single sessions some weeks or months after a course, until the history
  // holds the requested number of sessions.
  absl::Status WriteSingleSessions() {
    if (treated_.empty()) return absl::OkStatus();
    int64_t attempts = 0;
    const int64_t max_attempts =
        20 * std::max<int64_t>(1, volume_.sessions - counts_.sessions);
    while (counts_.sessions < volume_.sessions && attempts++ < max_attempts) {
      TreatedCourse& before =
          treated_[absl::Uniform<size_t>(random_, 0, treated_.size())];
      const Treatment& treatment = catalog_[before.treatment];
      const int target = before.last_day + absl::Uniform(random_, 30, 240);
      if (target >= grid_->days()) continue;
      Session session;
      if (!Place(before.patient, treatment, target, target - 7, target + 7,
                 before.preference, session)) {
        continue;
      }
      const absl::Time start = session.time.start;
      session.create_time =
          start > now_ ? Between(now_ - Days(30), now_ - absl::Hours(1))
                       : Between(start - Days(21), start - Days(1));
      session.update_time = session.create_time;
      before.last_day = DayIndex(absl::ToCivilDay(start, zone_));
      std::vector<Session> single = {std::move(session)};
      std::optional<Course> no_course;
      RETURN_IF_ERROR(Settle(treatment, before.patient, no_course, single));
      counts_.single_sessions += 1;
    }
    return absl::OkStatus();
  }

  BulkWriter& writer_;
  const std::vector<Treatment>& catalog_;
  const std::string time_zone_name_;
  const absl::Time now_;
  const SeedVolume volume_;
  std::mt19937_64 engine_;
  absl::BitGenRef random_;
  absl::TimeZone zone_;
  absl::CivilDay today_;
  absl::CivilDay first_day_;
  absl::Time history_start_;
  std::optional<BookingGrid> grid_;

  std::vector<std::string> staff_ids_;
  std::vector<staff::Role> staff_roles_;
  absl::flat_hash_map<std::string, int> staff_index_;
  std::vector<Practitioner> practitioners_;
  std::vector<int> front_desk_;
  std::vector<std::string> room_ids_;
  std::vector<std::string> patient_ids_;
  std::vector<bool> archived_;
  std::vector<PlannedCourse> courses_;
  std::vector<TreatedCourse> treated_;
  double adverse_event_rate_ = 0;
  int64_t next_progress_ = 100000;
  AuditHistory audit_;
  SeedCounts counts_;
};

}  // namespace

absl::StatusOr<SeedCounts> SeedClinic(BulkWriter& writer,
                                      const std::vector<Treatment>& catalog,
                                      const std::string& time_zone,
                                      const std::string& admin_id,
                                      absl::Time now, const SeedVolume& volume,
                                      uint64_t random_seed) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(time_zone, &zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--time_zone: unknown time zone ", time_zone));
  }
  if (volume.practitioners < 1 || volume.rooms < 1 || volume.front_desk < 1 ||
      (volume.years < 1 && volume.history_days < 1)) {
    return absl::InvalidArgumentError(
        "the volume needs at least one practitioner, room, front desk and "
        "year (or day, with --history_days)");
  }
  if (volume.sessions > 0 && volume.patients < 1) {
    return absl::InvalidArgumentError(
        "sessions need at least one patient (--sessions=0 for the clinic "
        "alone)");
  }
  if (volume.adverse_events > 0 && volume.sessions == 0) {
    return absl::InvalidArgumentError(
        "adverse events follow sessions: --adverse_events=0 with "
        "--sessions=0");
  }
  Seeder seeder(writer, catalog, time_zone, admin_id, now, volume,
                random_seed);
  return seeder.Run();
}

}  // namespace mesoclinic::bench

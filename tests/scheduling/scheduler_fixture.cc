#include "tests/scheduling/scheduler_fixture.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"

namespace mesoclinic::scheduling {
namespace {

constexpr char kTreatment[] = "cellulite";

std::string LocalTime(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M", time, SchedulerTest::Paris());
}

}  // namespace

std::string Describe(const Session& session) {
  return absl::StrCat(
      "sessions/", session.id, " ", SessionStateName(session.state), " ",
      LocalTime(session.time.start), " to ", LocalTime(session.time.end),
      " patient=", session.patient_id, " practitioner=",
      session.practitioner_id, " room=", session.room_id, " course=",
      session.course_id, "[", session.course_index, "] gap=",
      session.min_gap_days, "-", session.max_gap_days, " flagged=",
      session.flagged, " cancelled=", session.cancel_reason, "/",
      session.cancelled_by, " check_in=",
      session.check_in_time ? LocalTime(*session.check_in_time) : "-",
      " record=", session.treatment_record.has_value(), " kind=",
      static_cast<int>(session.kind), " type=", session.treatment_type,
      " notes=", session.consultation_notes,
      " updated=", absl::FormatTime(session.update_time));
}

void PrintTo(const Session& session, std::ostream* os) {
  *os << Describe(session);
}

void PrintTo(const SessionChange& change, std::ostream* os) {
  *os << (change.kind == SessionChange::Kind::kBooked ? "booked " : "updated ")
      << "sessions/" << change.session.id << " on " << change.day
      << " (before: " << change.previous_day << ")";
}

absl::TimeZone SchedulerTest::Paris() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Paris", &zone));
  return zone;
}

absl::CivilDay SchedulerTest::Monday(int weeks) {
  return absl::CivilDay(2030, 1, 14) + 7 * weeks;
}

absl::Time SchedulerTest::At(absl::CivilDay day, int hour, int minute) {
  return absl::FromCivil(
      absl::CivilMinute(day.year(), day.month(), day.day(), hour, minute),
      Paris());
}

const plugin_host::PluginRegistry& SchedulerTest::Plugins() {
  // Never freed: plugins stay loaded until the process ends.
  static const plugin_host::PluginRegistry* const registry = [] {
    auto* loaded = new plugin_host::PluginRegistry::LoadResult(
        plugin_host::PluginRegistry::LoadDirectory(
            MESOCLINIC_TEST_PLUGIN_DIR));
    for (const plugin_host::PluginRefusal& refusal : loaded->refusals) {
      ADD_FAILURE() << refusal.path << ": " << refusal.reason;
    }
    return &loaded->registry;
  }();
  return *registry;
}

const plugin_host::LoadedPlugin& SchedulerTest::Cellulite() {
  const plugin_host::LoadedPlugin* plugin = Plugins().Find(kTreatment);
  // Every test books it: without it, nothing here means anything.
  if (plugin == nullptr) {
    ADD_FAILURE() << "no cellulite plugin in " << MESOCLINIC_TEST_PLUGIN_DIR;
    std::abort();
  }
  return *plugin;
}

void SchedulerTest::SetUp() {
  absl::StatusOr<std::unique_ptr<storage::SqliteStore>> store =
      storage::SqliteStore::Open(
          {.path = dir_.File("clinic.db"), .require_audited_changes = false});
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);

  ClinicSettings settings;
  settings.time_zone_name = "Europe/Paris";
  settings.time_zone = Paris();
  for (int weekday = 1; weekday <= 5; ++weekday) {
    settings.opening_hours.Add(weekday, {9 * 60, 18 * 60});
  }
  settings.slot_granularity_minutes = 15;
  Seed([&](storage::Transaction& transaction) {
    return transaction.scheduling().PutSettings(settings);
  });
  staff_id_ = AddPractitioner([](staff::StaffMember& member) {
    member.role = staff::Role::kFrontDesk;
    member.licence_number.clear();
  });
  for (Cast* cast : {&cast_, &other_}) {
    *cast = {AddPatient(), AddPractitioner(), AddRoom()};
    AddConsent(cast->patient);
  }
}

void SchedulerTest::Seed(
    absl::FunctionRef<absl::Status(storage::Transaction&)> write) {
  const absl::Status status = store_->WriteAndWait(
      [write](storage::Transaction& transaction) {
        return write(transaction);
      });
  ASSERT_TRUE(status.ok()) << status;
}

std::string SchedulerTest::AddPractitioner(
    const std::function<void(staff::StaffMember&)>& adjust) {
  staff::StaffMember member;
  member.id = NewResourceId();
  member.display_name = absl::StrCat("Dr ", member.id);
  member.role = staff::Role::kPractitioner;
  member.licence_number = absl::StrCat("RPPS-", member.id);
  member.create_time = now_;
  if (adjust) adjust(member);
  Seed([&](storage::Transaction& transaction) {
    return transaction.staff().Insert(member);
  });
  return member.id;
}

std::string SchedulerTest::AddRoom(bool active) {
  const Room room{NewResourceId(), "Salle", active, now_};
  Seed([&](storage::Transaction& transaction) {
    return transaction.scheduling().InsertRoom(room);
  });
  return room.id;
}

std::string SchedulerTest::AddPatient(
    const std::function<void(patients::Patient&)>& adjust) {
  patients::Patient patient;
  patient.id = NewResourceId();
  patient.given_name = "Camille";
  patient.family_name = "Martin";
  patient.date_of_birth = absl::CivilDay(1985, 4, 12);
  patient.sex = patients::Sex::kFemale;
  patient.clinical_facts.pregnancy_status =
      patients::PregnancyStatus::kNotPregnant;
  patient.clinical_facts.height_cm = 165;
  patient.clinical_facts.weight_kg = 60;
  for (const patients::FactGroup group : patients::kAllFactGroups) {
    patient.clinical_facts.confirmations[group] = {now_, staff_id_};
  }
  patient.create_time = now_;
  patient.update_time = now_;
  if (adjust) adjust(patient);
  Seed([&](storage::Transaction& transaction) {
    return transaction.patients().Insert(patient);
  });
  patients_.push_back(patient.id);
  return patient.id;
}

void SchedulerTest::ConfirmFacts(const std::string& patient_id) {
  Seed([&](storage::Transaction& transaction) -> absl::Status {
    absl::StatusOr<patients::Patient> patient =
        transaction.patients().Get(patient_id);
    if (!patient.ok()) return patient.status();
    for (const patients::FactGroup group : patients::kAllFactGroups) {
      patient->clinical_facts.confirmations[group] = {now_, staff_id_};
    }
    return transaction.patients().Update(*patient);
  });
}

TreatmentRecord SchedulerTest::ValidRecord() {
  TreatmentRecord record;
  record.areas = {"thighs"};
  record.products = {{"caffeine", "LOT-1", 20, 2, 3, "thighs", 20}};
  record.outcomes = {{"circumference_cm", "thigh_left", 55}};
  record.day_of_answers = AllClearAnswers();
  return record;
}

std::vector<ChecklistAnswer> SchedulerTest::AllClearAnswers() {
  std::vector<ChecklistAnswer> answers;
  for (const clinic::plugin::v1::DayOfQuestion& question :
       Cellulite().description().day_of_checklist()) {
    answers.push_back(
        {question.code(),
         question.blocking_answer() != clinic::plugin::v1::DAY_OF_ANSWER_YES});
  }
  return answers;
}

void SchedulerTest::AddConsent(const std::string& patient) {
  consent::Consent consent;
  consent.id = NewResourceId();
  consent.patient_id = patient;
  consent.treatment_type = kTreatment;
  consent.document_version = Cellulite().description().consent().version();
  consent.disclosure_sha256 = std::string(64, 'a');
  consent.sign_time = now_ - absl::Hours(24);
  consent.signer = consent::Signer::kPatient;
  consent.practitioner_id = staff_id_;
  consent.method = consent::Method::kElectronic;
  consent.recorded_by = staff_id_;
  consent.create_time = consent.sign_time;
  Seed([&](storage::Transaction& transaction) {
    return transaction.consent().Insert(consent);
  });
}

std::string SchedulerTest::AddClosure(absl::Time start, absl::Time end,
                                      ClosureScope scope,
                                      const std::string& scope_id) {
  const Closure closure{NewResourceId(), scope,          scope_id,
                        {start, end},    "Training day", now_};
  Seed([&](storage::Transaction& transaction) {
    return transaction.scheduling().InsertClosure(closure);
  });
  return closure.id;
}

std::string SchedulerTest::AddCourse(CourseState state) {
  const Course course{NewResourceId(), cast_.patient, kTreatment, state, now_,
                      now_};
  Seed([&](storage::Transaction& transaction) {
    return transaction.scheduling().InsertCourse(course);
  });
  return course.id;
}

SessionBooking SchedulerTest::Booking(absl::Time start, const Cast& who,
                                      const std::string& course_id) const {
  return {who.patient, who.practitioner, who.room, &Cellulite(), start,
          course_id};
}

absl::StatusOr<Session> SchedulerTest::Book(const SessionBooking& booking) {
  return Decide([&](DecisionContext& context) {
    return SessionBooker(context).Book(booking);
  });
}

Session SchedulerTest::BookOk(absl::Time start, const std::string& course_id) {
  absl::StatusOr<Session> booked = Book(Booking(start, cast_, course_id));
  EXPECT_TRUE(booked.ok()) << booked.status();
  return booked.ok() ? *std::move(booked) : Session{};
}

CourseOrder SchedulerTest::Order(absl::Time first_session,
                                 int session_count) const {
  return {.patient_id = cast_.patient,
          .practitioner_id = cast_.practitioner,
          .room_id = cast_.room,
          .type = &Cellulite(),
          .first_session = first_session,
          .session_count = session_count};
}

absl::StatusOr<BookedCourse> SchedulerTest::BookCourse(
    const CourseOrder& order) {
  return Decide([&](DecisionContext& context) {
    return CourseBooker(context).Book(order);
  });
}

absl::StatusOr<MovedSessions> SchedulerTest::Move(
    const std::string& session_id, const SessionMove& move) {
  return Decide(
      [&](DecisionContext& context) -> absl::StatusOr<MovedSessions> {
        ASSIGN_OR_RETURN(Session session,
                         context.transaction.scheduling().GetSession(
                             session_id));
        return SessionMover(context).Move(std::move(session), move);
      });
}

absl::StatusOr<Session> SchedulerTest::Step(
    const std::string& session_id,
    const std::function<absl::StatusOr<Session>(SessionSteps&, Session)>&
        step) {
  return Decide([&](DecisionContext& context) -> absl::StatusOr<Session> {
    ASSIGN_OR_RETURN(Session session,
                     context.transaction.scheduling().GetSession(session_id));
    SessionSteps steps(context);
    return step(steps, std::move(session));
  });
}

absl::StatusOr<std::vector<AvailableSlot>> SchedulerTest::FindSlots(
    const SlotSearch& search) {
  absl::StatusOr<std::vector<AvailableSlot>> found;
  const absl::Status read = store_->Read([&](storage::Transaction& t) {
    found = SlotFinder(t, now_).Find(search);
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return found;
}

Session SchedulerTest::Stored(const std::string& session_id) {
  Session session;
  const absl::Status read = store_->Read([&](storage::Transaction& t) {
    ASSIGN_OR_RETURN(session, t.scheduling().GetSession(session_id));
    return absl::OkStatus();
  });
  EXPECT_TRUE(read.ok()) << read;
  return session;
}

std::vector<Session> SchedulerTest::StoredSessions() {
  std::vector<Session> sessions;
  const absl::Status read = store_->Read([&](storage::Transaction& t) {
    ASSIGN_OR_RETURN(sessions,
                     t.scheduling().ListSessions(
                         {.include_cancelled = true, .limit = 10000}));
    return absl::OkStatus();
  });
  EXPECT_TRUE(read.ok()) << read;
  return sessions;
}

std::vector<adverse_events::FollowUpTask> SchedulerTest::StoredTasks() {
  std::vector<adverse_events::FollowUpTask> tasks;
  const absl::Status read = store_->Read([&](storage::Transaction& t) {
    ASSIGN_OR_RETURN(tasks, t.adverse_events().ListTasks(
                                {.include_done = true, .limit = 10000}));
    return absl::OkStatus();
  });
  EXPECT_TRUE(read.ok()) << read;
  return tasks;
}

std::string SchedulerTest::Snapshot() {
  std::vector<std::string> lines;
  for (const Session& session : StoredSessions()) {
    lines.push_back(Describe(session));
  }
  const absl::Status read = store_->Read([&](storage::Transaction& t) {
    for (const std::string& patient : patients_) {
      ASSIGN_OR_RETURN(const std::vector<Course> courses,
                       t.scheduling().PatientCourses(patient, kTreatment));
      for (const Course& course : courses) {
        lines.push_back(absl::StrCat("courses/", course.id, " state=",
                                     static_cast<int>(course.state)));
      }
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(read.ok()) << read;
  for (const adverse_events::FollowUpTask& task : StoredTasks()) {
    lines.push_back(absl::StrCat("tasks/", task.id, " ", task.code));
  }
  return absl::StrJoin(lines, "\n");
}

}  // namespace mesoclinic::scheduling

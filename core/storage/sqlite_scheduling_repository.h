#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_SCHEDULING_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_SCHEDULING_REPOSITORY_H_

#include "core/scheduling/scheduling_repository.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// SchedulingRepository on the clinic_settings, weekly_hours, rooms,
// closures, courses, sessions, treatment_records, session_products and
// session_outcomes tables.
class SqliteSchedulingRepository : public scheduling::SchedulingRepository {
 public:
  explicit SqliteSchedulingRepository(Connection& connection)
      : connection_(connection) {}

  absl::StatusOr<scheduling::ClinicSettings> GetSettings() override;
  absl::Status PutSettings(const scheduling::ClinicSettings& settings) override;
  absl::StatusOr<scheduling::WeeklyHours> GetWorkingHours(
      absl::string_view staff_id) override;
  absl::StatusOr<absl::flat_hash_map<std::string, scheduling::WeeklyHours>>
  ListWorkingHours() override;
  absl::Status PutWorkingHours(absl::string_view staff_id,
                               const scheduling::WeeklyHours& hours) override;

  absl::Status InsertRoom(const scheduling::Room& room) override;
  absl::StatusOr<scheduling::Room> GetRoom(absl::string_view id) override;
  absl::Status UpdateRoom(const scheduling::Room& room) override;
  absl::StatusOr<std::vector<scheduling::Room>> ListRooms(
      bool include_inactive) override;
  absl::StatusOr<std::vector<scheduling::Room>> ListRooms(
      const scheduling::RoomQuery& query) override;

  absl::Status InsertClosure(const scheduling::Closure& closure) override;
  absl::StatusOr<scheduling::Closure> GetClosure(absl::string_view id) override;
  absl::Status DeleteClosure(absl::string_view id) override;
  absl::StatusOr<std::vector<scheduling::Closure>> ListClosures(
      const scheduling::Interval& period) override;
  absl::StatusOr<std::vector<scheduling::Closure>> ListClosures(
      const scheduling::ClosureQuery& query) override;

  absl::Status InsertCourse(const scheduling::Course& course) override;
  absl::StatusOr<scheduling::Course> GetCourse(absl::string_view id) override;
  absl::Status UpdateCourse(const scheduling::Course& course) override;
  absl::StatusOr<std::vector<scheduling::Course>> PatientCourses(
      absl::string_view patient_id, absl::string_view treatment_type) override;
  absl::StatusOr<std::vector<scheduling::Session>> CourseSessions(
      absl::string_view course_id) override;

  absl::Status InsertSession(const scheduling::Session& session) override;
  absl::StatusOr<scheduling::Session> GetSession(absl::string_view id) override;
  absl::Status UpdateSession(const scheduling::Session& session) override;
  absl::StatusOr<std::vector<scheduling::Session>> ListSessions(
      const scheduling::SessionQuery& query) override;
  absl::Status VisitBusyTime(
      const scheduling::Interval& starting_within,
      absl::FunctionRef<void(const scheduling::BusyTime&)> visit) override;
  absl::StatusOr<std::optional<scheduling::Session>> FindOverlap(
      scheduling::SessionOwner owner, absl::string_view owner_id,
      const scheduling::Interval& time,
      absl::string_view except_session_id) override;

 private:
  absl::StatusOr<scheduling::WeeklyHours> ReadHours(absl::string_view owner);
  void WriteHours(absl::string_view owner, const scheduling::WeeklyHours& hours);
  void WriteTreatmentRecord(const std::string& session_id,
                            const scheduling::TreatmentRecord& record);
  std::optional<scheduling::TreatmentRecord> ReadTreatmentRecord(
      const std::string& session_id);

  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_SCHEDULING_REPOSITORY_H_

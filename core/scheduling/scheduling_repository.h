#ifndef MESOCLINIC_CORE_SCHEDULING_SCHEDULING_REPOSITORY_H_
#define MESOCLINIC_CORE_SCHEDULING_SCHEDULING_REPOSITORY_H_

// The storage scheduling needs: the calendar, courses and sessions.

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/scheduling/calendar.h"
#include "core/scheduling/session.h"

namespace mesoclinic::scheduling {

// Which resource a session query is about.
enum class SessionOwner { kPractitioner, kRoom, kPatient };

struct SessionQuery {
  std::optional<std::string> patient_id;
  std::optional<std::string> practitioner_id;
  std::optional<std::string> room_id;
  std::optional<Interval> starting_within;
  bool include_cancelled = false;
  // Sessions after this (start, id) position, in that order.
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 100;
};

// A page of rooms, by (display name, id).
struct RoomQuery {
  bool include_inactive = false;
  std::optional<std::pair<std::string, std::string>> after;
  int limit = 100;
};

// A page of the closures overlapping a period, by (start, id).
struct ClosureQuery {
  Interval period;
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 100;
};

// One session's claim on a practitioner and a room: what the slot search
// needs of a session, without the rest of it. The ids are views into the
// row being read, valid only while the visitor that is given them runs: a
// busy day holds hundreds of sessions, and copying two ids of each was most
// of the slot search's time on a full calendar.
struct BusyTime {
  absl::string_view practitioner_id;
  absl::string_view room_id;
  Interval time;
};

class SchedulingRepository {
 public:
  virtual ~SchedulingRepository() = default;

  // NOT_FOUND when the clinic has no settings yet.
  virtual absl::StatusOr<ClinicSettings> GetSettings() = 0;
  virtual absl::Status PutSettings(const ClinicSettings& settings) = 0;

  // A practitioner's working hours (empty when none were set).
  virtual absl::StatusOr<WeeklyHours> GetWorkingHours(
      absl::string_view staff_id) = 0;
  // The working hours of everyone who has their own, by staff id, in one
  // read: the slot search needs every practitioner's.
  virtual absl::StatusOr<absl::flat_hash_map<std::string, WeeklyHours>>
  ListWorkingHours() = 0;
  virtual absl::Status PutWorkingHours(absl::string_view staff_id,
                                       const WeeklyHours& hours) = 0;

  virtual absl::Status InsertRoom(const Room& room) = 0;
  virtual absl::StatusOr<Room> GetRoom(absl::string_view id) = 0;
  virtual absl::Status UpdateRoom(const Room& room) = 0;
  // Every room (the slot search's), or a page of them (ListRooms').
  virtual absl::StatusOr<std::vector<Room>> ListRooms(bool include_inactive) = 0;
  virtual absl::StatusOr<std::vector<Room>> ListRooms(
      const RoomQuery& query) = 0;

  virtual absl::Status InsertClosure(const Closure& closure) = 0;
  virtual absl::StatusOr<Closure> GetClosure(absl::string_view id) = 0;
  virtual absl::Status DeleteClosure(absl::string_view id) = 0;
  // Closures overlapping `period`, by start time: all of them (what a
  // booking must respect), or a page of them (ListClosures').
  virtual absl::StatusOr<std::vector<Closure>> ListClosures(
      const Interval& period) = 0;
  virtual absl::StatusOr<std::vector<Closure>> ListClosures(
      const ClosureQuery& query) = 0;

  virtual absl::Status InsertCourse(const Course& course) = 0;
  virtual absl::StatusOr<Course> GetCourse(absl::string_view id) = 0;
  virtual absl::Status UpdateCourse(const Course& course) = 0;
  // A patient's courses of a treatment, oldest first.
  virtual absl::StatusOr<std::vector<Course>> PatientCourses(
      absl::string_view patient_id, absl::string_view treatment_type) = 0;
  // A course's sessions, cancelled ones included, by course index.
  virtual absl::StatusOr<std::vector<Session>> CourseSessions(
      absl::string_view course_id) = 0;

  virtual absl::Status InsertSession(const Session& session) = 0;
  // With its treatment record, when it has one.
  virtual absl::StatusOr<Session> GetSession(absl::string_view id) = 0;
  // Replaces the session's fields and, when set, stores its treatment
  // record (a record is written once).
  virtual absl::Status UpdateSession(const Session& session) = 0;
  virtual absl::StatusOr<std::vector<Session>> ListSessions(
      const SessionQuery& query) = 0;

  // Calls `visit` with the busy time of every session holding its slot
  // (see HoldsSlot) that starts in `starting_within`, in no particular order.
  virtual absl::Status VisitBusyTime(
      const Interval& starting_within,
      absl::FunctionRef<void(const BusyTime&)> visit) = 0;

  // A session holding its slot that overlaps `time` for `owner_id`, other
  // than `except_session_id`; nullopt when there is none.
  virtual absl::StatusOr<std::optional<Session>> FindOverlap(
      SessionOwner owner, absl::string_view owner_id, const Interval& time,
      absl::string_view except_session_id) = 0;
};

}  // namespace mesoclinic::scheduling

#endif  // MESOCLINIC_CORE_SCHEDULING_SCHEDULING_REPOSITORY_H_

#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_REPOSITORY_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_REPOSITORY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/adverse_events/adverse_event.h"

namespace mesoclinic::adverse_events {

struct EventQuery {
  std::optional<std::string> patient_id;
  std::optional<std::string> treatment_type;
  std::optional<std::string> term;
  int min_grade = 0;
  bool serious_only = false;
  std::optional<std::string> lot_number;
  std::optional<absl::Time> onset_from;  // Inclusive.
  std::optional<absl::Time> onset_to;    // Exclusive.
  bool expedited_pending_only = false;
  // Events after this position: (onset, id); or, for expedited pending
  // listings, (due time, id).
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 100;
};

// A product line recorded at a completed session.
struct LotUse {
  std::string session_id;
  std::string patient_id;
  std::string practitioner_id;
  absl::Time session_time;
  double volume_ml = 0;
  std::string area;
  // The product line's place among the session's products.
  int64_t position = 0;
};

// Where a lot trace stopped: the last use's (session time, session, line).
struct LotUsePosition {
  absl::Time session_time;
  std::string session_id;
  int64_t position = 0;
};

struct LotUseQuery {
  std::string product;
  std::string lot_number;
  std::optional<LotUsePosition> after;
  int limit = 1000;
};

struct FollowUpTask {
  std::string id;
  std::string session_id;
  std::string patient_id;
  std::string practitioner_id;
  std::string code;
  std::string title;
  std::string look_for;
  absl::Time due_time;
  std::optional<absl::Time> done_time;
  std::string note;
};

struct TaskQuery {
  std::optional<std::string> practitioner_id;
  std::optional<absl::Time> due_before;
  bool include_done = false;
  std::optional<std::pair<absl::Time, std::string>> after;
  int limit = 100;
};

// A report sent to an authority.
struct Submission {
  absl::Time time;
  std::string authority;  // Empty for a follow-up report: the same one.
  std::string reference;
};

class AdverseEventRepository {
 public:
  virtual ~AdverseEventRepository() = default;

  virtual absl::Status Insert(const AdverseEvent& event) = 0;
  virtual absl::StatusOr<AdverseEvent> Get(absl::string_view id) = 0;
  virtual absl::Status AppendFollowUp(absl::string_view id,
                                      const FollowUp& follow_up) = 0;
  // Records what follows from the report as it stands: expectedness, the
  // plugin's recommendation or why it is pending, and the deadlines.
  virtual absl::Status UpdateAssessment(const AdverseEvent& event) = 0;
  virtual absl::Status MarkExpeditedSubmitted(absl::string_view id,
                                              const Submission& submission) = 0;
  virtual absl::Status MarkFollowUpReportSubmitted(
      absl::string_view id, const Submission& submission) = 0;
  // The patient's events holding every treatment (patient_hold) that no
  // practitioner has reviewed yet, by id.
  virtual absl::StatusOr<std::vector<std::string>> UnreviewedPatientHolds(
      absl::string_view patient_id) = 0;
  // Records the review of those holds.
  virtual absl::Status ReviewPatientHolds(absl::string_view patient_id,
                                          absl::Time time,
                                          absl::string_view staff_id,
                                          absl::string_view reason) = 0;
  // Up to `limit` events whose plugin assessment is pending, oldest first.
  virtual absl::StatusOr<std::vector<std::string>> PendingAssessments(
      int limit) = 0;
  // The start of the patient's last completed session of a treatment that
  // started before `before`; nullopt when there is none.
  virtual absl::StatusOr<std::optional<absl::Time>> LastCompletedSession(
      absl::string_view patient_id, absl::string_view treatment_type,
      absl::Time before) = 0;
  virtual absl::StatusOr<std::vector<AdverseEvent>> List(
      const EventQuery& query) = 0;
  // Events reported for these sessions.
  virtual absl::StatusOr<std::vector<AdverseEvent>> ForSession(
      absl::string_view session_id) = 0;

  // The recorded uses of a product lot (product compared without case), by
  // session time, at most query.limit of them.
  virtual absl::StatusOr<std::vector<LotUse>> LotUses(
      const LotUseQuery& query) = 0;
  // How many patients a product lot was used on.
  virtual absl::StatusOr<int64_t> CountLotPatients(
      absl::string_view product, absl::string_view lot_number) = 0;
  // Completed sessions of a treatment that started in [from, to).
  virtual absl::StatusOr<int64_t> CountCompletedSessions(
      absl::string_view treatment_type, absl::Time from, absl::Time to) = 0;
  // The practitioner of a session, for clusters.
  virtual absl::StatusOr<std::string> SessionPractitioner(
      absl::string_view session_id) = 0;

  virtual absl::Status InsertTask(const FollowUpTask& task) = 0;
  virtual absl::StatusOr<FollowUpTask> GetTask(absl::string_view id) = 0;
  virtual absl::Status CompleteTask(absl::string_view id, absl::Time done,
                                    absl::string_view note) = 0;
  virtual absl::StatusOr<std::vector<FollowUpTask>> ListTasks(
      const TaskQuery& query) = 0;
};

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_REPOSITORY_H_

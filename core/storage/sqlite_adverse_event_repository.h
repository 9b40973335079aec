#ifndef MESOCLINIC_CORE_STORAGE_SQLITE_ADVERSE_EVENT_REPOSITORY_H_
#define MESOCLINIC_CORE_STORAGE_SQLITE_ADVERSE_EVENT_REPOSITORY_H_

#include "core/adverse_events/adverse_event_repository.h"
#include "core/storage/connection.h"

namespace mesoclinic::storage {

// AdverseEventRepository on the adverse_events, adverse_event_products,
// adverse_event_follow_ups and follow_up_tasks tables (and, for lot
// tracing, session_products and sessions).
class SqliteAdverseEventRepository
    : public adverse_events::AdverseEventRepository {
 public:
  explicit SqliteAdverseEventRepository(Connection& connection)
      : connection_(connection) {}

  absl::Status Insert(const adverse_events::AdverseEvent& event) override;
  absl::StatusOr<adverse_events::AdverseEvent> Get(absl::string_view id) override;
  absl::Status AppendFollowUp(absl::string_view id,
                              const adverse_events::FollowUp& follow_up) override;
  absl::Status UpdateAssessment(
      const adverse_events::AdverseEvent& event) override;
  absl::Status MarkExpeditedSubmitted(
      absl::string_view id,
      const adverse_events::Submission& submission) override;
  absl::Status MarkFollowUpReportSubmitted(
      absl::string_view id,
      const adverse_events::Submission& submission) override;
  absl::StatusOr<std::vector<std::string>> UnreviewedPatientHolds(
      absl::string_view patient_id) override;
  absl::Status ReviewPatientHolds(absl::string_view patient_id,
                                  absl::Time time, absl::string_view staff_id,
                                  absl::string_view reason) override;
  absl::StatusOr<std::vector<std::string>> PendingAssessments(
      int limit) override;
  absl::StatusOr<std::optional<absl::Time>> LastCompletedSession(
      absl::string_view patient_id, absl::string_view treatment_type,
      absl::Time before) override;
  absl::StatusOr<std::vector<adverse_events::AdverseEvent>> List(
      const adverse_events::EventQuery& query) override;
  absl::StatusOr<std::vector<adverse_events::AdverseEvent>> ForSession(
      absl::string_view session_id) override;
  absl::StatusOr<std::vector<adverse_events::LotUse>> LotUses(
      const adverse_events::LotUseQuery& query) override;
  absl::StatusOr<int64_t> CountLotPatients(
      absl::string_view product, absl::string_view lot_number) override;
  absl::StatusOr<int64_t> CountCompletedSessions(absl::string_view treatment_type,
                                                 absl::Time from,
                                                 absl::Time to) override;
  absl::StatusOr<std::string> SessionPractitioner(
      absl::string_view session_id) override;
  absl::Status InsertTask(const adverse_events::FollowUpTask& task) override;
  absl::StatusOr<adverse_events::FollowUpTask> GetTask(
      absl::string_view id) override;
  absl::Status CompleteTask(absl::string_view id, absl::Time done,
                            absl::string_view note) override;
  absl::StatusOr<std::vector<adverse_events::FollowUpTask>> ListTasks(
      const adverse_events::TaskQuery& query) override;

 private:
  // Runs `sql`, an UPDATE of one event binding the submission's time (?1),
  // authority (?2) and reference (?3) and the event's id (?4).
  absl::Status RecordSubmission(const char* sql, absl::string_view id,
                                const adverse_events::Submission& submission);
  // Adds the products and follow-ups of each event.
  void ReadDetails(adverse_events::AdverseEvent& event);

  Connection& connection_;
};

}  // namespace mesoclinic::storage

#endif  // MESOCLINIC_CORE_STORAGE_SQLITE_ADVERSE_EVENT_REPOSITORY_H_

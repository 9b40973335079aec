#ifndef MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_SERVICE_H_
#define MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_SERVICE_H_

// clinic.v1.AdverseEventService: reports, follow-ups, safety holds, lot
// tracing, the safety summary and FHIR export.

#include "clinic/v1/adverse_events.grpc.pb.h"
#include "core/api/bound_service.h"
#include "core/plugin_host/plugin_registry.h"
#include "core/scheduling/schedule_events.h"

namespace mesoclinic::adverse_events {

class AdverseEventService final
    : public BoundService<clinic::v1::AdverseEventService> {
 public:
  static constexpr int kDefaultPageSize = 50;
  static constexpr int kMaxPageSize = 500;
  // TraceLot's: a recall needs every use of a lot, so a small clinic's
  // uses fit on the first page.
  static constexpr int kDefaultLotPageSize = 1000;
  static constexpr int kMaxLotPageSize = 5000;

  // The sessions a safety hold flags or cancels are announced to `events`,
  // the feed WatchSchedule reads.
  AdverseEventService(CallRunner& calls,
                      const plugin_host::PluginRegistry& plugins,
                      scheduling::ScheduleEvents& events);

 private:
  absl::Status ReportAdverseEvent(const clinic::v1::ReportAdverseEventRequest&,
                                  clinic::v1::ReportAdverseEventResponse&,
                                  storage::Transaction&,
                                  const CallContext&) const;
  absl::Status AddFollowUp(const clinic::v1::AddFollowUpRequest&,
                           clinic::v1::AddFollowUpResponse&,
                           storage::Transaction&, const CallContext&) const;
  absl::Status GetAdverseEvent(const clinic::v1::GetAdverseEventRequest&,
                               clinic::v1::GetAdverseEventResponse&,
                               storage::Transaction&, const CallContext&) const;
  absl::Status ListAdverseEvents(const clinic::v1::ListAdverseEventsRequest&,
                                 clinic::v1::ListAdverseEventsResponse&,
                                 storage::Transaction&,
                                 const CallContext&) const;
  absl::Status MarkExpeditedReportSubmitted(
      const clinic::v1::MarkExpeditedReportSubmittedRequest&,
      clinic::v1::MarkExpeditedReportSubmittedResponse&, storage::Transaction&,
      const CallContext&) const;
  absl::Status RetryAdverseEventAssessment(
      const clinic::v1::RetryAdverseEventAssessmentRequest&,
      clinic::v1::RetryAdverseEventAssessmentResponse&, storage::Transaction&,
      const CallContext&) const;
  absl::Status GetAdverseEventVocabulary(
      const clinic::v1::GetAdverseEventVocabularyRequest&,
      clinic::v1::GetAdverseEventVocabularyResponse&, storage::Transaction&,
      const CallContext&) const;
  absl::Status ReviewSafetyHold(const clinic::v1::ReviewSafetyHoldRequest&,
                                clinic::v1::ReviewSafetyHoldResponse&,
                                storage::Transaction&,
                                const CallContext&) const;
  absl::Status TraceLot(const clinic::v1::TraceLotRequest&,
                        clinic::v1::TraceLotResponse&, storage::Transaction&,
                        const CallContext&) const;
  absl::Status GetSafetySummary(const clinic::v1::GetSafetySummaryRequest&,
                                clinic::v1::GetSafetySummaryResponse&,
                                storage::Transaction&,
                                const CallContext&) const;
  absl::Status ExportAdverseEvent(const clinic::v1::ExportAdverseEventRequest&,
                                  clinic::v1::ExportAdverseEventResponse&,
                                  storage::Transaction&,
                                  const CallContext&) const;
  absl::Status ListFollowUpTasks(const clinic::v1::ListFollowUpTasksRequest&,
                                 clinic::v1::ListFollowUpTasksResponse&,
                                 storage::Transaction&,
                                 const CallContext&) const;
  absl::Status CompleteFollowUpTask(
      const clinic::v1::CompleteFollowUpTaskRequest&,
      clinic::v1::CompleteFollowUpTaskResponse&, storage::Transaction&,
      const CallContext&) const;

  // Asks the plugin again about the event as it stands, stores the answer
  // and the deadlines, and places the hold the event now needs unless it
  // was `held_before`.
  absl::Status Reassess(storage::Transaction& transaction,
                        const CallContext& call, bool held_before,
                        AdverseEvent& event) const;

  const plugin_host::PluginRegistry& plugins_;
  scheduling::ScheduleEvents& events_;
};

}  // namespace mesoclinic::adverse_events

#endif  // MESOCLINIC_CORE_ADVERSE_EVENTS_ADVERSE_EVENT_SERVICE_H_

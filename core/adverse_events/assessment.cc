#include "core/adverse_events/assessment.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"
#include "mesoclinic/adverse_event_terms.h"

namespace mesoclinic::adverse_events {
namespace {

namespace plugin = ::clinic::plugin::v1;

// A plugin's error message is kept, but not at any length.
constexpr size_t kMaxReasonLength = 500;

std::string PendingReason(absl::string_view why) {
  std::string reason(why.substr(0, kMaxReasonLength));
  return reason.empty() ? "the plugin gave no reason" : reason;
}

}  // namespace

absl::StatusOr<plugin::AdverseEventReport> PluginReport(
    storage::Transaction& transaction, const AdverseEvent& event) {
  plugin::AdverseEventReport report;
  report.set_term(event.term);
  report.set_severity_grade(event.CurrentGrade());
  report.set_serious(event.CurrentlySerious());
  report.set_body_site(event.body_site);
  report.set_description(event.description);
  std::optional<absl::Time> session_start;
  if (!event.session_id.empty()) {
    ASSIGN_OR_RETURN(const scheduling::Session session,
                     transaction.scheduling().GetSession(event.session_id));
    session_start = session.time.start;
  } else {
    ASSIGN_OR_RETURN(session_start,
                     transaction.adverse_events().LastCompletedSession(
                         event.patient_id, event.treatment_type,
                         event.onset_time));
  }
  if (session_start.has_value()) {
    report.set_days_since_session(static_cast<int32_t>(
        absl::ToInt64Hours(event.onset_time - *session_start) / 24));
  } else {
    report.set_no_prior_session(true);
  }
  return report;
}

void RecordAssessment(
    const absl::StatusOr<plugin::AdverseEventAssessment>& answer,
    AdverseEvent& event) {
  event.expected = false;
  event.recommended_action.clear();
  event.assessment_rationale.clear();
  if (!answer.ok()) {
    event.assessment_pending_reason = PendingReason(answer.status().ToString());
  } else if (answer->action() == plugin::RECOMMENDED_ACTION_UNSPECIFIED ||
             !plugin::RecommendedAction_IsValid(answer->action()) ||
             answer->rationale().empty()) {
    event.assessment_pending_reason = PendingReason(
        "the plugin's assessment has no recommended action or no rationale");
  } else {
    event.assessment_pending_reason.clear();
    // ICH E2A: a catch-all term names nothing the reference lists.
    event.expected = answer->expected() && event.term != ::mesoclinic::plugin::kOtherTerm;
    event.recommended_action = plugin::RecommendedAction_Name(answer->action());
    event.assessment_rationale = answer->rationale();
  }
  event.expedited_due_time = ExpeditedReportDue(event);
  event.follow_up_report_due_time = FollowUpReportDue(event);
}

absl::Status Assess(storage::Transaction& transaction,
                    const plugin_host::PluginRegistry& plugins,
                    AdverseEvent& event) {
  ASSIGN_OR_RETURN(const plugin::AdverseEventReport report,
                   PluginReport(transaction, event));
  const plugin_host::LoadedPlugin* type = plugins.Find(event.treatment_type);
  if (type == nullptr) {
    RecordAssessment(absl::UnavailableError(absl::StrCat(
                         "the plugin of treatmentTypes/", event.treatment_type,
                         " is not loaded")),
                     event);
  } else {
    RecordAssessment(type->AssessAdverseEvent(report), event);
  }
  return absl::OkStatus();
}

absl::StatusOr<int> RetryPendingAssessments(
    storage::Transaction& transaction,
    const plugin_host::PluginRegistry& plugins, int limit) {
  ASSIGN_OR_RETURN(const std::vector<std::string> pending,
                   transaction.adverse_events().PendingAssessments(limit));
  int assessed = 0;
  for (const std::string& id : pending) {
    ASSIGN_OR_RETURN(AdverseEvent event, transaction.adverse_events().Get(id));
    RETURN_IF_ERROR(Assess(transaction, plugins, event));
    RETURN_IF_ERROR(transaction.adverse_events().UpdateAssessment(event));
    if (!event.assessment_pending()) ++assessed;
  }
  return assessed;
}

}  // namespace mesoclinic::adverse_events

// SessionSteps::Complete: a session ends with its treatment record.

#include "absl/strings/str_cat.h"
#include "core/base/resource_name.h"
#include "core/base/status_macros.h"
#include "core/scheduling/session_steps.h"
#include "core/scheduling/treatment_record_checks.h"
#include "core/scheduling/treatment_record_conversion.h"
#include "core/treatments/follow_up_plan.h"
#include "core/treatments/patient_facts.h"

namespace mesoclinic::scheduling {

absl::StatusOr<Session> SessionSteps::Complete(Session session,
                                               TreatmentRecord record) {
  storage::Transaction& transaction = context_.transaction;
  RETURN_IF_ERROR(CheckTransition(ResourceName("sessions", session.id),
                                  session.state, SessionState::kCompleted));
  RETURN_IF_ERROR(CheckRecordShape(record));
  ASSIGN_OR_RETURN(const plugin_host::LoadedPlugin* type,
                   context_.plugins.FindTreatmentType(
                       "session",
                       ResourceName("treatmentTypes", session.treatment_type)));
  ASSIGN_OR_RETURN(const patients::Patient patient,
                   transaction.patients().Get(session.patient_id));
  ASSIGN_OR_RETURN(const ClinicSettings settings,
                   transaction.scheduling().GetSettings());
  const absl::CivilDay today =
      absl::ToCivilDay(context_.now, settings.time_zone);
  clinic::plugin::v1::TreatmentRecord check =
      PluginTreatmentRecord(record, session.course_index);
  *check.mutable_patient_facts() =
      treatments::PatientFactsFor(patient, today, today);
  ASSIGN_OR_RETURN(const clinic::plugin::v1::TreatmentRecordValidation verdict,
                   type->ValidateTreatmentRecord(check));
  RETURN_IF_ERROR(RecordViolations(verdict));
  const auto& checklist = type->description().day_of_checklist();
  RETURN_IF_ERROR(CheckChecklistComplete(checklist, record.day_of_answers));
  RETURN_IF_ERROR(CheckTreatmentDay(
      session, *type, patient, settings,
      treatments::ScreeningMoment::kOnTheDay,
      CheckChecklistAnswers(checklist, record.day_of_answers)));
  session.state = SessionState::kCompleted;
  session.update_time = context_.now;
  record.recorded_by = context_.staff_id;
  record.record_time = context_.now;
  session.treatment_record = std::move(record);
  RETURN_IF_ERROR(context_.changes.Update(session));
  for (const adverse_events::FollowUpTask& task :
       treatments::FollowUpTasksAfter(type->description(), session)) {
    RETURN_IF_ERROR(transaction.adverse_events().InsertTask(task));
  }
  return session;
}

}  // namespace mesoclinic::scheduling

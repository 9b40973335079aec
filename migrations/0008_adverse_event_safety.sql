-- Adverse events under ICH E2A and WHO-UMC (issue 17): causality on the
-- WHO-UMC scale, follow-ups that upgrade an event, the reporter, where the
-- expedited report went, the follow-up report it requires, and assessments
-- left pending while a plugin could not answer.

-- RELATEDNESS_UNRELATED (1) is not a WHO-UMC category. Reports stored with
-- it now read RELATEDNESS_UNLIKELY (2); the value first recorded is kept in
-- legacy_relatedness, so that nothing is lost.
ALTER TABLE adverse_events ADD COLUMN legacy_relatedness INTEGER NOT NULL DEFAULT 0;
ALTER TABLE adverse_event_products ADD COLUMN legacy_relatedness INTEGER NOT NULL DEFAULT 0;

-- clinic.v1.ReporterKind, and the reporter's own words (a patient's call).
ALTER TABLE adverse_events ADD COLUMN reporter_kind INTEGER NOT NULL DEFAULT 0;
ALTER TABLE adverse_events ADD COLUMN reporter_narrative TEXT NOT NULL DEFAULT '';

-- Non-empty while the plugin's assessment is pending: why it failed.
ALTER TABLE adverse_events ADD COLUMN assessment_pending_reason TEXT NOT NULL DEFAULT '';

ALTER TABLE adverse_events ADD COLUMN expedited_authority TEXT NOT NULL DEFAULT '';
ALTER TABLE adverse_events ADD COLUMN expedited_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE adverse_events ADD COLUMN follow_up_report_due_time INTEGER;
ALTER TABLE adverse_events ADD COLUMN follow_up_report_submit_time INTEGER;
ALTER TABLE adverse_events ADD COLUMN follow_up_report_reference TEXT NOT NULL DEFAULT '';
-- A systemic event (anaphylaxis and the like) holds every treatment of the
-- patient until a practitioner reviews it: patient_hold is set at the
-- report, the review once.
ALTER TABLE adverse_events ADD COLUMN patient_hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE adverse_events ADD COLUMN patient_hold_review_time INTEGER;
ALTER TABLE adverse_events ADD COLUMN patient_hold_reviewed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE adverse_events ADD COLUMN patient_hold_review_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX adverse_events_patient_holds ON adverse_events (patient_id)
  WHERE patient_hold = 1 AND patient_hold_review_time IS NULL;
CREATE INDEX adverse_events_assessment_pending
  ON adverse_events (create_time) WHERE assessment_pending_reason <> '';

-- A follow-up may change the seriousness (bits as adverse_events.seriousness;
-- 0: unchanged) and the causality (0: unchanged).
ALTER TABLE adverse_event_follow_ups ADD COLUMN seriousness INTEGER NOT NULL DEFAULT 0;
ALTER TABLE adverse_event_follow_ups ADD COLUMN relatedness INTEGER NOT NULL DEFAULT 0;

-- The report as first made is still never edited. What follows from it is
-- recomputed as follow-ups and assessments arrive: expectedness, the
-- plugin's recommendation, the deadlines and the submissions.
DROP TRIGGER adverse_events_append_only;

UPDATE adverse_events SET legacy_relatedness = relatedness, relatedness = 2
WHERE relatedness = 1;
UPDATE adverse_event_products SET legacy_relatedness = relatedness, relatedness = 2
WHERE relatedness = 1;

CREATE TRIGGER adverse_events_append_only BEFORE UPDATE ON adverse_events
WHEN NEW.id IS NOT OLD.id OR NEW.patient_id IS NOT OLD.patient_id
     OR NEW.session_id IS NOT OLD.session_id
     OR NEW.treatment_type IS NOT OLD.treatment_type
     OR NEW.term IS NOT OLD.term OR NEW.description IS NOT OLD.description
     OR NEW.body_site IS NOT OLD.body_site
     OR NEW.onset_time IS NOT OLD.onset_time
     OR NEW.awareness_time IS NOT OLD.awareness_time
     OR NEW.severity_grade IS NOT OLD.severity_grade
     OR NEW.seriousness IS NOT OLD.seriousness
     OR NEW.relatedness IS NOT OLD.relatedness
     OR NEW.legacy_relatedness IS NOT OLD.legacy_relatedness
     OR NEW.causality_assessed_by IS NOT OLD.causality_assessed_by
     OR NEW.action_taken IS NOT OLD.action_taken
     OR NEW.action_details IS NOT OLD.action_details
     OR NEW.outcome IS NOT OLD.outcome
     OR NEW.reporter_id IS NOT OLD.reporter_id
     OR NEW.reporter_kind IS NOT OLD.reporter_kind
     OR NEW.reporter_narrative IS NOT OLD.reporter_narrative
     OR NEW.create_time IS NOT OLD.create_time
     OR NEW.patient_hold IS NOT OLD.patient_hold
     OR (OLD.patient_hold_review_time IS NOT NULL
         AND NEW.patient_hold_review_time IS NOT OLD.patient_hold_review_time)
     OR (OLD.expedited_submit_time IS NOT NULL
         AND NEW.expedited_submit_time IS NOT OLD.expedited_submit_time)
     OR (OLD.follow_up_report_submit_time IS NOT NULL
         AND NEW.follow_up_report_submit_time IS NOT OLD.follow_up_report_submit_time)
BEGIN
  SELECT RAISE(ABORT, 'adverse-event reports are never edited');
END;

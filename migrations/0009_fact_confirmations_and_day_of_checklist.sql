-- Issue 17, screening: when each group of a patient's clinical facts was last
-- confirmed, and by whom; and the day-of checklist answered before a session.

-- One row per patient and fact group (values of clinic.v1.FactGroup:
-- 1 pregnancy status, 2 medications, 3 allergies, 4 conditions, 5 height and
-- weight). No row: the group is unknown, even when it is empty.
CREATE TABLE patient_fact_confirmations (
  patient_id    TEXT NOT NULL REFERENCES patients (id),
  fact_group    INTEGER NOT NULL CHECK (fact_group BETWEEN 1 AND 5),
  confirm_time  INTEGER NOT NULL,
  -- Staff id; '' for the rows this migration derives.
  confirmed_by  TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (patient_id, fact_group)
) WITHOUT ROWID;

-- Facts recorded before this migration. A group that holds a value was
-- asked, so it counts as confirmed; when is not recorded, so the patient's
-- create_time stands for it: the earliest time the facts may date from,
-- which can make a fact look older than it is (a practitioner confirms it
-- again) but never fresher than it is (update_time would: a phone number
-- changed yesterday says nothing about the medications). Who asked is not
-- recorded either: confirmed_by stays ''. An empty group stays unknown:
-- before this change nothing told "no medications" from "never asked".
INSERT INTO patient_fact_confirmations (patient_id, fact_group, confirm_time)
  SELECT id, 1, create_time FROM patients WHERE pregnancy_status <> 0;
INSERT INTO patient_fact_confirmations (patient_id, fact_group, confirm_time)
  SELECT p.id, 2, p.create_time FROM patients p
  WHERE EXISTS (SELECT 1 FROM patient_medications m WHERE m.patient_id = p.id);
INSERT INTO patient_fact_confirmations (patient_id, fact_group, confirm_time)
  SELECT p.id, 3, p.create_time FROM patients p
  WHERE EXISTS (SELECT 1 FROM patient_allergies a WHERE a.patient_id = p.id);
INSERT INTO patient_fact_confirmations (patient_id, fact_group, confirm_time)
  SELECT p.id, 4, p.create_time FROM patients p
  WHERE EXISTS (SELECT 1 FROM patient_conditions c WHERE c.patient_id = p.id);
INSERT INTO patient_fact_confirmations (patient_id, fact_group, confirm_time)
  SELECT id, 5, create_time FROM patients WHERE height_cm > 0 AND weight_kg > 0;

-- The answers to the protocol's day-of checklist, recorded with the
-- treatment record, in the order given. Records completed before this
-- migration have none (their protocol had no checklist).
CREATE TABLE treatment_record_checklist (
  session_id  TEXT NOT NULL REFERENCES treatment_records (session_id),
  position    INTEGER NOT NULL,
  question    TEXT NOT NULL,
  answer_yes  INTEGER NOT NULL CHECK (answer_yes IN (0, 1)),
  PRIMARY KEY (session_id, position)
) WITHOUT ROWID;

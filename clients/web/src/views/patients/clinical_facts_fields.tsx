// The medical facts a practitioner records, group by group: each with when
// it was last confirmed, a flag when it is unknown or too old, and a box to
// record that it was asked today as it stands ("none" included), which the
// server keeps as the group's confirmation (confirm_facts).

import { create } from "@bufbuild/protobuf";
import type { ComponentChildren } from "preact";
import { isoDay, parseIsoDay } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { Field } from "../../components/field";
import {
  AllergySchema,
  AllergySeverity,
  ClinicalFactsSchema,
  ConditionSchema,
  FactGroup,
  MedicationSchema,
  PregnancyStatus,
  type ClinicalFacts,
  type Patient,
} from "../../gen/clinic/v1/patients_pb";
import type { FactNeed } from "./fact_freshness";
import { FactStatus } from "./fact_status";
import type { DraftProps } from "./patient_details_fields";
import { factGroupLabel, kPregnancyOptions, kSeverityOptions } from "./patient_labels";
import { TextField } from "./text_field";

export const kFactsPaths = ["patient.clinical_facts", "patient.notes"];

export interface ClinicalFactsProps extends DraftProps {
  // The facts as stored, for their confirmation dates.
  stored: ClinicalFacts | undefined;
  needs: Map<FactGroup, FactNeed>;
  confirmed: Set<FactGroup>;
  onConfirm(group: FactGroup, asked: boolean): void;
}

function factsOf(patient: Patient): ClinicalFacts {
  return (patient.clinicalFacts ??= create(ClinicalFactsSchema));
}

function FactGroupBox(props: {
  group: FactGroup;
  facts: ClinicalFactsProps;
  problemsPath: string;
  children: ComponentChildren;
}) {
  const { group, facts } = props;
  const label = factGroupLabel(group);
  // Only what names the group itself: its entries' problems stand beside them.
  const problems = facts.refusal?.fields.get(props.problemsPath);
  return (
    <fieldset class="fact-group">
      <legend>{label}</legend>
      <FactStatus facts={facts.stored} group={group} needs={facts.needs} />
      {props.children}
      {problems && (
        <small class="field-problem" role="alert">
          {problems.join(" ")}
        </small>
      )}
      <label class="fact-confirm">
        <input
          type="checkbox"
          checked={facts.confirmed.has(group)}
          onChange={(e) => facts.onConfirm(group, e.currentTarget.checked)}
        />
        Asked the patient today: {label.toLowerCase()} as shown here, none included
      </label>
    </fieldset>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" class="secondary outline small" onClick={onClick}>
      Remove {label}
    </button>
  );
}

function Medications(props: ClinicalFactsProps) {
  const { draft, change, refusal } = props;
  const list = draft.clinicalFacts?.medications ?? [];
  const path = (i: number, field: string) => `patient.clinical_facts.medications[${i}].${field}`;
  return (
    <FactGroupBox group={FactGroup.MEDICATIONS} facts={props} problemsPath="patient.clinical_facts.medications">
      {list.length === 0 && <p class="muted">No medications recorded.</p>}
      {list.map((medication, i) => {
        const edit = (apply: (m: (typeof list)[number]) => void) =>
          change((copy) => apply(factsOf(copy).medications[i]));
        const which = `medication ${i + 1}`;
        return (
          <div class="fact-entry" key={i} role="group" aria-label={`Medication ${i + 1}`}>
            <div class="grid">
              <TextField label="Medication" path={path(i, "name")} refusal={refusal} value={medication.name}
                onValue={(v) => edit((m) => (m.name = v))} />
              <TextField label="Dose" path={path(i, "dose")} refusal={refusal} value={medication.dose}
                hint="Such as 400 mg twice a day" onValue={(v) => edit((m) => (m.dose = v))} />
              <Field label="Last taken" problems={fieldProblems(refusal, path(i, "last_taken"))}
                hint="Needed when no longer taken">
                {(control) => (
                  <input {...control} type="date"
                    value={medication.lastTaken?.year ? isoDay(medication.lastTaken) : ""}
                    onInput={(e) => {
                      const day = parseIsoDay(e.currentTarget.value);
                      edit((m) => (m.lastTaken = day));
                    }} />
                )}
              </Field>
            </div>
            <div class="checks">
              <label>
                <input type="checkbox" checked={medication.ongoing}
                  onChange={(e) => { const v = e.currentTarget.checked; edit((m) => (m.ongoing = v)); }} />
                Still taking it
              </label>
              <label>
                <input type="checkbox" checked={medication.isNsaid}
                  onChange={(e) => { const v = e.currentTarget.checked; edit((m) => (m.isNsaid = v)); }} />
                NSAID (aspirin, ibuprofen…)
              </label>
              <label>
                <input type="checkbox" checked={medication.isAnticoagulant}
                  onChange={(e) => { const v = e.currentTarget.checked; edit((m) => (m.isAnticoagulant = v)); }} />
                Anticoagulant or antiplatelet
              </label>
              <RemoveButton label={which} onClick={() => change((copy) => factsOf(copy).medications.splice(i, 1))} />
            </div>
          </div>
        );
      })}
      <button type="button" class="secondary small"
        onClick={() => change((copy) => factsOf(copy).medications.push(create(MedicationSchema, { ongoing: true })))}>
        Add a medication
      </button>
    </FactGroupBox>
  );
}

function Allergies(props: ClinicalFactsProps) {
  const { draft, change, refusal } = props;
  const list = draft.clinicalFacts?.allergies ?? [];
  const path = (i: number, field: string) => `patient.clinical_facts.allergies[${i}].${field}`;
  return (
    <FactGroupBox group={FactGroup.ALLERGIES} facts={props} problemsPath="patient.clinical_facts.allergies">
      {list.length === 0 && <p class="muted">No allergies recorded.</p>}
      {list.map((allergy, i) => {
        const edit = (apply: (a: (typeof list)[number]) => void) =>
          change((copy) => apply(factsOf(copy).allergies[i]));
        return (
          <div class="fact-entry grid" key={i} role="group" aria-label={`Allergy ${i + 1}`}>
            <TextField label="Substance" path={path(i, "substance")} refusal={refusal} value={allergy.substance}
              hint="Such as lidocaine, latex" onValue={(v) => edit((a) => (a.substance = v))} />
            <TextField label="Reaction" path={path(i, "reaction")} refusal={refusal} value={allergy.reaction}
              onValue={(v) => edit((a) => (a.reaction = v))} />
            <Field label="Severity" problems={fieldProblems(refusal, path(i, "severity"))}>
              {(control) => (
                <select {...control} value={String(allergy.severity)}
                  onChange={(e) => { const v = Number(e.currentTarget.value) as AllergySeverity; edit((a) => (a.severity = v)); }}>
                  {kSeverityOptions.map(([value, label]) => (
                    <option key={value} value={String(value)}>{label}</option>
                  ))}
                </select>
              )}
            </Field>
            <RemoveButton label={`allergy ${i + 1}`} onClick={() => change((copy) => factsOf(copy).allergies.splice(i, 1))} />
          </div>
        );
      })}
      <button type="button" class="secondary small"
        onClick={() => change((copy) => factsOf(copy).allergies.push(create(AllergySchema)))}>
        Add an allergy
      </button>
    </FactGroupBox>
  );
}

function Conditions(props: ClinicalFactsProps) {
  const { draft, change, refusal } = props;
  const list = draft.clinicalFacts?.conditions ?? [];
  const path = (i: number, field: string) => `patient.clinical_facts.conditions[${i}].${field}`;
  return (
    <FactGroupBox group={FactGroup.CONDITIONS} facts={props} problemsPath="patient.clinical_facts.conditions">
      {list.length === 0 && <p class="muted">No conditions recorded.</p>}
      <datalist id="condition-codes">
        {["diabetes", "active_skin_infection", "bleeding_disorder", "autoimmune_disease", "keloid_scarring",
          "liver_disease", "cardiac_arrhythmia"].map((code) => <option key={code} value={code} />)}
      </datalist>
      {list.map((condition, i) => {
        const edit = (apply: (c: (typeof list)[number]) => void) =>
          change((copy) => apply(factsOf(copy).conditions[i]));
        return (
          <div class="fact-entry grid" key={i} role="group" aria-label={`Condition ${i + 1}`}>
            <TextField label="Condition code" path={path(i, "code")} refusal={refusal} value={condition.code}
              hint="Lower case with underscores: diabetes, keloid_scarring"
              inputProps={{ list: "condition-codes" }} onValue={(v) => edit((c) => (c.code = v))} />
            <TextField label="Note" path={path(i, "note")} refusal={refusal} value={condition.note}
              onValue={(v) => edit((c) => (c.note = v))} />
            <RemoveButton label={`condition ${i + 1}`} onClick={() => change((copy) => factsOf(copy).conditions.splice(i, 1))} />
          </div>
        );
      })}
      <button type="button" class="secondary small"
        onClick={() => change((copy) => factsOf(copy).conditions.push(create(ConditionSchema)))}>
        Add a condition
      </button>
    </FactGroupBox>
  );
}

function numberText(value: number | undefined): string {
  return value ? String(value) : "";
}

export function ClinicalFactsFields(props: ClinicalFactsProps) {
  const { draft, change, refusal } = props;
  const facts = draft.clinicalFacts;
  return (
    <section aria-labelledby="facts-title" class="clinical-facts">
      <h2 id="facts-title">Medical facts</h2>
      <FactGroupBox group={FactGroup.PREGNANCY_STATUS} facts={props}
        problemsPath="patient.clinical_facts.pregnancy_status">
        <Field label="Pregnancy or breastfeeding">
          {(control) => (
            <select {...control} value={String(facts?.pregnancyStatus ?? PregnancyStatus.UNSPECIFIED)}
              onChange={(e) => { const v = Number(e.currentTarget.value) as PregnancyStatus; change((copy) => (factsOf(copy).pregnancyStatus = v)); }}>
              {kPregnancyOptions.map(([value, label]) => (
                <option key={value} value={String(value)}>{label}</option>
              ))}
            </select>
          )}
        </Field>
      </FactGroupBox>
      <Medications {...props} />
      <Allergies {...props} />
      <Conditions {...props} />
      <FactGroupBox group={FactGroup.BODY_MEASUREMENTS} facts={props} problemsPath="patient.clinical_facts.bmi">
        <div class="grid">
          <TextField label="Height (cm)" path="patient.clinical_facts.height_cm" refusal={refusal}
            type="number" inputProps={{ min: 40, max: 272, step: "any" }} hint="40 to 272"
            value={numberText(facts?.heightCm)}
            onValue={(v) => change((copy) => (factsOf(copy).heightCm = Number(v) || 0))} />
          <TextField label="Weight (kg)" path="patient.clinical_facts.weight_kg" refusal={refusal}
            type="number" inputProps={{ min: 2, max: 650, step: "any" }} hint="2 to 650"
            value={numberText(facts?.weightKg)}
            onValue={(v) => change((copy) => (factsOf(copy).weightKg = Number(v) || 0))} />
          <div>
            <span class="label-like">Body-mass index</span>
            <p>{props.stored?.bmi ? props.stored.bmi.toFixed(1) : "Unknown until height and weight are saved"}</p>
          </div>
        </div>
      </FactGroupBox>
      <Field label="Clinical notes" problems={fieldProblems(refusal, "patient.notes")}
        hint="Up to 10,000 characters; never shown to the front desk">
        {(control) => (
          <textarea {...control} rows={4} value={draft.notes}
            onInput={(e) => { const v = e.currentTarget.value; change((copy) => (copy.notes = v)); }} />
        )}
      </Field>
    </section>
  );
}

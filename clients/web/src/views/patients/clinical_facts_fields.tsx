// The medical facts a practitioner records, group by group: each with when
// it was last confirmed, a flag when it is unknown or too old, and a box to
// record that it was asked today as it stands ("none" included), which the
// server keeps as the group's confirmation (confirm_facts).

import { create } from "@bufbuild/protobuf";
import type { ComponentChildren, JSX } from "preact";
import { isoDay, parseIsoDay } from "../../api/clinic_time";
import { fieldProblems, type Refusal } from "../../api/refusal";
import { Field } from "../../components/field";
import {
  AllergySchema,
  AllergySeverity,
  ClinicalFactsSchema,
  ConditionSchema,
  FactGroup,
  MedicationSchema,
  PregnancyStatus,
  type Allergy,
  type ClinicalFacts,
  type Condition,
  type Medication,
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

type ListField = "medications" | "allergies" | "conditions";

interface EntryProps<Entry> {
  entry: Entry;
  // The request path of one of the entry's fields.
  path(field: string): string;
  edit(apply: (entry: Entry) => void): void;
}

// One list of facts (medications, allergies, conditions): its entries,
// each removable, and a button to add one. Naming the list replaces it
// whole on save.
function FactList<Entry>(props: {
  facts: ClinicalFactsProps;
  group: FactGroup;
  field: ListField;
  // "medication": the entries' names on screen.
  noun: string;
  list(facts: ClinicalFacts): Entry[];
  create(): Entry;
  // Called, not mounted: the form keeps each entry's inputs (and focus).
  renderEntry(entry: EntryProps<Entry>): JSX.Element;
}) {
  const { facts, field, noun } = props;
  const entries = facts.draft.clinicalFacts ? props.list(facts.draft.clinicalFacts) : [];
  const listPath = `patient.clinical_facts.${field}`;
  const title = noun[0].toUpperCase() + noun.slice(1);
  return (
    <FactGroupBox group={props.group} facts={facts} problemsPath={listPath}>
      {entries.length === 0 && <p class="muted">No {field} recorded.</p>}
      {entries.map((entry, i) => (
        <fieldset class="fact-entry" key={i}>
          <legend class="fact-entry-title">
            {title} {i + 1}
          </legend>
          {props.renderEntry({
            entry,
            path: (name) => `${listPath}[${i}].${name}`,
            edit: (apply) => facts.change((copy) => apply(props.list(factsOf(copy))[i])),
          })}
          <button type="button" class="secondary outline small"
            onClick={() => facts.change((copy) => props.list(factsOf(copy)).splice(i, 1))}>
            Remove {noun} {i + 1}
          </button>
        </fieldset>
      ))}
      <button type="button" class="secondary small"
        onClick={() => facts.change((copy) => props.list(factsOf(copy)).push(props.create()))}>
        Add {/^[aeiou]/.test(noun) ? "an" : "a"} {noun}
      </button>
    </FactGroupBox>
  );
}

function MedicationEntry({ entry, path, edit, refusal }: EntryProps<Medication> & { refusal: Refusal | undefined }) {
  const flag = (label: string, value: boolean, set: (m: Medication, on: boolean) => void) => (
    <label>
      <input type="checkbox" checked={value}
        onChange={(e) => { const on = e.currentTarget.checked; edit((m) => set(m, on)); }} />
      {label}
    </label>
  );
  return (
    <>
      <div class="grid">
        <TextField label="Medication" path={path("name")} refusal={refusal} value={entry.name}
          onValue={(v) => edit((m) => (m.name = v))} />
        <TextField label="Dose" path={path("dose")} refusal={refusal} value={entry.dose}
          hint="Such as 400 mg twice a day" onValue={(v) => edit((m) => (m.dose = v))} />
        <Field label="Last taken" problems={fieldProblems(refusal, path("last_taken"))}
          hint="Needed when no longer taken">
          {(control) => (
            <input {...control} type="date"
              value={entry.lastTaken?.year ? isoDay(entry.lastTaken) : ""}
              onInput={(e) => {
                const day = parseIsoDay(e.currentTarget.value);
                edit((m) => (m.lastTaken = day));
              }} />
          )}
        </Field>
      </div>
      <div class="checks">
        {flag("Still taking it", entry.ongoing, (m, on) => (m.ongoing = on))}
        {flag("NSAID (aspirin, ibuprofen…)", entry.isNsaid, (m, on) => (m.isNsaid = on))}
        {flag("Anticoagulant or antiplatelet", entry.isAnticoagulant, (m, on) => (m.isAnticoagulant = on))}
      </div>
    </>
  );
}

function AllergyEntry({ entry, path, edit, refusal }: EntryProps<Allergy> & { refusal: Refusal | undefined }) {
  return (
    <div class="grid">
      <TextField label="Substance" path={path("substance")} refusal={refusal} value={entry.substance}
        hint="Such as lidocaine, latex" onValue={(v) => edit((a) => (a.substance = v))} />
      <TextField label="Reaction" path={path("reaction")} refusal={refusal} value={entry.reaction}
        onValue={(v) => edit((a) => (a.reaction = v))} />
      <Field label="Severity" problems={fieldProblems(refusal, path("severity"))}>
        {(control) => (
          <select {...control} value={String(entry.severity)}
            onChange={(e) => { const v = Number(e.currentTarget.value) as AllergySeverity; edit((a) => (a.severity = v)); }}>
            {kSeverityOptions.map(([value, label]) => (
              <option key={value} value={String(value)}>{label}</option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

// The codes the built-in protocols look for, offered as suggestions.
const kConditionCodes = ["diabetes", "active_skin_infection", "bleeding_disorder", "autoimmune_disease",
  "keloid_scarring", "liver_disease", "cardiac_arrhythmia"];

function ConditionEntry({ entry, path, edit, refusal }: EntryProps<Condition> & { refusal: Refusal | undefined }) {
  return (
    <div class="grid">
      <TextField label="Condition code" path={path("code")} refusal={refusal} value={entry.code}
        hint="Lower case with underscores: diabetes, keloid_scarring"
        inputProps={{ list: "condition-codes" }} onValue={(v) => edit((c) => (c.code = v))} />
      <TextField label="Note" path={path("note")} refusal={refusal} value={entry.note}
        onValue={(v) => edit((c) => (c.note = v))} />
    </div>
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
      <FactList facts={props} group={FactGroup.MEDICATIONS} field="medications" noun="medication"
        list={(f) => f.medications} create={() => create(MedicationSchema, { ongoing: true })}
        renderEntry={(entry) => <MedicationEntry {...entry} refusal={refusal} />} />
      <FactList facts={props} group={FactGroup.ALLERGIES} field="allergies" noun="allergy"
        list={(f) => f.allergies} create={() => create(AllergySchema)}
        renderEntry={(entry) => <AllergyEntry {...entry} refusal={refusal} />} />
      <datalist id="condition-codes">
        {kConditionCodes.map((code) => <option key={code} value={code} />)}
      </datalist>
      <FactList facts={props} group={FactGroup.CONDITIONS} field="conditions" noun="condition"
        list={(f) => f.conditions} create={() => create(ConditionSchema)}
        renderEntry={(entry) => <ConditionEntry {...entry} refusal={refusal} />} />
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

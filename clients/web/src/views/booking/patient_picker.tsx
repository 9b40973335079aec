// Choosing the patient: a search as you type over ListPatients (by the
// start of the given or family name), or the patient the address named.

import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatDay } from "../../api/clinic_time";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useNotePatient } from "../../app/patient_names";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import type { Patient } from "../../gen/clinic/v1/patients_pb";

const kSearchDelayMs = 250;
const kShown = 8;

export function patientLabel(patient: Patient): string {
  const born = patient.dateOfBirth ? `, born ${formatDay(patient.dateOfBirth)}` : "";
  return `${patient.givenName} ${patient.familyName}${born}`;
}

export interface PatientPickerProps {
  patient: Patient | undefined;
  onChoose(patient: Patient | undefined): void;
  problems?: string[];
  // What to do about the problems (a link to the chart...), under them.
  remedy?: ComponentChildren;
}

export function PatientPicker({ patient, onChoose, problems, remedy }: PatientPickerProps) {
  const { api } = useSession();
  const notePatient = useNotePatient();
  const [text, setText] = useState("");
  const [found, setFound] = useState<Patient[]>();
  const [failure, setFailure] = useState<Refusal>();

  useEffect(() => {
    const prefix = text.trim();
    if (!prefix) {
      setFound(undefined);
      return;
    }
    let stale = false;
    const timer = window.setTimeout(() => {
      api.patients.listPatients({ namePrefix: prefix, pageSize: kShown }).then(
        (answer) => {
          if (stale) return;
          setFound(answer.patients);
          setFailure(undefined);
        },
        (error) => !stale && setFailure(refusalOf(error)),
      );
    }, kSearchDelayMs);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [api, text]);

  if (patient) {
    return (
      <div class="patient-picker">
        <Field label="Patient" problems={problems}>
          {(control) => <input {...control} readOnly value={patientLabel(patient)} />}
        </Field>
        {remedy}
        <button type="button" class="secondary outline" onClick={() => onChoose(undefined)}>
          Choose another patient
        </button>
      </div>
    );
  }
  return (
    <div class="patient-picker">
      <Field
        label="Patient"
        problems={problems}
        hint="Type the start of the given or family name."
      >
        {(control) => (
          <input
            {...control}
            type="search"
            autocomplete="off"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        )}
      </Field>
      <RefusalNotice refusal={failure} />
      {found && found.length === 0 && <p>No patient's name starts with “{text.trim()}”.</p>}
      {found && found.length > 0 && (
        <ul class="patient-matches" aria-label="Matching patients">
          {found.map((match) => (
            <li key={match.name}>
              <button
                type="button"
                class="outline"
                onClick={() => {
                  notePatient(match);
                  onChoose(match);
                }}
              >
                {patientLabel(match)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// A course's shape: how many sessions, how many days apart at first, and
// whether the maintenance sessions are booked too; empty means the
// protocol's own choice.

import { fieldProblems, type Refusal } from "../../api/refusal";
import { Field } from "../../components/field";
import type { CourseOptions } from "./course_plan";

export interface CourseOptionsFieldsProps {
  options: CourseOptions;
  onChange(options: CourseOptions): void;
  refusal: Refusal | undefined;
}

function wholeOrZero(text: string): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

// A whole number of at least 1, or empty for the protocol's own.
function CountField(props: {
  label: string;
  hint: string;
  value: number;
  problems?: string[];
  onChange(value: number): void;
}) {
  return (
    <Field label={props.label} hint={props.hint} problems={props.problems}>
      {(control) => (
        <input
          {...control}
          type="number"
          min={1}
          value={props.value || ""}
          onChange={(e) => props.onChange(wholeOrZero(e.currentTarget.value))}
        />
      )}
    </Field>
  );
}

export function CourseOptionsFields({ options, onChange, refusal }: CourseOptionsFieldsProps) {
  return (
    <fieldset class="course-options">
      <legend>The course</legend>
      <div class="grid">
        <CountField
          label="Sessions"
          hint="Empty: the protocol's number."
          value={options.sessionCount}
          problems={fieldProblems(refusal, "session_count")}
          onChange={(sessionCount) => onChange({ ...options, sessionCount })}
        />
        <CountField
          label="Days between the first sessions"
          hint="Empty: the protocol's spacing."
          value={options.preferredIntervalDays}
          problems={fieldProblems(refusal, "preferred_interval_days")}
          onChange={(preferredIntervalDays) => onChange({ ...options, preferredIntervalDays })}
        />
      </div>
      <label>
        <input
          type="checkbox"
          checked={options.includeMaintenance}
          onChange={(e) => onChange({ ...options, includeMaintenance: e.currentTarget.checked })}
        />
        Also book the maintenance sessions
      </label>
    </fieldset>
  );
}

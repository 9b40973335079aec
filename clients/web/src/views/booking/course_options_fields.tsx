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

export function CourseOptionsFields({ options, onChange, refusal }: CourseOptionsFieldsProps) {
  return (
    <fieldset class="course-options">
      <legend>The course</legend>
      <div class="grid">
        <Field
          label="Sessions"
          hint="Empty: the protocol's number."
          problems={fieldProblems(refusal, "session_count")}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              value={options.sessionCount || ""}
              onChange={(e) => onChange({ ...options, sessionCount: wholeOrZero(e.currentTarget.value) })}
            />
          )}
        </Field>
        <Field
          label="Days between the first sessions"
          hint="Empty: the protocol's spacing."
          problems={fieldProblems(refusal, "preferred_interval_days")}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              value={options.preferredIntervalDays || ""}
              onChange={(e) =>
                onChange({ ...options, preferredIntervalDays: wholeOrZero(e.currentTarget.value) })
              }
            />
          )}
        </Field>
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

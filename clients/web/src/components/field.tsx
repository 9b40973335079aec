// A labelled form control with what the server found wrong with it right
// beside it, announced to screen readers (aria-invalid, aria-describedby).
//
//   <Field label="Given name" problems={fieldProblems(refusal, "patient.given_name")}>
//     {(control) => <input {...control} value={given} onInput={...} />}
//   </Field>

import type { ComponentChildren, JSX } from "preact";
import { useId } from "preact/hooks";

export interface ControlProps {
  id: string;
  "aria-invalid"?: "true";
  "aria-describedby"?: string;
}

export interface FieldProps {
  label: ComponentChildren;
  // What the server (or the form) says is wrong; none when it is fine.
  problems?: string[];
  // A line of guidance under the control: limits, units, format.
  hint?: ComponentChildren;
  children: (control: ControlProps) => JSX.Element;
}

export function Field({ label, problems, hint, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : "", problems ? problemId : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({
        id,
        "aria-invalid": problems ? "true" : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint && (
        <small id={hintId} class="field-hint">
          {hint}
        </small>
      )}
      {problems && (
        <small id={problemId} class="field-problem" role="alert">
          {problems.join(" ")}
        </small>
      )}
    </div>
  );
}

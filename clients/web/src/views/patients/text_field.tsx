// One text input of the patient form with the server's problems for its
// request path beside it: the patients screens have dozens of these.

import type { JSX } from "preact";
import { fieldProblems, type Refusal } from "../../api/refusal";
import { Field } from "../../components/field";

export interface TextFieldProps {
  label: string;
  // The request path the server names in its field violations.
  path: string;
  refusal: Refusal | undefined;
  value: string;
  onValue(value: string): void;
  type?: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputProps?: JSX.InputHTMLAttributes<HTMLInputElement>;
}

export function TextField(props: TextFieldProps) {
  return (
    <Field label={props.label} problems={fieldProblems(props.refusal, props.path)} hint={props.hint}>
      {(control) => (
        <input
          {...control}
          {...props.inputProps}
          type={props.type ?? "text"}
          required={props.required}
          aria-required={props.required ? "true" : undefined}
          autocomplete={props.autocomplete ?? "off"}
          value={props.value}
          onInput={(e) => props.onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

// A labelled choice of one resource among `choices`, or none ("" with the
// `none` label: "Any practitioner", "Choose a treatment…").

import { Field } from "./field";

export interface ChoiceSelectProps {
  label: string;
  none: string;
  value: string;
  onChange(name: string): void;
  choices: { name: string; label: string }[];
  problems?: string[];
}

export function ChoiceSelect(props: ChoiceSelectProps) {
  return (
    <Field label={props.label} problems={props.problems}>
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">{props.none}</option>
          {props.choices.map((choice) => (
            <option key={choice.name} value={choice.name}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

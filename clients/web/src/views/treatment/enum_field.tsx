// A labelled select over one of the labelled enum lists of
// adverse_event_labels.ts, with an optional first choice meaning "none" or
// "unchanged".

import type { ComponentChildren } from "preact";
import { Field } from "../../components/field";

export interface EnumFieldProps<T extends number> {
  label: string;
  list: [T, string][];
  value: T;
  onChange(value: T): void;
  none?: [T, string];
  problems?: string[];
  hint?: ComponentChildren;
}

export function EnumField<T extends number>({ label, list, value, onChange, none, problems, hint }: EnumFieldProps<T>) {
  return (
    <Field label={label} problems={problems} hint={hint}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(Number(e.currentTarget.value) as T)}>
          {[...(none ? [none] : []), ...list].map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

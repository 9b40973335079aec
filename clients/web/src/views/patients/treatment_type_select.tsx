// A choice among the clinic's treatment types (the loaded plugins).

import { useDirectory } from "../../app/clinic_directory";
import { Field } from "../../components/field";

export function TreatmentTypeSelect(props: {
  label?: string;
  value: string;
  onValue(name: string): void;
  problems?: string[];
}) {
  const directory = useDirectory();
  return (
    <Field label={props.label ?? "Treatment type"} problems={props.problems}>
      {(control) => (
        <select {...control} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)}>
          <option value="">Choose a treatment…</option>
          {directory.treatmentTypes.map((type) => (
            <option key={type.name} value={type.name}>
              {type.displayName}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

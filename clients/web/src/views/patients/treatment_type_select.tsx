// A choice among the clinic's treatment types (the loaded plugins).

import { useDirectory } from "../../app/clinic_directory";
import { ChoiceSelect } from "../../components/choice_select";

export function TreatmentTypeSelect(props: {
  label?: string;
  value: string;
  onValue(name: string): void;
  problems?: string[];
}) {
  const directory = useDirectory();
  return (
    <ChoiceSelect
      label={props.label ?? "Treatment type"}
      none="Choose a treatment…"
      value={props.value}
      onChange={props.onValue}
      choices={directory.treatmentTypes.map((type) => ({ name: type.name, label: type.displayName }))}
      problems={props.problems}
    />
  );
}

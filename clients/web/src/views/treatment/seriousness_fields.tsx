// The ICH E2A seriousness criteria as checkboxes: none ticked is a
// non-serious event (or, in a follow-up, an unchanged seriousness).

import type { SeriousnessCriterion } from "../../gen/clinic/v1/adverse_events_pb";
import { kSeriousness } from "./adverse_event_labels";

export interface SeriousnessFieldsProps {
  legend: string;
  value: SeriousnessCriterion[];
  onChange(value: SeriousnessCriterion[]): void;
  problems?: string[];
}

export function SeriousnessFields({ legend, value, onChange, problems }: SeriousnessFieldsProps) {
  return (
    <fieldset aria-describedby={problems ? "seriousness-problem" : undefined}>
      <legend>{legend}</legend>
      {kSeriousness.map(([criterion, label]) => (
        <label key={criterion}>
          <input type="checkbox" checked={value.includes(criterion)}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? [...value, criterion] : value.filter((c) => c !== criterion))
            } />
          {label}
        </label>
      ))}
      {problems && (
        <small id="seriousness-problem" class="field-problem" role="alert">
          {problems.join(" ")}
        </small>
      )}
    </fieldset>
  );
}

// The protocol's outcome measures taken at the session (circumference,
// grade, weight...), so that the clinic can see whether the treatment
// works; each value with its unit and accepted range beside it.

import type { Refusal } from "../../api/refusal";
import { Field } from "../../components/field";
import type { OutcomeMeasure } from "../../gen/clinic/plugin/v1/plugin_pb";
import { recordProblems } from "./record_problems";
import { codeWords } from "./resource_names";

export interface OutcomeLine {
  code: string;
  site: string;
  value: string;
}

export interface OutcomeLinesProps {
  measures: OutcomeMeasure[];
  lines: OutcomeLine[];
  refusal: Refusal | undefined;
  onChange(lines: OutcomeLine[]): void;
}

function fresh(measure: OutcomeMeasure): OutcomeLine {
  return { code: measure.code, site: measure.sites[0] ?? "", value: "" };
}

export function OutcomeLines({ measures, lines, refusal, onChange }: OutcomeLinesProps) {
  if (measures.length === 0) return null;
  const update = (index: number, changed: OutcomeLine) =>
    onChange(lines.map((line, i) => (i === index ? changed : line)));
  return (
    <section aria-labelledby="outcomes-title">
      <h2 id="outcomes-title">Outcome measures</h2>
      {lines.length === 0 && <p class="field-hint">None taken yet at this session.</p>}
      {lines.map((line, index) => {
        const measure = measures.find((m) => m.code === line.code) ?? measures[0];
        const problems = (field: string) =>
          recordProblems(refusal, `treatment_record.outcomes[${index}]${field}`);
        return (
          <fieldset key={index} class="outcome-line">
            <legend>Measurement {index + 1}</legend>
            <div class="line-grid">
              <Field label="Measure" problems={problems(".code")}>
                {(control) => (
                  <select {...control} value={line.code}
                    onChange={(e) => update(index, fresh(measures.find((m) => m.code === e.currentTarget.value)!))}>
                    {measures.map((m) => (
                      <option key={m.code} value={m.code}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {measure.sites.length > 0 && (
                <Field label="Site" problems={problems(".site")}>
                  {(control) => (
                    <select {...control} value={line.site}
                      onChange={(e) => update(index, { ...line, site: e.currentTarget.value })}>
                      {measure.sites.map((site) => (
                        <option key={site} value={site}>
                          {codeWords(site)}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
              <Field label={`Value (${measure.unit})`} problems={problems(".value")}
                hint={`${measure.minValue} to ${measure.maxValue} ${measure.unit}.`}>
                {(control) => (
                  <input {...control} inputMode="decimal" value={line.value}
                    onInput={(e) => update(index, { ...line, value: e.currentTarget.value })} />
                )}
              </Field>
            </div>
            <button type="button" class="secondary outline"
              onClick={() => onChange(lines.filter((_, i) => i !== index))}>
              Remove measurement {index + 1}
            </button>
          </fieldset>
        );
      })}
      <button type="button" class="secondary" onClick={() => onChange([...lines, fresh(measures[0])])}>
        Add a measurement
      </button>
    </section>
  );
}

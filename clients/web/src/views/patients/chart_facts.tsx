// The chart's medical facts, for practitioners: each group's values, when
// it was last confirmed, and a flag when it is unknown or too old.

import { useMemo } from "preact/hooks";
import { formatDay } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { FactGroup, type ClinicalFacts } from "../../gen/clinic/v1/patients_pb";
import { strictestNeeds } from "./fact_freshness";
import { FactStatus } from "./fact_status";
import { codeWords, kFactGroups, kPregnancyOptions, kSeverityOptions, optionLabel } from "./patient_labels";
import { useProtocols } from "./treatment_protocols";
import { TableHead } from "../../components/table_head";

function factValues(facts: ClinicalFacts | undefined, group: FactGroup): string[] {
  if (!facts) return [];
  switch (group) {
    case FactGroup.PREGNANCY_STATUS:
      return [optionLabel(kPregnancyOptions, facts.pregnancyStatus)];
    case FactGroup.MEDICATIONS:
      return facts.medications.map((m) =>
        [
          m.name,
          m.dose,
          m.isNsaid ? "NSAID" : "",
          m.isAnticoagulant ? "anticoagulant" : "",
          m.ongoing ? "still taken" : m.lastTaken?.year ? `last taken ${formatDay(m.lastTaken)}` : "last taken: unknown",
        ]
          .filter(Boolean)
          .join(", "),
      );
    case FactGroup.ALLERGIES:
      return facts.allergies.map((a) =>
        [a.substance, a.reaction, a.severity ? optionLabel(kSeverityOptions, a.severity).toLowerCase() : ""]
          .filter(Boolean)
          .join(", "),
      );
    case FactGroup.CONDITIONS:
      return facts.conditions.map((c) => (c.note ? `${codeWords(c.code)}: ${c.note}` : codeWords(c.code)));
    case FactGroup.BODY_MEASUREMENTS:
      return facts.heightCm && facts.weightKg
        ? [`${facts.heightCm} cm, ${facts.weightKg} kg, body-mass index ${facts.bmi.toFixed(1)}`]
        : [];
    default:
      return [];
  }
}

export function ChartFacts({ facts }: { facts: ClinicalFacts | undefined }) {
  const directory = useDirectory();
  const { protocols } = useProtocols(directory.treatmentTypes.map((type) => type.name));
  const needs = useMemo(() => strictestNeeds(protocols?.values() ?? []), [protocols]);
  return (
    <section aria-labelledby="chart-facts-title">
      <h2 id="chart-facts-title">Medical facts</h2>
      <table class="facts-table">
        <TableHead columns={["Facts", "Recorded", "Confirmed"]} />
        <tbody>
          {kFactGroups.map(([group, label]) => {
            const values = factValues(facts, group);
            return (
              <tr key={group}>
                <th scope="row">{label}</th>
                <td>
                  {values.length === 0 ? (
                    <span class="muted">None recorded</span>
                  ) : (
                    <ul class="plain">
                      {values.map((value, i) => (
                        <li key={i}>{value}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <FactStatus facts={facts} group={group} needs={needs} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

// A completed session's record as it was stored: what was injected (lots
// included), the checklist answers, the outcome measures and the notes.

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import type { PluginDescription } from "../../gen/clinic/plugin/v1/plugin_pb";
import type { TreatmentRecord } from "../../gen/clinic/v1/scheduling_pb";
import { codeWords } from "./resource_names";
import { TableHead } from "../../components/table_head";

export interface TreatmentRecordViewProps {
  record: TreatmentRecord;
  protocol?: PluginDescription;
}

export function TreatmentRecordView({ record, protocol }: TreatmentRecordViewProps) {
  const directory = useDirectory();
  const productName = (name: string) =>
    protocol?.allowedProducts.find((p) => p.name === name)?.displayName ?? codeWords(name);
  const question = (code: string) =>
    protocol?.dayOfChecklist.find((q) => q.code === code)?.text ?? codeWords(code);
  const measure = (code: string) => protocol?.outcomeMeasures.find((m) => m.code === code);
  const unit = (name: string) =>
    protocol?.allowedProducts.find((p) => p.name === name)?.concentrationUnit ?? "";
  return (
    <section aria-labelledby="record-title">
      <h2 id="record-title">Treatment record</h2>
      <p>
        Recorded by {directory.staffName(record.recordedBy)}, {formatDateTime(record.recordTime, directory.zone)}.
        Areas: {record.areas.map(codeWords).join(", ")}.
      </p>
      <table>
        <caption>Products injected</caption>
        <TableHead columns={["Product", "Lot", "Concentration", "Dose", "Depth", "Points", "Area"]} />
        <tbody>
          {record.products.map((use, index) => (
            <tr key={index}>
              <td>{productName(use.product)}</td>
              <td>{use.lotNumber}</td>
              <td>{use.concentration ? `${use.concentration} ${unit(use.product)}` : "—"}</td>
              <td>{use.volumeMl} ml</td>
              <td>{use.depthMm ? `${use.depthMm} mm` : "—"}</td>
              <td>{use.injectionPoints || "—"}</td>
              <td>{codeWords(use.area)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {record.outcomes.length > 0 && <h3>Outcome measures</h3>}
      {record.outcomes.length > 0 && (
        <ul>
          {record.outcomes.map((outcome, index) => {
            const m = measure(outcome.code);
            return (
              <li key={index}>
                {m?.name ?? codeWords(outcome.code)}
                {outcome.site && ` (${codeWords(outcome.site)})`}: {outcome.value} {m?.unit}
              </li>
            );
          })}
        </ul>
      )}
      <h3>Day-of checklist</h3>
      <ul>
        {record.dayOfAnswers.map((answer) => (
          <li key={answer.question}>
            {question(answer.question)} <strong>{answer.yes ? "Yes" : "No"}</strong>
          </li>
        ))}
      </ul>
      {record.notes && <p class="notes">{record.notes}</p>}
    </section>
  );
}

// A recall's question: who received this lot? Every session and patient
// that had it (TraceLot), with the events reported after them.

import { useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { TraceLotResponse } from "../../gen/clinic/v1/adverse_events_pb";
import type { AllowedProduct } from "../../gen/clinic/plugin/v1/plugin_pb";
import { adverseEventLink, codeWords, sessionLink } from "./resource_names";
import { TableHead } from "../../components/table_head";

export function LotTrace({ products }: { products: AllowedProduct[] }) {
  const { api } = useSession();
  const directory = useDirectory();
  const [product, setProduct] = useState("");
  const [lot, setLot] = useState("");
  // The answer with the product and lot it is for.
  const [answer, setAnswer] = useState<{ uses: TraceLotResponse; product: string; lot: string }>();
  const trace = useAction();
  const patientName = usePatientNames(answer?.uses.uses.map((u) => u.patient) ?? []);
  const chosen = product || products[0]?.name || "";
  const submit = async (e: Event) => {
    e.preventDefault();
    // A read: no request_id. One page holds up to 5,000 uses.
    const asked = { product: chosen, lot: lot.trim() };
    const found = await trace.run(() =>
      api.adverseEvents.traceLot({ product: asked.product, lotNumber: asked.lot, pageSize: 5000 }),
    );
    setAnswer(found && { uses: found, ...asked });
  };
  return (
    <section aria-labelledby="trace-title">
      <h2 id="trace-title">Lot trace</h2>
      <form onSubmit={submit} aria-label="Trace a lot" class="inline-form">
        <Field label="Product" problems={fieldProblems(trace.refusal, "product")}>
          {(control) => (
            <select {...control} value={chosen} onChange={(e) => setProduct(e.currentTarget.value)}>
              {products.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Lot number" problems={fieldProblems(trace.refusal, "lot_number")}>
          {(control) => <input {...control} required value={lot} onInput={(e) => setLot(e.currentTarget.value)} />}
        </Field>
        <button type="submit" aria-busy={trace.busy} disabled={trace.busy}>
          Trace
        </button>
      </form>
      <RefusalNotice refusal={trace.refusal} placedFields={["product", "lot_number"]} />
      {answer && (
        <>
          <p role="status">
            {answer.uses.patientCount} {answer.uses.patientCount === 1 ? "patient" : "patients"} received lot{" "}
            {answer.lot} of {codeWords(answer.product)}
            {answer.uses.nextPageToken && " (more than 5,000 uses: the first 5,000 are shown)"}.
          </p>
          {answer.uses.uses.length > 0 && (
            <table>
              <TableHead columns={["Session", "Patient", "Practitioner", "Dose", "Area", "Events reported"]} />
              <tbody>
                {answer.uses.uses.map((use, index) => (
                  <tr key={index}>
                    <td>
                      <a href={sessionLink(use.session)}>{formatDateTime(use.sessionTime, directory.zone)}</a>
                    </td>
                    <td>{patientName(use.patient)}</td>
                    <td>{directory.staffName(use.practitioner)}</td>
                    <td>{use.volumeMl} ml</td>
                    <td>{codeWords(use.area)}</td>
                    <td>
                      {use.adverseEvents.length === 0
                        ? "None"
                        : use.adverseEvents.map((name, i) => (
                            <a key={name} href={adverseEventLink(name)}>
                              {i > 0 && ", "}report {i + 1}
                            </a>
                          ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

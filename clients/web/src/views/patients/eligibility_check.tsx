// Whether a treatment is safe for the patient on a day (practitioners:
// the reasons are clinical), with the stored facts as they are now: each
// reason in words, blocking or a warning to weigh, and the products not to
// use for this patient.

import { useState } from "preact/hooks";
import { isoDay, parseIsoDay, today } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { EligibilityResult } from "../../gen/clinic/plugin/v1/plugin_pb";
import { codeWords } from "./patient_labels";
import { TreatmentTypeSelect } from "./treatment_type_select";

export function EligibilityCheck({ patientName }: { patientName: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const [treatmentType, setTreatmentType] = useState("");
  const [day, setDay] = useState(isoDay(today(directory.zone)));
  const [areas, setAreas] = useState<string[]>([]);
  const [result, setResult] = useState<EligibilityResult>();
  const check = useAction();
  const type = directory.treatmentTypes.find((t) => t.name === treatmentType);

  const submit = async (event: Event) => {
    event.preventDefault();
    setResult(undefined);
    const answer = await check.run(() =>
      api.treatments.checkEligibility({
        patient: patientName,
        treatmentType,
        sessionDate: parseIsoDay(day),
        bodyAreas: areas,
      }),
    );
    if (answer) setResult(answer.result);
  };
  return (
    <section aria-labelledby="eligibility-title">
      <h2 id="eligibility-title">Eligibility</h2>
      <form onSubmit={submit} aria-label="Check eligibility">
        <div class="grid">
          <TreatmentTypeSelect value={treatmentType} onValue={(name) => { setTreatmentType(name); setAreas([]); setResult(undefined); }}
            problems={fieldProblems(check.refusal, "treatment_type")} />
          <Field label="Session day" problems={fieldProblems(check.refusal, "session_date")}>
            {(control) => <input {...control} type="date" value={day} onInput={(e) => setDay(e.currentTarget.value)} />}
          </Field>
        </div>
        {type && type.bodyAreas.length > 0 && (
          <fieldset>
            <legend>Areas to treat (none: not decided)</legend>
            <div class="checks">
              {type.bodyAreas.map((area) => (
                <label key={area}>
                  <input type="checkbox" checked={areas.includes(area)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setAreas((list) => (on ? [...list, area] : list.filter((a) => a !== area)));
                    }} />
                  {codeWords(area)}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <RefusalNotice refusal={check.refusal} placedFields={["treatment_type", "session_date"]} />
        <button type="submit" aria-busy={check.busy} disabled={!treatmentType || check.busy}>
          Check eligibility
        </button>
      </form>
      {result && (
        <div class="eligibility-result" role="status">
          <p>
            <strong>{result.eligible ? "Eligible" : "Not eligible"}</strong> for {type?.displayName}
            {result.reasons.length === 0 && ": nothing stands in the way."}
          </p>
          {result.reasons.length > 0 && (
            <ul>
              {result.reasons.map((reason) => (
                <li key={reason.code}>
                  <span class="tag">{reason.blocking ? "Blocking" : "Warning"}</span>{" "}
                  <strong>{codeWords(reason.code)}</strong>: {reason.message}
                </li>
              ))}
            </ul>
          )}
          {result.excludedProducts.length > 0 && (
            <>
              <p>Products not to use for this patient:</p>
              <ul>
                {result.excludedProducts.map((product) => (
                  <li key={product.product}>
                    {codeWords(product.product)} ({codeWords(product.reasonCode)}): {product.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}

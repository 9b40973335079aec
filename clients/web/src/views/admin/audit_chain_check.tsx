// "Verify the trail": the server recomputes every record's hash from the
// first on, then every stored resource (patient, session, consent, ...)
// against the record that last wrote it; the answer in plain words.

import { useState } from "preact/hooks";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { VerifyAuditChainResponse } from "../../gen/clinic/v1/audit_pb";

function Verdict({ result }: { result: VerifyAuditChainResponse }) {
  if (result.intact) {
    return (
      <>
        <strong>Intact.</strong> All {String(result.recordsChecked)} records were checked and none
        was changed or is missing; the {String(result.resourcesChecked)} stored patients, sessions,
        consents and other records match them.
      </>
    );
  }
  if (result.firstBrokenSequence > 0n) {
    return (
      <>
        <strong>Broken at record {String(result.firstBrokenSequence)}.</strong> {result.problem}.
        The records before it are as written; from it on the trail cannot be trusted. Keep the
        database file as it is and compare it with a backup.
      </>
    );
  }
  return (
    <>
      <strong>Changed outside Mesoclinic.</strong> {result.problem}: someone edited the database
      file directly. Keep it as it is, compare it with a backup, and find who had access to it.
    </>
  );
}

export function AuditChainCheck() {
  const { api } = useSession();
  const verify = useAction();
  const [result, setResult] = useState<VerifyAuditChainResponse>();
  const run = async () => {
    setResult(undefined);
    const answer = await verify.run(() => api.audit.verifyAuditChain({}));
    if (answer) setResult(answer);
  };
  const more = result ? Number(result.resourceProblemCount) - result.resourceProblems.length : 0;
  return (
    <section aria-labelledby="chain-title" class="chain-check">
      <h2 id="chain-title">Is the trail intact?</h2>
      <p>
        Each record holds a keyed hash of the one before it, and of what it wrote: a record, a
        patient's file or a treatment record changed or removed in the database file shows here.
      </p>
      <button type="button" aria-busy={verify.busy} disabled={verify.busy} onClick={run}>
        Verify the chain
      </button>
      <RefusalNotice refusal={verify.refusal} />
      {result && (
        <p role="status" class={result.intact ? "done" : "broken"}>
          <Verdict result={result} />
        </p>
      )}
      {result && result.resourceProblems.length > 0 && (
        <ul aria-label="Records changed outside Mesoclinic">
          {result.resourceProblems.map((problem) => (
            <li key={problem.resource}>{problem.description}</li>
          ))}
          {more > 0 && <li>… and {more} more</li>}
        </ul>
      )}
      {result && result.unproven.length > 0 && (
        <ul aria-label="Not proven">
          {result.unproven.map((text) => (
            <li key={text}>Not proven: {text}</li>
          ))}
        </ul>
      )}
      {result?.intact && (
        <p class="field-hint">
          Removing the most recent records together with what they wrote would leave a shorter
          trail that still verifies: keep a signed checkpoint (clinicctl audit checkpoint) away
          from the server, or note the count ({String(result.recordsChecked)}) to compare next
          time.
        </p>
      )}
    </section>
  );
}

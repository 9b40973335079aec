// "Verify the chain": the server recomputes every record's hash from the
// first on; the answer in plain words.

import { useState } from "preact/hooks";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { VerifyAuditChainResponse } from "../../gen/clinic/v1/audit_pb";

export function AuditChainCheck() {
  const { api } = useSession();
  const verify = useAction();
  const [result, setResult] = useState<VerifyAuditChainResponse>();
  const run = async () => {
    setResult(undefined);
    const answer = await verify.run(() => api.audit.verifyAuditChain({}));
    if (answer) setResult(answer);
  };
  return (
    <section aria-labelledby="chain-title" class="chain-check">
      <h2 id="chain-title">Is the trail intact?</h2>
      <p>
        Each record holds a hash of the one before it: a record changed or removed in the database
        breaks the chain from there on.
      </p>
      <button type="button" aria-busy={verify.busy} disabled={verify.busy} onClick={run}>
        Verify the chain
      </button>
      <RefusalNotice refusal={verify.refusal} />
      {result && (
        <p role="status" class={result.intact ? "done" : "broken"}>
          {result.intact ? (
            <>
              <strong>Intact.</strong> All {String(result.recordsChecked)} records were checked and
              none was changed or is missing.
            </>
          ) : (
            <>
              <strong>Broken at record {String(result.firstBrokenSequence)}.</strong>{" "}
              {result.problem}. The records before it are as written; from it on the trail
              cannot be trusted. Keep the database file as it is and compare it with a backup.
            </>
          )}
        </p>
      )}
      {result?.intact && (
        <p class="field-hint">
          Removing the most recent records would leave a shorter chain that still verifies: note the
          count ({String(result.recordsChecked)}) to compare next time.
        </p>
      )}
    </section>
  );
}

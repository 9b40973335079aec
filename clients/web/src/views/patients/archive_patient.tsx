// Archiving a patient, after a confirmation in words: the record and its
// history stay, but it leaves the default search and can no longer change.

import { useState } from "preact/hooks";
import { newRequestId } from "../../api/clients";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { Patient } from "../../gen/clinic/v1/patients_pb";
import { patientName } from "./patient_labels";

export function ArchivePatient({ patient, onArchived }: { patient: Patient; onArchived(p: Patient): void }) {
  const { api } = useSession();
  const archive = useAction();
  const [asking, setAsking] = useState(false);
  // One request id for this attempt, kept if the same attempt is retried.
  const [requestId] = useState(newRequestId);
  const confirm = async () => {
    const answer = await archive.run(() => api.patients.archivePatient({ name: patient.name, requestId }));
    if (answer?.patient) onArchived(answer.patient);
  };
  return (
    <section class="archive-patient" aria-labelledby="archive-title">
      <h2 id="archive-title">Archive</h2>
      {!asking ? (
        <button type="button" class="secondary outline" onClick={() => setAsking(true)}>
          Archive this patient…
        </button>
      ) : (
        <div role="group" aria-labelledby="archive-question">
          <p id="archive-question">
            Archive {patientName(patient)}? The record and its history are kept, but it no longer
            appears in the search and can no longer be changed. There is no undo.
          </p>
          <RefusalNotice refusal={archive.refusal} />
          <div class="button-row">
            <button type="button" class="contrast" aria-busy={archive.busy} disabled={archive.busy} onClick={confirm}>
              Yes, archive {patientName(patient)}
            </button>
            <button type="button" class="secondary" onClick={() => setAsking(false)}>
              Keep the record as it is
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

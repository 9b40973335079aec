// Cancelling a booked session: a reason is required (up to 500
// characters) and kept with the session.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { Session } from "../../gen/clinic/v1/scheduling_pb";
import { useAttemptId } from "./use_attempt_id";

const kMaxReason = 500;

export function CancelSessionForm({ session, onCancelled }: { session: Session; onCancelled(session: Session): void }) {
  const { api } = useSession();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const cancel = useAction();
  const requestId = useAttemptId(`${session.name}\n${reason}`);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!reason.trim()) {
      setMissing(true);
      return;
    }
    const answer = await cancel.run(() =>
      api.scheduling.cancelSession({ session: session.name, reason: reason.trim(), requestId }),
    );
    if (answer?.session) onCancelled(answer.session);
  };
  const problems = missing && !reason.trim()
    ? ["Give a reason: it is kept with the session."]
    : fieldProblems(cancel.refusal, "reason");
  return (
    <form onSubmit={submit} noValidate aria-label="Cancel the session">
      <Field
        label="Reason for cancelling"
        problems={problems}
        hint={`Required, up to ${kMaxReason} characters (${reason.length} used).`}
      >
        {(control) => (
          <textarea
            {...control}
            required
            maxLength={kMaxReason}
            rows={2}
            value={reason}
            onInput={(e) => setReason(e.currentTarget.value)}
          />
        )}
      </Field>
      <RefusalNotice refusal={cancel.refusal} placedFields={["reason"]} />
      <button type="submit" class="secondary" disabled={cancel.busy} aria-busy={cancel.busy}>
        Cancel this session
      </button>
    </form>
  );
}

// A consultation ends with the practitioner's notes (what was found and
// agreed), not a treatment record: nothing is injected at one.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { Session } from "../../gen/clinic/v1/scheduling_pb";
import { useAttempt } from "./use_attempt";

export interface ConsultationNotesFormProps {
  session: Session;
  onCompleted(session: Session): void;
}

export function ConsultationNotesForm({ session, onCompleted }: ConsultationNotesFormProps) {
  const { api } = useSession();
  const [notes, setNotes] = useState("");
  const attempt = useAttempt();
  const complete = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await complete.run(() =>
      api.scheduling.completeSession({
        session: session.name,
        consultationNotes: notes,
        requestId: attempt.id(),
      }),
    );
    if (answer?.session) onCompleted(answer.session);
  };
  return (
    <form onSubmit={submit} aria-label="Complete the consultation">
      <Field label="Consultation notes" problems={fieldProblems(complete.refusal, "consultation_notes")}
        hint="What you found and agreed with the patient; 1 to 10,000 characters. The front desk never sees them.">
        {(control) => (
          <textarea {...control} rows={6} required maxLength={10000} value={notes}
            onInput={(e) => {
              attempt.changed();
              setNotes(e.currentTarget.value);
            }} />
        )}
      </Field>
      <RefusalNotice refusal={complete.refusal} placedFields={["consultation_notes"]} />
      <button type="submit" aria-busy={complete.busy} disabled={complete.busy}>
        Complete the consultation
      </button>
    </form>
  );
}

// A practitioner's review of a safety hold, with the reason: resume (the
// front desk may book again, flagged sessions are cleared) or, for a
// course, stop (its future sessions are cancelled). A patient-level hold
// is only lifted; each course keeps its own review.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { ReviewSafetyHoldRequest_Decision as Decision } from "../../gen/clinic/v1/adverse_events_pb";
import { useAttempt } from "./use_attempt";

export interface HoldReviewFormProps {
  // Exactly one of the two.
  course?: string;
  patient?: string;
  label: string;
  onReviewed(): void;
}

export function HoldReviewForm({ course, patient, label, onReviewed }: HoldReviewFormProps) {
  const { api } = useSession();
  const [decision, setDecision] = useState(Decision.RESUME);
  const [reason, setReason] = useState("");
  const attempt = useAttempt();
  const review = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const answer = await review.run(() =>
      api.adverseEvents.reviewSafetyHold({
        course: course ?? "",
        patient: patient ?? "",
        decision,
        reason,
        requestId: attempt.id(),
      }),
    );
    if (answer) onReviewed();
  };
  return (
    <form onSubmit={submit} aria-label={`Review the hold on ${label}`}>
      {course && (
        <fieldset>
          <legend>Decision</legend>
          <label>
            <input type="radio" name={`decision-${course}`} checked={decision === Decision.RESUME}
              onChange={() => attempt.edit(setDecision)(Decision.RESUME)} />
            Resume: bookings go on, flagged sessions are cleared
          </label>
          <label>
            <input type="radio" name={`decision-${course}`} checked={decision === Decision.STOP}
              onChange={() => attempt.edit(setDecision)(Decision.STOP)} />
            Stop: the course ends, its future sessions are cancelled
          </label>
        </fieldset>
      )}
      <Field label="Reason for the decision" problems={fieldProblems(review.refusal, "reason")}
        hint="Required, up to 1,000 characters: what you found when you saw the patient.">
        {(control) => (
          <textarea {...control} rows={2} required maxLength={1000} value={reason}
            onInput={(e) => attempt.edit(setReason)(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={review.refusal} placedFields={["reason"]} />
      <button type="submit" aria-busy={review.busy} disabled={review.busy}>
        {course ? "Record the review" : "Lift the patient's hold"}
      </button>
    </form>
  );
}

// Recording that the expedited report of a serious, related, unexpected
// event went to the authority (where and under which reference), or the
// follow-up report it requires once that one is due.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { AdverseEvent } from "../../gen/clinic/v1/adverse_events_pb";
import { useAttempt } from "./use_attempt";

export interface ExpeditedReportFormProps {
  event: AdverseEvent;
  onMarked(event: AdverseEvent): void;
}

// Which report is waiting to be marked, if any.
function waiting(event: AdverseEvent): "first" | "follow-up" | undefined {
  if (!event.expeditedReportDueTime) return undefined;
  if (!event.expeditedReportSubmitTime) return "first";
  if (event.followUpReportDueTime && !event.followUpReportSubmitTime) return "follow-up";
  return undefined;
}

export function ExpeditedReportForm({ event, onMarked }: ExpeditedReportFormProps) {
  const { api } = useSession();
  const [authority, setAuthority] = useState(event.expeditedReportAuthority);
  const [reference, setReference] = useState("");
  const attempt = useAttempt();
  const mark = useAction();
  const which = waiting(event);
  if (!which) return null;
  const followUp = which === "follow-up";
  const submit = async (e: Event) => {
    e.preventDefault();
    const answer = await mark.run(() =>
      api.adverseEvents.markExpeditedReportSubmitted({
        name: event.name,
        authority: followUp ? "" : authority,
        reference,
        followUpReport: followUp,
        requestId: attempt.id(),
      }),
    );
    if (answer?.adverseEvent) onMarked(answer.adverseEvent);
  };
  return (
    <form onSubmit={submit} aria-labelledby="expedited-title">
      <h2 id="expedited-title">{followUp ? "The follow-up report was sent" : "The expedited report was sent"}</h2>
      <div class="line-grid">
        {!followUp && (
          <Field label="Authority" problems={fieldProblems(mark.refusal, "authority")} hint="Such as ANSM.">
            {(control) => (
              <input {...control} required maxLength={200} value={authority}
                onInput={(e) => attempt.edit(setAuthority)(e.currentTarget.value)} />
            )}
          </Field>
        )}
        <Field label="The authority's reference" problems={fieldProblems(mark.refusal, "reference")}>
          {(control) => (
            <input {...control} maxLength={100} value={reference}
              onInput={(e) => attempt.edit(setReference)(e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <RefusalNotice refusal={mark.refusal} placedFields={["authority", "reference"]} />
      <button type="submit" aria-busy={mark.busy} disabled={mark.busy}>
        {followUp ? "Mark the follow-up report submitted" : "Mark the expedited report submitted"}
      </button>
    </form>
  );
}

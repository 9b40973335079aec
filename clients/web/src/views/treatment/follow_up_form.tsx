// A dated follow-up of an adverse event: the outcome now, and the grade,
// seriousness and causality when they changed. Appended to the history;
// holds and the reporting clock follow the new state.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { toDate, toTimestamp } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import {
  EventOutcome,
  Relatedness,
  SeriousnessCriterion,
  type AdverseEvent,
} from "../../gen/clinic/v1/adverse_events_pb";
import { kGrades, kOutcomes, kRelatedness } from "./adverse_event_labels";
import { EnumField } from "./enum_field";
import { SeriousnessFields } from "./seriousness_fields";
import { fromLocalInput, toLocalInput } from "./local_datetime";
import { useAttempt } from "./use_attempt";

export interface FollowUpFormProps {
  event: AdverseEvent;
  onAdded(event: AdverseEvent): void;
}

export function FollowUpForm({ event, onAdded }: FollowUpFormProps) {
  const { api } = useSession();
  const { zone } = useDirectory();
  // Now, unless the onset is still ahead (within the server's clock skew):
  // a follow-up never precedes it.
  const [time, setTime] = useState(() =>
    toLocalInput(new Date(Math.max(Date.now(), toDate(event.onsetTime)?.getTime() ?? 0)), zone),
  );
  const [outcome, setOutcome] = useState<EventOutcome>(event.currentOutcome || EventOutcome.RECOVERING);
  const [grade, setGrade] = useState(0);
  const [seriousness, setSeriousness] = useState<SeriousnessCriterion[]>([]);
  const [relatedness, setRelatedness] = useState(Relatedness.UNSPECIFIED);
  const [notes, setNotes] = useState("");
  const attempt = useAttempt();
  const add = useAction();
  const problems = (field: string) => fieldProblems(add.refusal, `follow_up.${field}`);
  const submit = async (e: Event) => {
    e.preventDefault();
    const at = fromLocalInput(time, zone);
    const answer = await add.run(() =>
      api.adverseEvents.addFollowUp({
        adverseEvent: event.name,
        requestId: attempt.id(),
        followUp: {
          time: at && toTimestamp(at),
          outcome,
          severityGrade: grade,
          seriousness,
          relatedness,
          notes,
        },
      }),
    );
    if (answer?.adverseEvent) {
      attempt.changed();
      setNotes("");
      onAdded(answer.adverseEvent);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">Add a follow-up</h2>
      <div class="line-grid">
        <Field label="When" problems={problems("time")} hint={`Clinic time (${zone}).`}>
          {(control) => (
            <input {...control} type="datetime-local" value={time} onInput={(e) => attempt.edit(setTime)(e.currentTarget.value)} />
          )}
        </Field>
        <EnumField label="Outcome now" problems={problems("outcome")}
          list={kOutcomes} value={outcome} onChange={attempt.edit(setOutcome)} />
        <EnumField label="Grade now" problems={problems("severity_grade")}
          list={kGrades} value={grade} onChange={attempt.edit(setGrade)} none={[0, "Unchanged"]} />
        <EnumField label="Causality now" problems={problems("relatedness")}
          list={kRelatedness} value={relatedness} onChange={attempt.edit(setRelatedness)} none={[Relatedness.UNSPECIFIED, "Unchanged"]} />
      </div>
      <SeriousnessFields legend="Seriousness now, if it changed (leave all unticked when unchanged)"
        value={seriousness} onChange={attempt.edit(setSeriousness)} problems={problems("seriousness")} />
      <Field label="Follow-up notes" problems={problems("notes")} hint="Up to 5,000 characters.">
        {(control) => (
          <textarea {...control} rows={2} maxLength={5000} value={notes} onInput={(e) => attempt.edit(setNotes)(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={add.refusal} placedFields={["follow_up"]} />
      <button type="submit" aria-busy={add.busy} disabled={add.busy}>
        Add the follow-up
      </button>
    </form>
  );
}

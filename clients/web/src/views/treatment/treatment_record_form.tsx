// Completing a treatment session: the day-of checklist, what was injected,
// the outcome measures and notes, sent as one CompleteSession. The plugin's
// refusals land beside the line and field they name.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { PluginDescription } from "../../gen/clinic/plugin/v1/plugin_pb";
import type { Session } from "../../gen/clinic/v1/scheduling_pb";
import { checklistBlocks, DayOfChecklist, type Answers } from "./day_of_checklist";
import { amount, emptyLine, InjectionLines, type InjectionLine } from "./injection_lines";
import { OutcomeLines, type OutcomeLine } from "./outcome_lines";
import { useAttempt } from "./use_attempt";

export interface TreatmentRecordFormProps {
  session: Session;
  protocol: PluginDescription;
  onCompleted(session: Session): void;
}

export function TreatmentRecordForm({ session, protocol, onCompleted }: TreatmentRecordFormProps) {
  const { api } = useSession();
  const [answers, setAnswers] = useState<Answers>({});
  const [lines, setLines] = useState<InjectionLine[]>(() => [emptyLine(protocol)]);
  const [outcomes, setOutcomes] = useState<OutcomeLine[]>([]);
  const [notes, setNotes] = useState("");
  const attempt = useAttempt();
  const complete = useAction();
  const unanswered = protocol.dayOfChecklist.filter((q) => answers[q.code] === undefined);
  const blocked = checklistBlocks(protocol.dayOfChecklist, answers);

  const submit = async (event: Event) => {
    event.preventDefault();
    const topical = (name: string) =>
      protocol.allowedProducts.find((p) => p.name === name)?.topical ?? false;
    const answer = await complete.run(() =>
      api.scheduling.completeSession({
        session: session.name,
        requestId: attempt.id(),
        treatmentRecord: {
          // The areas treated are those the lines name.
          areas: [...new Set(lines.map((line) => line.area))],
          products: lines.map((line) => ({
            product: line.product,
            lotNumber: line.lotNumber.trim(),
            concentration: amount(line.concentration),
            volumeMl: amount(line.volumeMl),
            depthMm: topical(line.product) ? 0 : amount(line.depthMm),
            injectionPoints: topical(line.product) ? 0 : Math.trunc(amount(line.injectionPoints)),
            area: line.area,
          })),
          outcomes: outcomes.map((line) => ({
            code: line.code,
            site: line.site,
            value: amount(line.value),
          })),
          notes,
          // Unanswered questions are left out: the server names them.
          dayOfAnswers: protocol.dayOfChecklist
            .filter((q) => answers[q.code] !== undefined)
            .map((q) => ({ question: q.code, yes: answers[q.code] === true })),
        },
      }),
    );
    if (answer?.session) onCompleted(answer.session);
  };

  return (
    <form onSubmit={submit} aria-label="Treatment record" noValidate>
      <DayOfChecklist questions={protocol.dayOfChecklist} answers={answers}
        onAnswer={(code, yes) => attempt.edit(setAnswers)({ ...answers, [code]: yes })}
        problems={fieldProblems(complete.refusal, "treatment_record.day_of_answers")} />
      <InjectionLines lines={lines} protocol={protocol} refusal={complete.refusal} onChange={attempt.edit(setLines)} />
      <OutcomeLines measures={protocol.outcomeMeasures} lines={outcomes} refusal={complete.refusal}
        onChange={attempt.edit(setOutcomes)} />
      <section aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        <Field label="Notes on the session" problems={fieldProblems(complete.refusal, "treatment_record.notes")}
          hint="Up to 10,000 characters. Shown to practitioners only.">
          {(control) => (
            <textarea {...control} rows={3} maxLength={10000} value={notes}
              onInput={(e) => attempt.edit(setNotes)(e.currentTarget.value)} />
          )}
        </Field>
      </section>
      <RefusalNotice refusal={complete.refusal}
        placedFields={["treatment_record.products", "treatment_record.outcomes",
          "treatment_record.day_of_answers", "treatment_record.notes"]} />
      {blocked && (
        <p class="refusal" role="status">
          An answer on the checklist rules out treatment today: do not treat. Cancel or move the session
          from its page instead.
        </p>
      )}
      <button type="submit" aria-busy={complete.busy} disabled={complete.busy || blocked}>
        Complete the session
      </button>
      {unanswered.length > 0 && !blocked && (
        <small class="field-hint">
          {unanswered.length} checklist {unanswered.length === 1 ? "question is" : "questions are"} still unanswered.
        </small>
      )}
    </form>
  );
}

// Reporting an adverse event after a session: the term of the core
// vocabulary with its grading guidance for the chosen grade, seriousness
// (ICH E2A), causality (WHO-UMC), onset and awareness on the clinic's
// clock, the suspected products and lots prefilled from the session's
// record, what was done, who told the clinic, and a description.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { toTimestamp } from "../../api/clinic_time";
import type { PluginDescription } from "../../gen/clinic/plugin/v1/plugin_pb";
import {
  ActionTaken,
  EventOutcome,
  Relatedness,
  ReporterKind,
  SeriousnessCriterion,
  type AdverseEventTerm,
  type ReportAdverseEventResponse,
} from "../../gen/clinic/v1/adverse_events_pb";
import type { Session } from "../../gen/clinic/v1/scheduling_pb";
import { kActions, kGrades, kOutcomes, kRelatedness, kReporters } from "./adverse_event_labels";
import { EnumField } from "./enum_field";
import { SeriousnessFields } from "./seriousness_fields";
import { fromLocalInput, toLocalInput } from "./local_datetime";
import { codeWords } from "./resource_names";
import { SuspectedProductsFields, type SuspectedLine } from "./suspected_products_fields";
import { useAttempt } from "./use_attempt";

// The fields this form shows problems beside.
const kPlaced = ["term", "severity_grade", "body_site", "onset_time", "awareness_time", "seriousness",
  "relatedness", "action_taken", "action_details", "outcome", "suspected_products", "reporter_kind",
  "reporter_narrative", "description"];

export interface AdverseEventReportFormProps {
  session: Session;
  protocol: PluginDescription | undefined;
  terms: AdverseEventTerm[];
  onReported(answer: ReportAdverseEventResponse): void;
}

function expectedNote(protocol: PluginDescription | undefined, term: string): string {
  const listed = protocol?.expectedAdverseEvents.find((e) => e.term === term);
  if (!listed) return "Not listed by this treatment's protocol: unexpected.";
  return `Listed by the protocol: onset ${listed.onsetMinDays} to ${listed.onsetMaxDays} days after a session, up to grade ${listed.maxExpectedGrade || 1}${listed.seriousExpected ? ", serious included" : ", non-serious"}.`;
}

export function AdverseEventReportForm({ session, protocol, terms, onReported }: AdverseEventReportFormProps) {
  const { api } = useSession();
  const { zone } = useDirectory();
  const record = session.treatmentRecord;
  const [term, setTerm] = useState(terms[0]?.code ?? "");
  const [grade, setGrade] = useState(1);
  const [bodySite, setBodySite] = useState(record?.areas[0] ?? "");
  const [onset, setOnset] = useState(() => toLocalInput(new Date(), zone));
  const [awareness, setAwareness] = useState(() => toLocalInput(new Date(), zone));
  const [seriousness, setSeriousness] = useState<SeriousnessCriterion[]>([]);
  const [relatedness, setRelatedness] = useState(Relatedness.UNSPECIFIED);
  const [suspected, setSuspected] = useState<SuspectedLine[]>(
    () => record?.products.map((use) => ({ product: use.product, lotNumber: use.lotNumber })) ?? [],
  );
  const [action, setAction] = useState(ActionTaken.NONE);
  const [actionDetails, setActionDetails] = useState("");
  const [outcome, setOutcome] = useState(EventOutcome.NOT_RECOVERED);
  const [reporter, setReporter] = useState(ReporterKind.PRACTITIONER);
  const [narrative, setNarrative] = useState("");
  const [description, setDescription] = useState("");
  const attempt = useAttempt();
  const report = useAction();
  const chosen = terms.find((t) => t.code === term);
  const problems = (field: string) => fieldProblems(report.refusal, `adverse_event.${field}`);
  const productName = (name: string) =>
    protocol?.allowedProducts.find((p) => p.name === name)?.displayName ?? codeWords(name);

  const submit = async (event: Event) => {
    event.preventDefault();
    const onsetTime = fromLocalInput(onset, zone);
    const awarenessTime = fromLocalInput(awareness, zone);
    const answer = await report.run(() =>
      api.adverseEvents.reportAdverseEvent({
        requestId: attempt.id(),
        adverseEvent: {
          patient: session.patient,
          session: session.name,
          term,
          description,
          bodySite,
          onsetTime: onsetTime && toTimestamp(onsetTime),
          awarenessTime: awarenessTime && toTimestamp(awarenessTime),
          severityGrade: grade,
          seriousness,
          relatedness,
          suspectedProducts: suspected.map((line) => ({ product: line.product, lotNumber: line.lotNumber.trim() })),
          actionTaken: action,
          actionDetails,
          outcome,
          reporterKind: reporter,
          reporterNarrative: reporter === ReporterKind.PATIENT ? narrative : "",
        },
      }),
    );
    if (answer) onReported(answer);
  };

  return (
    <form onSubmit={submit} aria-label="Adverse event report" noValidate>
      <div class="line-grid">
        <Field label="What happened (term)" problems={problems("term")}
          hint={chosen && [chosen.systemic && "Systemic: holds every treatment of the patient.",
            chosen.endsCourse && "Suspends the course whatever the grade.", expectedNote(protocol, term)]
            .filter(Boolean).join(" ")}>
          {(control) => (
            <select {...control} value={term} onChange={(e) => attempt.edit(setTerm)(e.currentTarget.value)}>
              {terms.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <EnumField label="Grade (CTCAE)" problems={problems("severity_grade")}
          hint={chosen?.grades[grade - 1] && <span class="grade-guidance">Grade {grade}: {chosen.grades[grade - 1]}</span>} list={kGrades} value={grade} onChange={attempt.edit(setGrade)} />
        <Field label="Body site" problems={problems("body_site")}>
          {(control) => (
            <input {...control} value={bodySite} maxLength={100} onInput={(e) => attempt.edit(setBodySite)(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Onset" problems={problems("onset_time")} hint={`Clinic time (${zone}).`}>
          {(control) => (
            <input {...control} type="datetime-local" value={onset} onInput={(e) => attempt.edit(setOnset)(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="The clinic learned of it" problems={problems("awareness_time")}
          hint="The expedited-report clock counts from here.">
          {(control) => (
            <input {...control} type="datetime-local" value={awareness}
              onInput={(e) => attempt.edit(setAwareness)(e.currentTarget.value)} />
          )}
        </Field>
      </div>

      <SeriousnessFields legend="Seriousness (ICH E2A): tick every criterion met, none if not serious"
        value={seriousness} onChange={attempt.edit(setSeriousness)} problems={problems("seriousness")} />

      <div class="line-grid">
        <EnumField label="Causality (WHO-UMC)" problems={problems("relatedness")}
          hint="Required when the event is serious." list={kRelatedness} value={relatedness} onChange={attempt.edit(setRelatedness)} none={[Relatedness.UNSPECIFIED, "Not assessed"]} />
        <EnumField label="Action taken" problems={problems("action_taken")}
          list={kActions} value={action} onChange={attempt.edit(setAction)} />
        <Field label="Action details" problems={problems("action_details")}>
          {(control) => (
            <input {...control} value={actionDetails} onInput={(e) => attempt.edit(setActionDetails)(e.currentTarget.value)} />
          )}
        </Field>
        <EnumField label="Outcome so far" problems={problems("outcome")}
          list={kOutcomes} value={outcome} onChange={attempt.edit(setOutcome)} />
      </div>

      <SuspectedProductsFields lines={suspected} productName={productName} refusal={report.refusal}
        onChange={attempt.edit(setSuspected)} />

      <div class="line-grid">
        <EnumField label="Who told the clinic" problems={problems("reporter_kind")}
          list={kReporters} value={reporter} onChange={attempt.edit(setReporter)} />
        {reporter === ReporterKind.PATIENT && (
          <Field label="The patient's own words" problems={problems("reporter_narrative")}>
            {(control) => (
              <textarea {...control} rows={2} value={narrative} onInput={(e) => attempt.edit(setNarrative)(e.currentTarget.value)} />
            )}
          </Field>
        )}
      </div>
      <Field label="Description" problems={problems("description")}
        hint={term === "other" ? "Required for “other”." : "What you saw; up to 5,000 characters."}>
        {(control) => (
          <textarea {...control} rows={3} maxLength={5000} value={description}
            onInput={(e) => attempt.edit(setDescription)(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={report.refusal} placedFields={kPlaced.map((field) => `adverse_event.${field}`)} />
      <button type="submit" aria-busy={report.busy} disabled={report.busy}>
        Report the adverse event
      </button>
    </form>
  );
}

// The safety summary of one treatment over a period of clinic days:
// sessions performed, event rates by term and grade, serious events, and
// clusters (one lot, or one practitioner's sessions, behind several
// events close together).

import { useState } from "preact/hooks";
import { addDays, formatDateTime, instantAt, isoDay, parseIsoDay, today, toTimestamp } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { AdverseEventTerm, GetSafetySummaryResponse } from "../../gen/clinic/v1/adverse_events_pb";
import { termName } from "./adverse_event_details";
import { adverseEventLink } from "./resource_names";
import { TableHead } from "../../components/table_head";

export function SafetySummary({ terms }: { terms: AdverseEventTerm[] }) {
  const { api } = useSession();
  const directory = useDirectory();
  const zone = directory.zone;
  const [type, setType] = useState(directory.treatmentTypes[0]?.name ?? "");
  const [from, setFrom] = useState(() => isoDay(addDays(today(zone), -90)));
  const [to, setTo] = useState(() => isoDay(today(zone)));
  const [summary, setSummary] = useState<GetSafetySummaryResponse>();
  const load = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const start = parseIsoDay(from);
    const end = parseIsoDay(to);
    const answer = await load.run(() =>
      api.adverseEvents.getSafetySummary({
        treatmentType: type,
        startTime: start && toTimestamp(instantAt(start, 0, zone)),
        // The whole last day.
        endTime: end && toTimestamp(instantAt(addDays(end, 1), 0, zone)),
      }),
    );
    setSummary(answer);
  };
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title">Safety summary</h2>
      <form onSubmit={submit} aria-label="Safety summary period" class="inline-form">
        <Field label="Treatment" problems={fieldProblems(load.refusal, "treatment_type")}>
          {(control) => (
            <select {...control} value={type} onChange={(e) => setType(e.currentTarget.value)}>
              {directory.treatmentTypes.map((t) => (
                <option key={t.name} value={t.name}>
                  {t.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="From (clinic day)" problems={fieldProblems(load.refusal, "start_time")}>
          {(control) => <input {...control} type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />}
        </Field>
        <Field label="To (clinic day, included)" problems={fieldProblems(load.refusal, "end_time")}>
          {(control) => <input {...control} type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />}
        </Field>
        <button type="submit" aria-busy={load.busy} disabled={load.busy}>
          Summarise
        </button>
      </form>
      <RefusalNotice refusal={load.refusal} placedFields={["treatment_type", "start_time", "end_time"]} />
      {summary && (
        <>
          <p role="status">
            {summary.sessionsPerformed} {summary.sessionsPerformed === 1 ? "session" : "sessions"} performed,{" "}
            {summary.adverseEvents} adverse {summary.adverseEvents === 1 ? "event" : "events"}:{" "}
            {summary.eventsPer100Sessions.toFixed(1)} per 100 sessions.
          </p>
          {summary.byTermAndGrade.length > 0 && (
            <table>
              <caption>By term and current grade</caption>
              <TableHead columns={["Event", "Grade", "Events", "Per 100 sessions"]} />
              <tbody>
                {summary.byTermAndGrade.map((row) => (
                  <tr key={`${row.term}-${row.severityGrade}`}>
                    <td>{termName(terms, row.term)}</td>
                    <td>{row.severityGrade}</td>
                    <td>{row.events}</td>
                    <td>{row.per100Sessions.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            Serious events:{" "}
            {summary.seriousEvents.length === 0
              ? "none"
              : summary.seriousEvents.map((name, i) => (
                  <a key={name} href={adverseEventLink(name)}>
                    {i > 0 && ", "}report {i + 1}
                  </a>
                ))}
          </p>
          <p>Clusters: {summary.clusters.length === 0 && "none"}</p>
          {summary.clusters.length > 0 && (
            <ul>
              {summary.clusters.map((cluster) => (
                <li key={`${cluster.kind}-${cluster.key}`}>
                  {cluster.kind === "lot" ? `Lot ${cluster.key}` : directory.staffName(cluster.key)}:{" "}
                  {cluster.adverseEvents.length} events from {formatDateTime(cluster.firstOnset, zone)} to{" "}
                  {formatDateTime(cluster.lastOnset, zone)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

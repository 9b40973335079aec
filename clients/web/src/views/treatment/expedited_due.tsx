// Reports owed to the authority: expedited reports of serious, related,
// unexpected events and the follow-up reports they require, by deadline,
// so that the overdue ones come first.

import { formatDateTime, toDate } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import type { AdverseEvent, AdverseEventTerm } from "../../gen/clinic/v1/adverse_events_pb";
import { termName } from "./adverse_event_details";
import { adverseEventLink } from "./resource_names";
import { TableHead } from "../../components/table_head";

interface Due {
  event: AdverseEvent;
  kind: string;
  due: Date;
}

export function reportsDue(events: AdverseEvent[]): Due[] {
  const due: Due[] = [];
  for (const event of events) {
    if (event.expeditedReportDueTime && !event.expeditedReportSubmitTime) {
      due.push({ event, kind: "Expedited report", due: toDate(event.expeditedReportDueTime)! });
    }
    if (event.followUpReportDueTime && !event.followUpReportSubmitTime) {
      due.push({ event, kind: "Follow-up report", due: toDate(event.followUpReportDueTime)! });
    }
  }
  return due.sort((a, b) => a.due.getTime() - b.due.getTime());
}

export function ExpeditedDue({ events, terms }: { events: AdverseEvent[]; terms: AdverseEventTerm[] }) {
  const { zone } = useDirectory();
  const due = reportsDue(events);
  const patientName = usePatientNames(due.map((d) => d.event.patient));
  const now = Date.now();
  return (
    <section aria-labelledby="expedited-due-title">
      <h2 id="expedited-due-title">Reports due to the authority</h2>
      {due.length === 0 ? (
        <p>No expedited report is due.</p>
      ) : (
        <table>
          <TableHead columns={["Due by", "Report", "Patient", "Event"]} />
          <tbody>
            {due.map(({ event, kind, due: at }) => (
              <tr key={`${event.name}-${kind}`}>
                <td class={at.getTime() < now ? "overdue" : undefined}>
                  {formatDateTime(at, zone)}
                  {at.getTime() < now && " · OVERDUE"}
                </td>
                <td>{kind}</td>
                <td>{patientName(event.patient)}</td>
                <td>
                  <a href={adverseEventLink(event.name)}>{termName(terms, event.term)}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

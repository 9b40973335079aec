// The patient's adverse events, for practitioners: each links to its
// report (/adverse-events/:id).

import { useEffect, useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { EventOutcome, type AdverseEvent } from "../../gen/clinic/v1/adverse_events_pb";
import { bareId, codeWords } from "./patient_labels";
import { TableHead } from "../../components/table_head";

function outcomeLabel(outcome: EventOutcome): string {
  const name = EventOutcome[outcome] ?? "UNSPECIFIED";
  return name === "UNSPECIFIED" ? "Not stated" : codeWords(name.toLowerCase());
}

export function PatientAdverseEvents({ patientName }: { patientName: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const [events, setEvents] = useState<AdverseEvent[]>();
  const [failure, setFailure] = useState<Refusal>();
  useEffect(() => {
    allPages(
      (pageToken) => api.adverseEvents.listAdverseEvents({ patient: patientName, pageSize: 500, pageToken }),
      (page) => page.adverseEvents,
    ).then(setEvents, (error) => setFailure(refusalOf(error)));
  }, [api, patientName]);
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Adverse events</h2>
      <RefusalNotice refusal={failure} />
      {!events && !failure && <p aria-busy="true">Loading adverse events…</p>}
      {events && events.length === 0 && <p>No adverse event reported.</p>}
      {events && events.length > 0 && (
        <table>
          <TableHead columns={["Onset", "Event", "Treatment", "Grade now", "Outcome now"]} />
          <tbody>
            {events.map((event) => (
              <tr key={event.name}>
                <td>
                  <a href={`/adverse-events/${bareId(event.name)}`}>{formatDateTime(event.onsetTime, directory.zone)}</a>
                </td>
                <td>
                  {codeWords(event.term)}
                  {event.serious && <span class="tag"> Serious</span>}
                </td>
                <td>{directory.treatmentTypeName(event.treatmentType)}</td>
                <td>{event.currentSeverityGrade || event.severityGrade}</td>
                <td>{outcomeLabel(event.currentOutcome || event.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

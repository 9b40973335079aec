// Adverse events still being followed (neither recovered nor ended), the
// latest onset first.

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import type { AdverseEvent, AdverseEventTerm } from "../../gen/clinic/v1/adverse_events_pb";
import { termName } from "./adverse_event_details";
import { isOpen, outcomeLabel } from "./adverse_event_labels";
import { adverseEventLink } from "./resource_names";
import { TableHead } from "../../components/table_head";

export function OpenEvents({ events, terms }: { events: AdverseEvent[]; terms: AdverseEventTerm[] }) {
  const directory = useDirectory();
  const open = events.filter(isOpen).reverse();
  const patientName = usePatientNames(open.map((e) => e.patient));
  return (
    <section aria-labelledby="open-events-title">
      <h2 id="open-events-title">Open adverse events</h2>
      {open.length === 0 ? (
        <p>No open adverse event.</p>
      ) : (
        <table>
          <TableHead columns={["Onset", "Patient", "Treatment", "Event", "Grade", "Serious", "Outcome now"]} />
          <tbody>
            {open.map((event) => (
              <tr key={event.name}>
                <td>{formatDateTime(event.onsetTime, directory.zone)}</td>
                <td>{patientName(event.patient)}</td>
                <td>{directory.treatmentTypeName(event.treatmentType)}</td>
                <td>
                  <a href={adverseEventLink(event.name)}>{termName(terms, event.term)}</a>
                </td>
                <td>{event.currentSeverityGrade}</td>
                <td>{event.serious ? "Serious" : "No"}</td>
                <td>{outcomeLabel(event.currentOutcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

// Holds awaiting review: suspended courses (with the reports behind them
// and the sessions they flagged) and patient-level holds of systemic
// events, each with its review form.

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import type { AdverseEvent, AdverseEventTerm } from "../../gen/clinic/v1/adverse_events_pb";
import { SessionState } from "../../gen/clinic/v1/scheduling_pb";
import { termName } from "./adverse_event_details";
import { HoldReviewForm } from "./hold_review_form";
import { adverseEventLink } from "./resource_names";
import type { Holds } from "./safety_holds_query";

export interface SafetyHoldsProps {
  holds: Holds | undefined;
  terms: AdverseEventTerm[];
  onReviewed(): void;
}

function EventLinks({ events, terms }: { events: AdverseEvent[]; terms: AdverseEventTerm[] }) {
  const { zone } = useDirectory();
  return (
    <ul>
      {events.map((event) => (
        <li key={event.name}>
          <a href={adverseEventLink(event.name)}>
            {termName(terms, event.term)}, grade {event.currentSeverityGrade}
            {event.serious ? ", serious" : ""}
          </a>{" "}
          (onset {formatDateTime(event.onsetTime, zone)})
        </li>
      ))}
    </ul>
  );
}

export function SafetyHolds({ holds, terms, onReviewed }: SafetyHoldsProps) {
  const directory = useDirectory();
  const patientName = usePatientNames([
    ...(holds?.courses.map((h) => h.course.patient) ?? []),
    ...(holds?.patients.map((h) => h.patient) ?? []),
  ]);
  return (
    <section aria-labelledby="holds-title">
      <h2 id="holds-title">Holds awaiting review</h2>
      {!holds && <p aria-busy="true">Looking for holds…</p>}
      {holds && holds.courses.length + holds.patients.length === 0 && <p>No hold is waiting for a review.</p>}
      {holds?.patients.map((hold) => (
        <article key={hold.patient} class="hold">
          <h3>
            {patientName(hold.patient)}: every treatment held (systemic event)
          </h3>
          <EventLinks events={hold.events} terms={terms} />
          <HoldReviewForm patient={hold.patient} label={`every treatment of ${patientName(hold.patient)}`}
            onReviewed={onReviewed} />
        </article>
      ))}
      {holds?.courses.map(({ course, events }) => {
        const flagged = course.sessions.filter((s) => s.flagged && s.state === SessionState.BOOKED).length;
        const label = `${patientName(course.patient)}'s ${directory.treatmentTypeName(course.treatmentType)} course`;
        return (
          <article key={course.name} class="hold">
            <h3>
              {label}: <span class="state-label">suspended</span>
            </h3>
            <p>
              {flagged} booked {flagged === 1 ? "session is" : "sessions are"} flagged; no booking of this
              treatment for the patient until reviewed.
            </p>
            <EventLinks events={events} terms={terms} />
            <HoldReviewForm course={course.name} label={label} onReviewed={onReviewed} />
          </article>
        );
      })}
    </section>
  );
}

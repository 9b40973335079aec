// What the server decided about a report just made: expected or not and
// the plugin's recommendation, whether a safety hold was placed (on the
// course, or on every treatment of the patient), and the expedited
// reporting deadline when the event is serious, related and unexpected.

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import type { ReportAdverseEventResponse } from "../../gen/clinic/v1/adverse_events_pb";
import { recommendationLabel } from "./adverse_event_labels";
import { adverseEventLink } from "./resource_names";

export function ReportOutcome({ answer }: { answer: ReportAdverseEventResponse }) {
  const { zone } = useDirectory();
  const event = answer.adverseEvent!;
  const held = answer.suspendedCourses.length > 0;
  return (
    <article class="report-outcome" role="status" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Reported</h2>
      <ul>
        <li>
          {event.serious ? "Serious" : "Not serious"} ·{" "}
          {event.assessmentPending
            ? `assessment PENDING (${event.assessmentPendingReason}): treated as unexpected for now`
            : event.expected
              ? "expected for this treatment"
              : "unexpected for this treatment"}
          .
        </li>
        {event.recommendedAction && <li>The protocol recommends: {recommendationLabel(event.recommendedAction)}.</li>}
        <li class={held ? "hold-placed" : undefined}>
          {held
            ? `Safety hold placed: ${answer.suspendedCourses.length === 1 ? "the course is" : `${answer.suspendedCourses.length} courses are`} suspended until a practitioner reviews the hold on the Safety screen; its booked sessions are flagged.`
            : "No safety hold was placed."}
        </li>
        {event.patientHold && (
          <li class="hold-placed">
            Every treatment of the patient is held (a systemic event): no booking until the hold is reviewed.
          </li>
        )}
        <li>
          {event.expeditedReportDueTime
            ? `Expedited report to the authority due by ${formatDateTime(event.expeditedReportDueTime, zone)}.`
            : "No expedited report is due."}
        </li>
      </ul>
      <p>
        <a href={adverseEventLink(event.name)}>Open the report</a> · <a href="/safety">Safety</a>
      </p>
    </article>
  );
}

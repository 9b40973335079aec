// One adverse-event report as stored, its current state after follow-ups,
// the reporting clock, and its history (never edited: follow-ups are
// appended).

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import type { AdverseEvent, AdverseEventTerm } from "../../gen/clinic/v1/adverse_events_pb";
import {
  actionLabel,
  gradeLabel,
  outcomeLabel,
  recommendationLabel,
  relatednessLabel,
  reporterLabel,
  seriousnessLabel,
} from "./adverse_event_labels";
import { codeWords, patientLink, sessionLink } from "./resource_names";

export interface AdverseEventDetailsProps {
  event: AdverseEvent;
  terms: AdverseEventTerm[];
}

export function termName(terms: AdverseEventTerm[], code: string): string {
  return terms.find((t) => t.code === code)?.displayName ?? codeWords(code);
}

export function AdverseEventDetails({ event, terms }: AdverseEventDetailsProps) {
  const directory = useDirectory();
  const zone = directory.zone;
  const patientName = usePatientNames([event.patient]);
  const criteria = event.currentSeriousness.length ? event.currentSeriousness : event.seriousness;
  return (
    <>
      <dl class="facts">
        <dt>Patient</dt>
        <dd>
          <a href={patientLink(event.patient)}>{patientName(event.patient)}</a>
        </dd>
        <dt>Treatment</dt>
        <dd>
          {directory.treatmentTypeName(event.treatmentType)}
          {event.session && (
            <>
              {" · "}
              <a href={sessionLink(event.session)}>the session</a>
            </>
          )}
        </dd>
        <dt>Term</dt>
        <dd>
          {termName(terms, event.term)}
          {event.bodySite && `, ${codeWords(event.bodySite)}`}
        </dd>
        <dt>Onset</dt>
        <dd>{formatDateTime(event.onsetTime, zone)}</dd>
        <dt>Clinic aware</dt>
        <dd>{formatDateTime(event.awarenessTime, zone)}</dd>
        <dt>Grade now</dt>
        <dd>
          {gradeLabel(event.currentSeverityGrade)}
          {event.currentSeverityGrade !== event.severityGrade && ` (reported ${gradeLabel(event.severityGrade)})`}
        </dd>
        <dt>Seriousness</dt>
        <dd>{event.serious ? `Serious: ${criteria.map(seriousnessLabel).join(", ")}` : "Not serious"}</dd>
        <dt>Causality</dt>
        <dd>
          {relatednessLabel(event.currentRelatedness || event.relatedness)}
          {event.causalityAssessedBy && `, assessed by ${directory.staffName(event.causalityAssessedBy)}`}
        </dd>
        <dt>Expected</dt>
        <dd>
          {event.assessmentPending
            ? `Assessment PENDING: ${event.assessmentPendingReason}`
            : event.expected
              ? "Expected for this treatment"
              : "Unexpected"}
          {event.assessmentRationale && ` — ${event.assessmentRationale}`}
        </dd>
        <dt>Recommended</dt>
        <dd>{recommendationLabel(event.recommendedAction)}</dd>
        <dt>Outcome now</dt>
        <dd>{outcomeLabel(event.currentOutcome)}</dd>
        <dt>Action taken</dt>
        <dd>
          {actionLabel(event.actionTaken)}
          {event.actionDetails && `: ${event.actionDetails}`}
        </dd>
        <dt>Suspected</dt>
        <dd>
          {event.suspectedProducts.length
            ? event.suspectedProducts.map((p) => `${codeWords(p.product)} (lot ${p.lotNumber || "unknown"})`).join(", ")
            : "None named"}
        </dd>
        <dt>Reported by</dt>
        <dd>
          {directory.staffName(event.reporter)} · told by {reporterLabel(event.reporterKind).toLowerCase()}
          {event.reporterNarrative && `: “${event.reporterNarrative}”`}
        </dd>
        <dt>Safety hold</dt>
        <dd>
          {event.patientHold
            ? event.patientHoldReviewTime
              ? `Patient hold reviewed ${formatDateTime(event.patientHoldReviewTime, zone)}`
              : "Every treatment of the patient is held until reviewed"
            : "See the Safety screen for the course's hold"}
        </dd>
        <dt>Expedited report</dt>
        <dd>
          {!event.expeditedReportDueTime
            ? "Not required"
            : event.expeditedReportSubmitTime
              ? `Submitted ${formatDateTime(event.expeditedReportSubmitTime, zone)} to ${event.expeditedReportAuthority}${event.expeditedReportReference ? ` (${event.expeditedReportReference})` : ""}`
              : `Due by ${formatDateTime(event.expeditedReportDueTime, zone)}, not yet submitted`}
        </dd>
        {event.followUpReportDueTime && (
          <>
            <dt>Follow-up report</dt>
            <dd>
              {event.followUpReportSubmitTime
                ? `Submitted ${formatDateTime(event.followUpReportSubmitTime, zone)}${event.followUpReportReference ? ` (${event.followUpReportReference})` : ""}`
                : `Due by ${formatDateTime(event.followUpReportDueTime, zone)}`}
            </dd>
          </>
        )}
      </dl>
      {event.description && <p class="notes">{event.description}</p>}
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <ol>
          <li>
            {formatDateTime(event.createTime, zone)}: reported by {directory.staffName(event.reporter)}, grade{" "}
            {event.severityGrade}, {outcomeLabel(event.outcome).toLowerCase()}.
          </li>
          {event.followUps.map((followUp, index) => (
            <li key={index}>
              {formatDateTime(followUp.time, zone)}: follow-up by {directory.staffName(followUp.recordedBy)},{" "}
              {outcomeLabel(followUp.outcome).toLowerCase()}
              {followUp.severityGrade > 0 && `, grade ${followUp.severityGrade}`}
              {followUp.seriousness.length > 0 && `, serious: ${followUp.seriousness.map(seriousnessLabel).join(", ")}`}
              {followUp.relatedness !== 0 && `, causality ${relatednessLabel(followUp.relatedness).toLowerCase()}`}
              {followUp.notes && `: ${followUp.notes}`}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

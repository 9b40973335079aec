// A patient's chart (/patients/:id): who they are, their medical facts with
// when each was confirmed (practitioners), consents, courses and sessions,
// adverse events (practitioners), eligibility (practitioners), course
// planning, and the ways to book.

import { useRoute } from "preact-iso";
import { formatDay, isoDay } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { useMember } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { Patient } from "../../gen/clinic/v1/patients_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { ChartFacts } from "./chart_facts";
import { ConsentsSection } from "./consents_section";
import { CoursePlanner } from "./course_planner";
import { EligibilityCheck } from "./eligibility_check";
import { PatientAdverseEvents } from "./patient_adverse_events";
import { bareId, kSexOptions, optionLabel, patientName } from "./patient_labels";
import { SessionHistory } from "./session_history";
import { usePatient } from "./use_patient";
import "./patients.css";

function ContactSummary({ patient }: { patient: Patient }) {
  const contact = patient.contact;
  const address = contact?.address;
  const emergency = patient.emergencyContact;
  const addressText = [address?.line1, address?.line2, [address?.postalCode, address?.city].filter(Boolean).join(" "), address?.region, address?.countryCode]
    .filter(Boolean)
    .join(", ");
  return (
    <dl class="contact-summary">
      <dt>Born</dt>
      <dd>{patient.dateOfBirth ? <time dateTime={isoDay(patient.dateOfBirth)}>{formatDay(patient.dateOfBirth)}</time> : "Unknown"}</dd>
      <dt>Sex</dt>
      <dd>{optionLabel(kSexOptions, patient.sex)}</dd>
      <dt>Phone</dt>
      <dd>{contact?.phone || "None"}</dd>
      <dt>E-mail</dt>
      <dd>{contact?.email || "None"}</dd>
      <dt>Address</dt>
      <dd>{addressText || "None"}</dd>
      <dt>Emergency contact</dt>
      <dd>
        {emergency?.name
          ? `${emergency.name}${emergency.relationship ? ` (${emergency.relationship})` : ""}, ${emergency.phone}`
          : "None"}
      </dd>
    </dl>
  );
}

function BookLinks({ patient, id }: { patient: Patient; id: string }) {
  const directory = useDirectory();
  if (patient.archived) return null;
  return (
    <ul class="book-links plain" aria-label="Book for this patient">
      <li>
        <a role="button" href={`/book?patient=${id}&kind=consultation`}>
          Book a consultation
        </a>
      </li>
      {directory.treatmentTypes.map((type) => (
        <li key={type.name}>
          <a role="button" class="secondary" href={`/book?patient=${id}&type=${bareId(type.name)}`}>
            Book {type.displayName}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function PatientChartPage() {
  const { params } = useRoute();
  const member = useMember();
  const loaded = usePatient(params.id);
  const patient = loaded.patient;
  const practitioner = member.role === Role.PRACTITIONER;
  if (!patient) {
    return (
      <section class="patients-page">
        <h1>Patient</h1>
        <RefusalNotice refusal={loaded.failure} />
        {!loaded.failure && <p aria-busy="true">Loading the patient…</p>}
      </section>
    );
  }
  return (
    <div class="patients-page patient-chart">
      <section aria-labelledby="chart-title">
        <div class="page-head">
          <h1 id="chart-title">
            {patientName(patient)}
            {patient.archived && <span class="tag"> Archived</span>}
          </h1>
          {!patient.archived && (
            <a role="button" class="secondary" href={`/patients/${params.id}/edit`}>
              {practitioner ? "Edit details and facts" : "Edit details"}
            </a>
          )}
        </div>
        <ContactSummary patient={patient} />
        {practitioner && patient.notes && (
          <p class="clinical-notes">
            <strong>Clinical notes:</strong> {patient.notes}
          </p>
        )}
        <BookLinks patient={patient} id={params.id} />
      </section>
      {practitioner && <ChartFacts facts={patient.clinicalFacts} />}
      <ConsentsSection patient={patient} />
      <SessionHistory patientName={patient.name} />
      {practitioner && <PatientAdverseEvents patientName={patient.name} />}
      {practitioner && !patient.archived && <EligibilityCheck patientName={patient.name} />}
      {!patient.archived && <CoursePlanner patientName={patient.name} />}
    </div>
  );
}

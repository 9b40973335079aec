// Who, what, when and where of one session, at the head of the treatment
// room's screens.

import { formatDateTime, formatTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { sessionKindLabel, sessionStateLabel } from "../../components/session_labels";
import { SessionKind, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { patientLink, sessionLink } from "./resource_names";

export function SessionSummary({ session }: { session: Session }) {
  const directory = useDirectory();
  const patientName = usePatientNames([session.patient]);
  const consultation = session.kind === SessionKind.CONSULTATION;
  return (
    <dl class="facts">
      <dt>Patient</dt>
      <dd>
        <a href={patientLink(session.patient)}>{patientName(session.patient)}</a>
      </dd>
      <dt>{consultation ? "Visit" : "Treatment"}</dt>
      <dd>
        {consultation
          ? sessionKindLabel(session.kind)
          : directory.treatmentTypeName(session.treatmentType)}
        {session.course && ` · session ${session.courseIndex + 1} of its course`}
      </dd>
      <dt>When</dt>
      <dd>
        <a href={sessionLink(session.name)}>
          {formatDateTime(session.startTime, directory.zone)}–
          {formatTime(session.endTime, directory.zone)}
        </a>
      </dd>
      <dt>Practitioner</dt>
      <dd>{directory.staffName(session.practitioner)}</dd>
      <dt>Room</dt>
      <dd>{directory.roomName(session.room)}</dd>
      <dt>State</dt>
      <dd>
        {sessionStateLabel(session.state)}
        {session.flagged && " · flagged by a safety hold"}
      </dd>
    </dl>
  );
}

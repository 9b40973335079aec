// /arrivals: today's sessions in start order, for the desk by the door:
// big Check in and No-show buttons, states updating live, a refusal shown
// on its row. State and buttons come right after the patient, so that they
// stay in view on a narrow screen.

import { useState } from "preact/hooks";
import { formatDay, today } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { sessionKindLabel } from "../../components/session_labels";
import { SessionKind, SessionState, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { ArrivalActions } from "./arrival_actions";
import { TableHead } from "../../components/table_head";
import { LiveStatusLine } from "./live_status";
import { newerSession } from "./newer_session";
import { wallTime } from "./schedule_clock";
import { patientPath, sessionPath } from "./session_links";
import { SessionStateTag, stateClass } from "./session_state_tag";
import { useDaySchedule } from "./use_day_schedule";
import "./calendar.css";

function ArrivalRow({ session, patientName, onChanged }: { session: Session; patientName: string; onChanged(session: Session): void }) {
  const directory = useDirectory();
  const start = wallTime(session.startTime, directory.zone).text;
  return (
    <tr class={`state-${stateClass(session.state)}`} data-session={session.name}>
      <td>
        <a href={sessionPath(session.name)}>
          {start}–{wallTime(session.endTime, directory.zone).text}
        </a>
      </td>
      <td>
        <a href={patientPath(session.patient)}>{patientName}</a>
      </td>
      <td>
        <SessionStateTag session={session} />
      </td>
      <td>
        <ArrivalActions session={session} onChanged={onChanged} large subject={`${patientName} at ${start}`} />
      </td>
      <td>
        {session.kind === SessionKind.CONSULTATION
          ? sessionKindLabel(session.kind)
          : directory.treatmentTypeName(session.treatmentType)}
      </td>
      <td>
        {directory.staffName(session.practitioner)}, {directory.roomName(session.room)}
      </td>
    </tr>
  );
}

export function ArrivalsPage() {
  const directory = useDirectory();
  const day = today(directory.zone);
  const schedule = useDaySchedule(day);
  // Answers to this screen's own check-ins, until the stream catches up.
  const [answered, setAnswered] = useState(new Map<string, Session>());
  const sessions = schedule.sessions
    ?.map((session) => newerSession(answered.get(session.name), session))
    .filter((session) => session.state !== SessionState.CANCELLED);
  const patientName = usePatientNames(sessions?.map((session) => session.patient) ?? []);
  const onChanged = (session: Session) => setAnswered((map) => new Map(map).set(session.name, session));
  return (
    <section aria-labelledby="arrivals-title" class="arrivals">
      <h1 id="arrivals-title">Arrivals, {formatDay(day)}</h1>
      <LiveStatusLine schedule={schedule} />
      {!sessions && schedule.status !== "reconnecting" && <p aria-busy="true">Loading today's sessions…</p>}
      {sessions && sessions.length === 0 && <p>No sessions today.</p>}
      {sessions && sessions.length > 0 && (
        <div class="arrivals-table" tabIndex={0} role="region" aria-label="Today's sessions">
          <table>
            <TableHead columns={["Time", "Patient", "State", "Arrival", "For", "Practitioner, room"]} />
            <tbody>
              {sessions.map((session) => (
                <ArrivalRow
                  key={session.name}
                  session={session}
                  patientName={patientName(session.patient)}
                  onChanged={onChanged}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

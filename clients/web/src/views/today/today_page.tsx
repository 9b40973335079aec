// The signed-in member's day at a glance: a practitioner's own sessions, or
// the whole clinic's for the front desk and admins, in start order.

import { useEffect, useState } from "preact/hooks";
import { formatDay, formatTime, isoDay, today } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { useMember, useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { SessionKind, SessionState, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { sessionKindLabel, sessionStateLabel } from "../../components/session_labels";

export function TodayPage() {
  const { api } = useSession();
  const member = useMember();
  const directory = useDirectory();
  const day = today(directory.zone);
  const [sessions, setSessions] = useState<Session[]>();
  const [failure, setFailure] = useState<Refusal>();
  const mine = member.role === Role.PRACTITIONER;
  const patientName = usePatientNames(sessions?.map((session) => session.patient) ?? []);

  useEffect(() => {
    allPages(
      (pageToken) =>
        api.scheduling.listSessions({
          day,
          practitioner: mine ? member.name : "",
          pageSize: 1000,
          pageToken,
        }),
      (page) => page.sessions,
    ).then(setSessions, (error) => setFailure(refusalOf(error)));
  }, [api, isoDay(day), mine, member.name]);

  return (
    <section aria-labelledby="today-title">
      <h1 id="today-title">
        {mine ? "My day" : "Today"}, {formatDay(day)}
      </h1>
      <RefusalNotice refusal={failure} />
      {!sessions && !failure && <p aria-busy="true">Loading the day…</p>}
      {sessions && sessions.length === 0 && <p>No sessions booked today.</p>}
      {sessions && sessions.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Patient</th>
              <th scope="col">Treatment</th>
              {!mine && <th scope="col">Practitioner</th>}
              <th scope="col">Room</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.name} class={`state-${SessionState[session.state].toLowerCase()}`}>
                <td>
                  {formatTime(session.startTime, directory.zone)}–
                  {formatTime(session.endTime, directory.zone)}
                </td>
                <td>{patientName(session.patient)}</td>
                <td>
                  {session.kind === SessionKind.CONSULTATION
                    ? sessionKindLabel(session.kind)
                    : directory.treatmentTypeName(session.treatmentType)}
                </td>
                {!mine && <td>{directory.staffName(session.practitioner)}</td>}
                <td>{directory.roomName(session.room)}</td>
                <td>{sessionStateLabel(session.state)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

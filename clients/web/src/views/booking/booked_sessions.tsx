// What was booked: each session with links to its page and to its day in
// the calendar; a course's sessions (all of one treatment) by phase.

import { dayOf, formatDateTime, isoDay, toDate } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { sessionKindLabel, sessionStateLabel } from "../../components/session_labels";
import { SessionKind, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { bareId } from "./booking_refusal";
import { phaseLabel, windowLabel } from "./course_plan";

export function BookedSessions({ sessions, phases }: { sessions: Session[]; phases?: string[] }) {
  const directory = useDirectory();
  const inCourse = sessions.some((session) => session.course);
  return (
    <div class="overflow-auto">
    <table class="booked-sessions">
      <thead>
        <tr>
          {inCourse && <th scope="col">#</th>}
          <th scope="col">When</th>
          {phases ? <th scope="col">Phase</th> : <th scope="col">What</th>}
          <th scope="col">Practitioner</th>
          <th scope="col">Room</th>
          {inCourse && <th scope="col">Allowed window</th>}
          <th scope="col">State</th>
          <th scope="col">Open</th>
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => {
          const day = isoDay(dayOf(toDate(session.startTime)!, directory.zone));
          return (
            <tr key={session.name}>
              {inCourse && <td>{session.courseIndex + 1}</td>}
              <td>{formatDateTime(session.startTime, directory.zone)}</td>
              {phases ? (
                <td>{phases[session.courseIndex] ? phaseLabel(phases[session.courseIndex]) : ""}</td>
              ) : (
                <td>
                  {session.kind === SessionKind.CONSULTATION
                    ? sessionKindLabel(session.kind)
                    : directory.treatmentTypeName(session.treatmentType)}
                </td>
              )}
              <td>{directory.staffName(session.practitioner)}</td>
              <td>{directory.roomName(session.room)}</td>
              {inCourse && <td>{windowLabel(session)}</td>}
              <td>{sessionStateLabel(session.state)}</td>
              <td class="booked-links">
                <a
                  href={`/sessions/${bareId(session.name)}`}
                  aria-label={`Session of ${formatDateTime(session.startTime, directory.zone)}`}
                >
                  Session
                </a>{" "}
                <a href={`/calendar?day=${day}`} aria-label={`Day in the calendar: ${day}`}>
                  Day in the calendar
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
    </div>
  );
}

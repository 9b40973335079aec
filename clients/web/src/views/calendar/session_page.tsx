// /sessions/:id: one session, what it is and where it stands, and what
// the member's role may do with it in its state: check in, no-show, move,
// cancel; for practitioners, completing it and reporting an adverse event.

import { useEffect, useState } from "preact/hooks";
import { dayOf, formatDateTime, formatTime, toDate } from "../../api/clinic_time";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { useMember, useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { sessionKindLabel } from "../../components/session_labels";
import {
  CourseState,
  SessionKind,
  SessionState,
  type Course,
  type RescheduleSessionResponse,
  type Session,
} from "../../gen/clinic/v1/scheduling_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { ArrivalActions } from "./arrival_actions";
import { CancelSessionForm } from "./cancel_session_form";
import { calendarHref } from "./calendar_toolbar";
import { MoveSessionForm } from "./move_session_form";
import { MovedSessions } from "./moved_sessions";
import { patientPath, sessionPath } from "./session_links";
import { SessionStateTag } from "./session_state_tag";
import "./calendar.css";

const kCourseStates: Record<CourseState, string> = {
  [CourseState.UNSPECIFIED]: "Unknown",
  [CourseState.ACTIVE]: "Active",
  [CourseState.SUSPENDED]: "Suspended by a safety hold",
  [CourseState.STOPPED]: "Stopped",
};

function CourseLine({ session, course }: { session: Session; course?: Course }) {
  const count = course?.sessions.length;
  return (
    <>
      <dt>Course</dt>
      <dd>
        Session {session.courseIndex + 1}
        {count ? ` of ${count}` : ""}
        {course && ` · ${kCourseStates[course.state]}`}
        {session.courseIndex > 0 &&
          ` · the protocol allows ${session.minDaysAfterPrevious} to ${session.maxDaysAfterPrevious} days after the previous session`}
      </dd>
    </>
  );
}

export function SessionPage({ id }: { id: string }) {
  const { api } = useSession();
  const member = useMember();
  const directory = useDirectory();
  const name = `sessions/${id}`;
  const [session, setSession] = useState<Session>();
  const [course, setCourse] = useState<Course>();
  const [failure, setFailure] = useState<Refusal>();
  const [moved, setMoved] = useState<{ reply: RescheduleSessionResponse; before: Map<string, Session> }>();
  const [panel, setPanel] = useState<"none" | "move" | "cancel">("none");
  const patientName = usePatientNames(session ? [session.patient] : []);

  const loadCourse = (courseName: string) =>
    api.scheduling.getCourse({ name: courseName }).then(
      (answer) => setCourse(answer.course),
      (error) => setFailure(refusalOf(error)),
    );

  useEffect(() => {
    setSession(undefined);
    setCourse(undefined);
    setMoved(undefined);
    setPanel("none");
    api.scheduling.getSession({ name }).then(
      (answer) => {
        setSession(answer.session);
        if (answer.session?.course) loadCourse(answer.session.course);
      },
      (error) => setFailure(refusalOf(error)),
    );
  }, [api, name]);

  if (!session) {
    return (
      <section>
        <h1>Session</h1>
        <RefusalNotice refusal={failure} />
        {!failure && <p aria-busy="true">Loading the session…</p>}
      </section>
    );
  }

  const consultation = session.kind === SessionKind.CONSULTATION;
  const what = consultation ? sessionKindLabel(session.kind) : directory.treatmentTypeName(session.treatmentType);
  const booked = session.state === SessionState.BOOKED;
  const practitioner = member.role === Role.PRACTITIONER;
  const start = toDate(session.startTime);
  const changed = (next: Session) => {
    setSession(next);
    setPanel("none");
  };
  const before = new Map<string, Session>([[session.name, session]]);
  for (const other of course?.sessions ?? []) before.set(other.name, other);
  const onMoved = (reply: RescheduleSessionResponse) => {
    setMoved({ reply, before });
    if (reply.session) changed(reply.session);
    if (session.course) loadCourse(session.course);
  };

  return (
    <section aria-labelledby="session-title" class="session-page">
      <h1 id="session-title">
        {what}, {formatDateTime(session.startTime, directory.zone)}
      </h1>
      <p>
        <SessionStateTag session={session} />
        {start && (
          <>
            {" "}
            <a href={calendarHref({ day: dayOf(start, directory.zone), view: "day", by: "practitioner" })}>
              See the day
            </a>
          </>
        )}
      </p>
      {session.flagged && (
        <p class="refusal" role="note">
          A safety hold suspended this session's course: a practitioner reviews the hold before the patient is
          treated.
        </p>
      )}
      <dl class="session-facts">
        <dt>Patient</dt>
        <dd>
          <a href={patientPath(session.patient)}>{patientName(session.patient)}</a>
        </dd>
        <dt>For</dt>
        <dd>{what}</dd>
        <dt>Practitioner</dt>
        <dd>{directory.staffName(session.practitioner)}</dd>
        <dt>Room</dt>
        <dd>{directory.roomName(session.room)}</dd>
        <dt>Time</dt>
        <dd>
          {formatDateTime(session.startTime, directory.zone)}–{formatTime(session.endTime, directory.zone)}
        </dd>
        {session.checkInTime && (
          <>
            <dt>Checked in</dt>
            <dd>{formatTime(session.checkInTime, directory.zone)}</dd>
          </>
        )}
        {session.course && <CourseLine session={session} course={course} />}
        {session.state === SessionState.CANCELLED && (
          <>
            <dt>Cancelled because</dt>
            <dd>
              {session.cancelReason}
              {session.cancelledBy && ` (${directory.staffName(session.cancelledBy)})`}
            </dd>
          </>
        )}
      </dl>
      <RefusalNotice refusal={failure} />
      {moved && <MovedSessions reply={moved.reply} before={moved.before} />}

      {/* Keyed by the session's version: a refusal shown for it goes once
          it changed (moved, say). */}
      <ArrivalActions
        key={`${session.updateTime?.seconds}.${session.updateTime?.nanos}`}
        session={session}
        onChanged={changed}
      />
      {practitioner && (
        <p class="practitioner-links">
          {session.state === SessionState.CHECKED_IN && (
            <a role="button" href={`${sessionPath(session.name)}/complete`}>
              Complete the session
            </a>
          )}{" "}
          {!consultation && (session.state === SessionState.CHECKED_IN || session.state === SessionState.COMPLETED) && (
            <a role="button" class="secondary outline" href={`/adverse-events/new?session=${id}`}>
              Report an adverse event
            </a>
          )}
        </p>
      )}
      {booked && (
        <div class="session-changes">
          <div role="group" class="toggle">
            <button type="button" class={panel === "move" ? "" : "outline"} aria-expanded={panel === "move"} onClick={() => setPanel(panel === "move" ? "none" : "move")}>
              Move…
            </button>
            <button type="button" class={panel === "cancel" ? "secondary" : "secondary outline"} aria-expanded={panel === "cancel"} onClick={() => setPanel(panel === "cancel" ? "none" : "cancel")}>
              Cancel…
            </button>
          </div>
          {panel === "move" && <MoveSessionForm session={session} before={before} onMoved={onMoved} />}
          {panel === "cancel" && <CancelSessionForm session={session} onCancelled={changed} />}
        </div>
      )}
    </section>
  );
}

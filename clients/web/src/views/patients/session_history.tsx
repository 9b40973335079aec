// The patient's sessions, newest first, grouped by course (GetCourse gives
// each course's state), with what was injected at each for practitioners:
// the front desk never receives treatment records.

import { useEffect, useState } from "preact/hooks";
import { formatDateTime } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { sessionKindLabel, sessionStateLabel } from "../../components/session_labels";
import { SessionKind, type Course, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { bareId, codeWords, courseStateLabel } from "./patient_labels";
import { TableHead } from "../../components/table_head";

function TreatmentRecordLines({ session }: { session: Session }) {
  const record = session.treatmentRecord;
  if (!record) return null;
  return (
    <div class="treatment-record">
      <table>
        <caption class="muted">What was given</caption>
        <TableHead columns={["Product", "Lot", "Dose", "Depth", "Area", "Points"]} />
        <tbody>
          {record.products.map((use, i) => (
            <tr key={i}>
              <td>{codeWords(use.product)}</td>
              <td>{use.lotNumber}</td>
              <td>
                {use.volumeMl} ml{use.concentration ? ` at ${use.concentration}` : ""}
              </td>
              <td>{use.depthMm ? `${use.depthMm} mm` : "on the skin"}</td>
              <td>{codeWords(use.area)}</td>
              <td>{use.injectionPoints || ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {record.notes && <p>Notes: {record.notes}</p>}
    </div>
  );
}

function SessionRows({ sessions }: { sessions: Session[] }) {
  const directory = useDirectory();
  return (
    <table class="session-history">
      <TableHead columns={["When", "What", "Practitioner", "State"]} />
      <tbody>
        {sessions.map((session) => (
          <tr key={session.name}>
            <td>
              <a href={`/sessions/${bareId(session.name)}`}>{formatDateTime(session.startTime, directory.zone)}</a>
            </td>
            <td>
              {session.kind === SessionKind.CONSULTATION
                ? sessionKindLabel(session.kind)
                : directory.treatmentTypeName(session.treatmentType)}
              {session.course && ` · session ${session.courseIndex + 1} of the course`}
              {session.flagged && <span class="tag"> Flagged: ask a practitioner</span>}
              <TreatmentRecordLines session={session} />
              {session.consultationNotes && <p>Notes: {session.consultationNotes}</p>}
            </td>
            <td>{directory.staffName(session.practitioner)}</td>
            <td>
              {sessionStateLabel(session.state)}
              {session.cancelReason && `: ${session.cancelReason}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SessionHistory({ patientName }: { patientName: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const [sessions, setSessions] = useState<Session[]>();
  const [courses, setCourses] = useState(new Map<string, Course>());
  const [failure, setFailure] = useState<Refusal>();
  useEffect(() => {
    (async () => {
      const list = await allPages(
        (pageToken) =>
          api.scheduling.listSessions({ patient: patientName, includeCancelled: true, pageSize: 1000, pageToken }),
        (page) => page.sessions,
      );
      const courseNames = [...new Set(list.map((s) => s.course).filter(Boolean))];
      const answers = await Promise.all(courseNames.map((name) => api.scheduling.getCourse({ name })));
      setCourses(new Map(answers.flatMap((a) => (a.course ? [[a.course.name, a.course] as const] : []))));
      setSessions(list.reverse());
    })().catch((error) => setFailure(refusalOf(error)));
  }, [api, patientName]);

  const single = sessions?.filter((s) => !s.course) ?? [];
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Courses and sessions</h2>
      <RefusalNotice refusal={failure} />
      {!sessions && !failure && <p aria-busy="true">Loading sessions…</p>}
      {sessions && sessions.length === 0 && <p>No sessions yet.</p>}
      {[...courses.values()].map((course) => (
        <article key={course.name} class="course">
          <h3>
            Course of {directory.treatmentTypeName(course.treatmentType)} ·{" "}
            <span class="tag">{courseStateLabel(course.state)}</span>
          </h3>
          <SessionRows sessions={(sessions ?? []).filter((s) => s.course === course.name)} />
        </article>
      ))}
      {single.length > 0 && (
        <>
          {courses.size > 0 && <h3>Sessions outside a course</h3>}
          <SessionRows sessions={single} />
        </>
      )}
    </section>
  );
}

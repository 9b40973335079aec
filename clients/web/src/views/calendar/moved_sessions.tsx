// What a move did, or would do (a preview): the session's new time, and the
// later sessions of its course that moved with it, their old and new times
// side by side.

import { formatDateTime } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import type { RescheduleSessionResponse, Session } from "../../gen/clinic/v1/scheduling_pb";
import { TableHead } from "../../components/table_head";
import { sessionPath } from "./session_links";

export interface MovedSessionsProps {
  reply: RescheduleSessionResponse;
  // The sessions as they were before the move, by name.
  before: Map<string, Session>;
  // Nothing moved yet: this is what confirming would do.
  preview?: boolean;
}

export function MovedSessions({ reply, before, preview = false }: MovedSessionsProps) {
  const { zone } = useDirectory();
  const rows = [reply.session!, ...reply.alsoMoved];
  return (
    <article class="moved" aria-labelledby="moved-title" role="status">
      <h2 id="moved-title">{preview ? "Before you confirm" : "Moved"}</h2>
      {reply.alsoMoved.length > 0 ? (
        <p>
          {preview ? "The session would move" : "The session moved"}, and {reply.alsoMoved.length} later{" "}
          {reply.alsoMoved.length === 1 ? "session" : "sessions"} of its course{" "}
          {preview ? "would move" : "moved"} with it to keep the protocol's spacing:
        </p>
      ) : (
        <p>
          {preview
            ? "Only this session would move; no other session of its course has to."
            : "The session moved; no other session of its course had to move."}
        </p>
      )}
      <table>
        <TableHead columns={["Session", "Was", preview ? "Would be" : "Now"]} />
        <tbody>
          {rows.map((session, i) => (
            <tr key={session.name}>
              <th scope="row">
                <a href={sessionPath(session.name)}>
                  {session.course ? `Course session ${session.courseIndex + 1}` : "This session"}
                  {i === 0 && session.course ? " (this one)" : ""}
                </a>
              </th>
              <td>{formatDateTime(before.get(session.name)?.startTime, zone) || "—"}</td>
              <td>{formatDateTime(session.startTime, zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

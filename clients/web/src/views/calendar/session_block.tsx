// One session on the day's grid: a link to its page, placed by minutes
// (absolute position, no measuring), showing time, patient, what it is
// and its state in words.

import { memo } from "preact/compat";
import { useDirectory } from "../../app/clinic_directory";
import { sessionKindLabel, sessionStateLabel } from "../../components/session_labels";
import { SessionKind } from "../../gen/clinic/v1/scheduling_pb";
import type { PlacedSession } from "./column_layout";
import { stateClass } from "./session_state_tag";
import { sessionPath } from "./session_links";

export const kPixelsPerMinute = 2;
const kShortestBlockPx = 22;

export interface SessionBlockProps {
  placed: PlacedSession;
  axisStart: number;
  patientName: string;
}

function SessionBlockView({ placed, axisStart, patientName }: SessionBlockProps) {
  const { treatmentTypeName } = useDirectory();
  const { session, start, end, from, to, lane, lanes } = placed;
  const consultation = session.kind === SessionKind.CONSULTATION;
  const what = consultation ? sessionKindLabel(session.kind) : treatmentTypeName(session.treatmentType);
  const height = Math.max((to - from) * kPixelsPerMinute - 2, kShortestBlockPx);
  return (
    <a
      href={sessionPath(session.name)}
      class={`session-block state-${stateClass(session.state)}${consultation ? " kind-consultation" : ""}${session.flagged ? " flagged" : ""}`}
      style={{
        top: `${(from - axisStart) * kPixelsPerMinute}px`,
        height: `${height}px`,
        left: `${(lane / lanes) * 100}%`,
        width: `${100 / lanes}%`,
      }}
      title={`${start.text}–${end.text} ${patientName}, ${what}, ${sessionStateLabel(session.state)}${session.flagged ? ", flagged" : ""}`}
    >
      <span class="block-line">
        <strong>{start.text}</strong> <span class="state-tag">{sessionStateLabel(session.state)}</span>
        {session.flagged && <span class="flag-tag"> ⚑ Flagged</span>} {patientName}
      </span>
      <span class="block-line">
        {what}
        {session.course && ` · course session ${session.courseIndex + 1}`}
      </span>
    </a>
  );
}

// A change on the stream re-lays the day, but only the blocks whose
// session, place or patient's name changed render again.
function samePlace(a: SessionBlockProps, b: SessionBlockProps): boolean {
  return (
    a.placed.session === b.placed.session &&
    a.placed.lane === b.placed.lane &&
    a.placed.lanes === b.placed.lanes &&
    a.axisStart === b.axisStart &&
    a.patientName === b.patientName
  );
}

export const SessionBlock = memo(SessionBlockView, samePlace);

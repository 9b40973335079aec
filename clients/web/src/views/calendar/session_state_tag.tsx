// A session's state in words, coloured by state (the colour only repeats
// the words), and its warnings: flagged by a safety hold.

import { sessionStateLabel } from "../../components/session_labels";
import { SessionState, type Session } from "../../gen/clinic/v1/scheduling_pb";

// "booked", "checked-in", ...: the CSS class suffix of a state.
export function stateClass(state: SessionState): string {
  return (SessionState[state] ?? "unspecified").toLowerCase().replace(/_/g, "-");
}

export function SessionStateTag({ session }: { session: Session }) {
  return (
    <>
      <span class={`state-tag state-${stateClass(session.state)}`}>
        {sessionStateLabel(session.state)}
      </span>
      {session.flagged && <FlaggedTag />}
    </>
  );
}

export function FlaggedTag() {
  return (
    <span class="flag-tag" title="A safety hold suspended this session's course: ask a practitioner before treating">
      ⚑ Flagged
    </span>
  );
}

// Check in and No-show for a booked session, each refusal shown right
// there (day-of checks, not the session's day, already checked in by
// someone else...). Used on the arrivals list and on a session's page.

import { useState } from "preact/hooks";
import { newRequestId } from "../../api/clients";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { SessionState, type Session } from "../../gen/clinic/v1/scheduling_pb";

export interface ArrivalActionsProps {
  session: Session;
  onChanged(session: Session): void;
  // Bigger buttons for the arrivals desk.
  large?: boolean;
  // Who and when, for the buttons' accessible names on a list of many
  // ("Camille Martin at 09:30").
  subject?: string;
}

export function ArrivalActions({ session, onChanged, large, subject }: ArrivalActionsProps) {
  const { api } = useSession();
  const checkIn = useAction();
  const noShow = useAction();
  // One id per attempt: a second click (or a retry after a lost answer)
  // of the same check-in sends the same id, and is done once.
  const [checkInId] = useState(newRequestId);
  const [noShowId] = useState(newRequestId);
  if (session.state !== SessionState.BOOKED) return null;
  const busy = checkIn.busy || noShow.busy;
  const run = async (action: typeof checkIn, call: () => Promise<{ session?: Session }>) => {
    (action === checkIn ? noShow : checkIn).clear();
    const answer = await action.run(call);
    if (answer?.session) onChanged(answer.session);
  };
  return (
    <div class={`arrival-actions${large ? " large" : ""}`}>
      <div role="group" class="toggle">
        <button
          type="button"
          disabled={busy}
          aria-busy={checkIn.busy}
          aria-label={subject ? `Check in ${subject}` : undefined}
          onClick={() => run(checkIn, () => api.scheduling.checkIn({ session: session.name, requestId: checkInId }))}
        >
          Check in
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy}
          aria-busy={noShow.busy}
          aria-label={subject ? `No-show ${subject}` : undefined}
          onClick={() => run(noShow, () => api.scheduling.markNoShow({ session: session.name, requestId: noShowId }))}
        >
          No-show
        </button>
      </div>
      <RefusalNotice refusal={checkIn.refusal ?? noShow.refusal} />
    </div>
  );
}

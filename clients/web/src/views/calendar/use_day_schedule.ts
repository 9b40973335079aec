// One day's sessions kept live: listed once (cancelled ones included),
// then WatchSchedule for that day applies every committed change in place.
// When the stream ends while the page is open and the member signed in,
// it reconnects after a growing pause; behind the screen lock (whose
// sign-out ends the stream's session) it waits for the unlock. Leaving the
// page or the day aborts the stream.

import { Code, ConnectError } from "@connectrpc/connect";
import { useEffect, useState } from "preact/hooks";
import { isoDay, sameDay, dayOf, toDate, type CivilDate } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import {
  WatchScheduleResponse_Change as Change,
  type Session,
} from "../../gen/clinic/v1/scheduling_pb";

// "connecting": the first answer is awaited; "live": the stream is open;
// "reconnecting": it ended and will be opened again; "paused": the
// screen is locked.
export type LiveStatus = "connecting" | "live" | "reconnecting" | "paused";

export interface DaySchedule {
  // In start order; undefined until the first list arrives.
  sessions: Session[] | undefined;
  status: LiveStatus;
  // Why the last attempt failed, while reconnecting.
  failure: Refusal | undefined;
}

const kFirstPauseMs = 1000;
const kLongestPauseMs = 30_000;

function byStart(a: Session, b: Session): number {
  const at = toDate(a.startTime)?.getTime() ?? 0;
  const bt = toDate(b.startTime)?.getTime() ?? 0;
  return at - bt || a.name.localeCompare(b.name);
}

export function useDaySchedule(day: CivilDate): DaySchedule {
  const { api, state } = useSession();
  const { zone } = useDirectory();
  const signedIn = state.kind === "signed-in";
  const [sessions, setSessions] = useState<Session[]>();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [failure, setFailure] = useState<Refusal>();
  const dayKey = isoDay(day);

  // A new day starts empty, not with the previous day's sessions.
  useEffect(() => setSessions(undefined), [dayKey]);

  useEffect(() => {
    if (!signedIn) {
      setStatus("paused");
      return;
    }
    const abort = new AbortController();
    const { signal } = abort;
    // The sessions of this day by name; `fromStream` names every session
    // the stream reported, so that a slower list never overwrites it.
    const current = new Map<string, Session>();
    const fromStream = new Set<string>();
    let listed = false;
    // Each connection counts; a late answer of an earlier one is dropped.
    let attempts = 0;
    const publish = () => {
      if (listed && !signal.aborted) setSessions([...current.values()].sort(byStart));
    };
    const apply = (session: Session) => {
      fromStream.add(session.name);
      const start = toDate(session.startTime);
      // A session moved to another day leaves this one.
      if (start && !sameDay(dayOf(start, zone), day)) current.delete(session.name);
      else current.set(session.name, session);
    };

    const connect = async () => {
      const attempt = ++attempts;
      const list = allPages(
        (pageToken) =>
          api.scheduling.listSessions(
            { day, includeCancelled: true, pageSize: 1000, pageToken },
            { signal },
          ),
        (page) => page.sessions,
      ).then((listedSessions) => {
        if (attempt !== attempts) return;
        for (const session of listedSessions) {
          if (!fromStream.has(session.name)) current.set(session.name, session);
        }
        listed = true;
        setStatus("live");
        setFailure(undefined);
        publish();
      });
      const watch = (async () => {
        for await (const change of api.scheduling.watchSchedule({ day }, { signal })) {
          if (change.change === Change.KEEP_ALIVE || !change.session) continue;
          apply(change.session);
          publish();
        }
      })();
      await Promise.all([list, watch]);
    };

    (async () => {
      let pause = kFirstPauseMs;
      while (!signal.aborted) {
        const began = Date.now();
        try {
          await connect();
          // The server ended the stream without an error (a restart):
          // watch again.
        } catch (error) {
          if (signal.aborted) return;
          const refusal = refusalOf(error);
          // Signed out: the session's end is shown by the app itself.
          if (refusal.code === Code.Unauthenticated) return;
          setFailure(ConnectError.from(error).code === Code.Canceled ? undefined : refusal);
        }
        if (signal.aborted) return;
        setStatus("reconnecting");
        // A connection that held a while starts the pauses afresh.
        if (Date.now() - began > kLongestPauseMs) pause = kFirstPauseMs;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, kLongestPauseMs);
        // A fresh picture each time: what changed while disconnected.
        current.clear();
        fromStream.clear();
        listed = false;
      }
    })();
    return () => abort.abort();
  }, [api, dayKey, zone, signedIn]);

  return { sessions, status, failure };
}

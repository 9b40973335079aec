// The sessions of several days, for the week view: listed day by day and
// listed again every minute and when the page becomes visible (a stream
// per day would take up the browser's six connections to the server).

import { useEffect, useState } from "preact/hooks";
import { isoDay, type CivilDate } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useSession } from "../../app/session";
import type { Session } from "../../gen/clinic/v1/scheduling_pb";

const kRefreshMs = 60_000;

export interface WeekSessions {
  // By ISO day; undefined until the first answers arrive.
  byDay: Map<string, Session[]> | undefined;
  failure: Refusal | undefined;
}

export function useWeekSessions(days: CivilDate[]): WeekSessions {
  const { api, state } = useSession();
  const signedIn = state.kind === "signed-in";
  const [byDay, setByDay] = useState<Map<string, Session[]>>();
  const [failure, setFailure] = useState<Refusal>();
  const key = days.map(isoDay).join(",");

  useEffect(() => setByDay(undefined), [key]);

  useEffect(() => {
    if (!signedIn) return;
    const abort = new AbortController();
    const load = async () => {
      try {
        const lists = await Promise.all(
          days.map((day) =>
            allPages(
              (pageToken) =>
                api.scheduling.listSessions(
                  { day, includeCancelled: true, pageSize: 1000, pageToken },
                  { signal: abort.signal },
                ),
              (page) => page.sessions,
            ),
          ),
        );
        if (abort.signal.aborted) return;
        setByDay(new Map(days.map((day, i) => [isoDay(day), lists[i]])));
        setFailure(undefined);
      } catch (error) {
        if (!abort.signal.aborted) setFailure(refusalOf(error));
      }
    };
    load();
    const timer = window.setInterval(load, kRefreshMs);
    const onVisible = () => document.visibilityState === "visible" && load();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      abort.abort();
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [api, key, signedIn]);

  return { byDay, failure };
}

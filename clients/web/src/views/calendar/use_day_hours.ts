// When the day shown is open, for the clinic and for each practitioner,
// and what is closed: the opening hours of the day's weekday
// (ClinicSettings), each practitioner's working hours (GetWorkingHours;
// none set means the opening hours) and the closures overlapping the day
// (ListClosures), all as minutes of the clinic's local day.

import { useEffect, useState } from "preact/hooks";
import { addDays, instantAt, isoDay, isoWeekday, toDate, toTimestamp, type CivilDate } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import type { WeeklyHours } from "../../gen/clinic/v1/clinic_pb";
import { wallTime } from "./schedule_clock";

// [start, end) in minutes of the local day.
export interface MinuteRange {
  start: number;
  end: number;
}

export interface DayClosure extends MinuteRange {
  // "" for the whole clinic, "staff/..." or "rooms/...".
  resource: string;
  reason: string;
}

export interface DayHours {
  opening: MinuteRange[];
  // Practitioner to their hours that day; absent: the opening hours apply.
  working: Map<string, MinuteRange[]>;
  closures: DayClosure[];
  failure?: Refusal;
}

export function rangesOn(hours: WeeklyHours | undefined, day: CivilDate): MinuteRange[] {
  const weekday = isoWeekday(day);
  return (hours?.ranges ?? [])
    .filter((range) => range.day === weekday)
    .map((range) => ({
      start: (range.start?.hours ?? 0) * 60 + (range.start?.minutes ?? 0),
      end: (range.end?.hours ?? 0) * 60 + (range.end?.minutes ?? 0),
    }))
    .sort((a, b) => a.start - b.start);
}

export function useDayHours(day: CivilDate, practitioners: string[]): DayHours {
  const { api } = useSession();
  const { settings, zone } = useDirectory();
  const [weekly, setWeekly] = useState(new Map<string, WeeklyHours>());
  const [closures, setClosures] = useState<DayClosure[]>([]);
  const [failure, setFailure] = useState<Refusal>();
  const dayKey = isoDay(day);
  const practitionerKey = practitioners.join(",");

  useEffect(() => {
    let cancelled = false;
    Promise.all(
      practitioners.map(async (practitioner) => {
        const answer = await api.clinic.getWorkingHours({ practitioner });
        return [practitioner, answer.hours] as const;
      }),
    ).then(
      (pairs) => {
        if (cancelled) return;
        const found = new Map<string, WeeklyHours>();
        for (const [practitioner, hours] of pairs) {
          if (hours && hours.ranges.length) found.set(practitioner, hours);
        }
        setWeekly(found);
      },
      (error) => !cancelled && setFailure(refusalOf(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, practitionerKey]);

  useEffect(() => {
    let cancelled = false;
    const dayStart = instantAt(day, 0, zone);
    const dayEnd = instantAt(addDays(day, 1), 0, zone);
    allPages(
      (pageToken) =>
        api.clinic.listClosures({
          startTime: toTimestamp(dayStart),
          endTime: toTimestamp(dayEnd),
          pageSize: 1000,
          pageToken,
        }),
      (page) => page.closures,
    ).then(
      (found) => {
        if (cancelled) return;
        setClosures(
          found.map((closure) => {
            const start = toDate(closure.startTime)!;
            const end = toDate(closure.endTime)!;
            return {
              resource: closure.resource,
              reason: closure.reason,
              start: start <= dayStart ? 0 : wallTime(closure.startTime, zone).minutes,
              end: end >= dayEnd ? 24 * 60 : wallTime(closure.endTime, zone).minutes,
            };
          }),
        );
      },
      (error) => !cancelled && setFailure(refusalOf(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, dayKey, zone]);

  const working = new Map<string, MinuteRange[]>();
  for (const [practitioner, hours] of weekly) working.set(practitioner, rangesOn(hours, day));
  return { opening: rangesOn(settings.openingHours, day), working, closures, failure };
}

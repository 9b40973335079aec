// Times as the clinic reads them: every session, opening hour and day is in
// the clinic's IANA time zone (ClinicSettings.time_zone), whatever the zone
// of the browser showing it.

import { create } from "@bufbuild/protobuf";
import { timestampDate, timestampFromDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { DateSchema, type Date as CivilDate } from "../gen/clinic/v1/common_pb";

export type { CivilDate };

export function civilDate(year: number, month: number, day: number): CivilDate {
  return create(DateSchema, { year, month, day });
}

// "2026-12-07"
export function isoDay(date: CivilDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function parseIsoDay(text: string): CivilDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return civilDate(year, month, day);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return civilDate(moved.getUTCFullYear(), moved.getUTCMonth() + 1, moved.getUTCDate());
}

// ISO weekday, Monday 1 to Sunday 7.
export function isoWeekday(date: CivilDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

export function sameDay(a: CivilDate, b: CivilDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

// The parts of `instant` on the clinic's wall clock.
function wallClock(instant: Date, zone: string) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

export function dayOf(instant: Date, zone: string): CivilDate {
  const { year, month, day } = wallClock(instant, zone);
  return civilDate(year, month, day);
}

export function today(zone: string): CivilDate {
  return dayOf(new Date(), zone);
}

// Minutes since the clinic's local midnight.
export function minuteOfDay(instant: Date, zone: string): number {
  const { hour, minute } = wallClock(instant, zone);
  return hour * 60 + minute;
}

// The instant the clinic's wall clock shows `minutes` after midnight of
// `date`. A wall time skipped by a daylight-saving change maps forward, as
// the server does.
export function instantAt(date: CivilDate, minutes: number, zone: string): Date {
  const wanted = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  let guess = wanted;
  for (let i = 0; i < 3; ++i) {
    const seen = wallClock(new Date(guess), zone);
    const shown = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
    if (shown === wanted) break;
    guess += wanted - shown;
  }
  return new Date(guess);
}

export function toDate(timestamp: Timestamp | undefined): Date | undefined {
  return timestamp ? timestampDate(timestamp) : undefined;
}

export function toTimestamp(instant: Date): Timestamp {
  return timestampFromDate(instant);
}

// "09:30"
export function formatTime(timestamp: Timestamp | Date | undefined, zone: string): string {
  const instant = timestamp instanceof Date ? timestamp : toDate(timestamp);
  if (!instant) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

// "Mon 7 Dec 2026"
export function formatDay(date: CivilDate): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}

// "Mon 7 Dec 2026, 09:30"
export function formatDateTime(timestamp: Timestamp | Date | undefined, zone: string): string {
  const instant = timestamp instanceof Date ? timestamp : toDate(timestamp);
  if (!instant) return "";
  return `${formatDay(dayOf(instant, zone))}, ${formatTime(instant, zone)}`;
}

// <input type="datetime-local"> values ("2026-12-07T09:30") read and
// written on the clinic's wall clock, never the browser's.

import { dayOf, instantAt, isoDay, minuteOfDay, parseIsoDay } from "../../api/clinic_time";

export function toLocalInput(instant: Date, zone: string): string {
  const minutes = minuteOfDay(instant, zone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${isoDay(dayOf(instant, zone))}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

// undefined when the text is not a whole date and time.
export function fromLocalInput(text: string, zone: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})/.exec(text);
  if (!match) return undefined;
  const day = parseIsoDay(match[1]);
  if (!day) return undefined;
  return instantAt(day, Number(match[2]) * 60 + Number(match[3]), zone);
}

// <input type="datetime-local"> values read on the clinic's clock, not the
// browser's: "2026-12-24T09:00" is 09:00 in the clinic's zone.

import { instantAt, parseIsoDay } from "../../api/clinic_time";

export function instantOfLocalInput(value: string, zone: string): Date | undefined {
  const [day, time] = value.split("T");
  const date = parseIsoDay(day ?? "");
  const match = /^(\d{2}):(\d{2})/.exec(time ?? "");
  if (!date || !match) return undefined;
  return instantAt(date, Number(match[1]) * 60 + Number(match[2]), zone);
}

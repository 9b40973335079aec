// Reading many session times at once in the clinic's zone: one
// Intl.DateTimeFormat per zone, made once and kept, since a day of 200
// sessions reads 400 times and building a formatter costs far more than
// using one. Results agree with src/api/clinic_time.ts (same zone, same
// wall clock), daylight-saving days included.

import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { toDate } from "../../api/clinic_time";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

export interface WallTime {
  // "09:30"
  text: string;
  // Minutes since the clinic's local midnight.
  minutes: number;
}

export function wallTime(timestamp: Timestamp | undefined, zone: string): WallTime {
  const instant = toDate(timestamp);
  if (!instant) return { text: "", minutes: 0 };
  const text = formatterFor(zone).format(instant);
  const minutes = Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
  return { text, minutes };
}

// "09:30" for a minute of the day (1440 reads "24:00").
export function minuteLabel(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

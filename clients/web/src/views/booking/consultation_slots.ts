// Free times for a consultation. FindAvailableSlots only searches with a
// treatment type's session length, and a consultation has none (30 minutes
// by default, up to 120). So the search runs with the longest treatment
// session, and a consultation may start where free slots of one
// practitioner in one room follow one another without a gap for its whole
// length. The server still checks the booking itself.

import { create } from "@bufbuild/protobuf";
import { toDate, toTimestamp } from "../../api/clinic_time";
import { AvailableSlotSchema, type AvailableSlot } from "../../gen/clinic/v1/scheduling_pb";
import type { TreatmentType } from "../../gen/clinic/v1/treatments_pb";

function lengthMs(type: TreatmentType): number {
  const length = type.sessionLength;
  return length ? Number(length.seconds) * 1000 + Math.round(length.nanos / 1e6) : 0;
}

// The treatment type whose slots best reveal longer free stretches.
export function searchTypeForConsultation(types: TreatmentType[]): TreatmentType | undefined {
  return [...types].sort((a, b) => lengthMs(b) - lengthMs(a))[0];
}

// The starts, among `slots` (all of one search), where `minutes` are free
// with the same practitioner and room; each with its consultation's end.
export function consultationSlots(slots: AvailableSlot[], minutes: number): AvailableSlot[] {
  const wanted = minutes * 60_000;
  const byPair = new Map<string, { start: number; end: number }[]>();
  for (const slot of slots) {
    const start = toDate(slot.startTime)?.getTime();
    const end = toDate(slot.endTime)?.getTime();
    if (start === undefined || end === undefined) continue;
    const key = `${slot.practitioner} ${slot.room}`;
    const list = byPair.get(key) ?? [];
    list.push({ start, end });
    byPair.set(key, list);
  }
  const found: AvailableSlot[] = [];
  for (const slot of slots) {
    const pair = byPair.get(`${slot.practitioner} ${slot.room}`)!;
    const start = toDate(slot.startTime)!.getTime();
    let covered = start;
    while (covered < start + wanted) {
      // The free slot reaching furthest that starts inside what is covered.
      let reach = covered;
      for (const free of pair) {
        if (free.start >= start && free.start <= covered && free.end > reach) reach = free.end;
      }
      if (reach === covered) break;
      covered = reach;
    }
    if (covered >= start + wanted) {
      found.push(
        create(AvailableSlotSchema, {
          startTime: slot.startTime,
          endTime: toTimestamp(new Date(start + wanted)),
          practitioner: slot.practitioner,
          room: slot.room,
        }),
      );
    }
  }
  return found;
}

// The free slots of a treatment on one day (FindAvailableSlots), as
// buttons that fill in the move form: a start, a practitioner and a room
// that are known to be free.

import { useEffect, useState } from "preact/hooks";
import { isoDay, type CivilDate } from "../../api/clinic_time";
import { refusalOf, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { AvailableSlot } from "../../gen/clinic/v1/scheduling_pb";
import { wallTime } from "./schedule_clock";

export interface FreeSlotsProps {
  treatmentType: string;
  day: CivilDate;
  practitioner: string;
  // The room to keep when it is free at that time.
  room: string;
  onPick(slot: AvailableSlot): void;
}

// One slot per start time: in `room` when it is free then, else the first
// free room (the server lists a start once per free room).
function oneSlotPerStart(slots: AvailableSlot[], room: string): AvailableSlot[] {
  const byStart = new Map<string, AvailableSlot>();
  for (const slot of slots) {
    const key = String(slot.startTime?.seconds);
    const chosen = byStart.get(key);
    if (!chosen || (slot.room === room && chosen.room !== room)) byStart.set(key, slot);
  }
  return [...byStart.values()];
}

export function FreeSlots({ treatmentType, day, practitioner, room, onPick }: FreeSlotsProps) {
  const { api } = useSession();
  const directory = useDirectory();
  const [slots, setSlots] = useState<AvailableSlot[]>();
  const [failure, setFailure] = useState<Refusal>();
  useEffect(() => {
    let cancelled = false;
    setSlots(undefined);
    setFailure(undefined);
    api.scheduling
      .findAvailableSlots({ treatmentType, startDate: day, endDate: day, practitioner, pageSize: 1000 })
      .then(
        (answer) => !cancelled && setSlots(oneSlotPerStart(answer.slots, room)),
        (error) => !cancelled && setFailure(refusalOf(error)),
      );
    return () => {
      cancelled = true;
    };
  }, [api, treatmentType, isoDay(day), practitioner, room]);

  return (
    <fieldset class="free-slots">
      <legend>Free starts that day for this practitioner (pick one to fill in the time and room)</legend>
      <RefusalNotice refusal={failure} />
      {!slots && !failure && <p aria-busy="true">Looking for free slots…</p>}
      {slots && slots.length === 0 && <p>No free slot that day for this practitioner.</p>}
      {slots && slots.length > 0 && (
        <ul>
          {slots.map((slot) => (
            <li key={`${slot.startTime?.seconds}-${slot.room}`}>
              <button type="button" class="outline" onClick={() => onPick(slot)}>
                {wallTime(slot.startTime, directory.zone).text}
                {slot.room !== room && ` · ${directory.roomName(slot.room)}`}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

// Free slots grouped by the clinic's day, then by practitioner, as one
// group of radio buttons: a click, or the arrow keys, choose one. Each
// start is offered once per practitioner, in the first free room (the room
// filter picks another). What is wrong with the chosen time (taken
// meanwhile, outside hours...) is said right above the list.

import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { dayOf, formatDay, formatTime, isoDay, toDate } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import type { AvailableSlot } from "../../gen/clinic/v1/scheduling_pb";

export function slotKey(slot: AvailableSlot): string {
  return `${toDate(slot.startTime)?.toISOString()} ${slot.practitioner} ${slot.room}`;
}

// day -> practitioner -> slots, in the server's order (start, practitioner,
// room), keeping the first room of each start.
function grouped(slots: AvailableSlot[], zone: string) {
  const days = new Map<string, Map<string, AvailableSlot[]>>();
  const seen = new Set<string>();
  for (const slot of slots) {
    const start = toDate(slot.startTime)!;
    const once = `${start.toISOString()} ${slot.practitioner}`;
    if (seen.has(once)) continue;
    seen.add(once);
    const day = isoDay(dayOf(start, zone));
    const practitioners = days.get(day) ?? new Map<string, AvailableSlot[]>();
    practitioners.set(slot.practitioner, [...(practitioners.get(slot.practitioner) ?? []), slot]);
    days.set(day, practitioners);
  }
  return days;
}

export interface SlotListProps {
  slots: AvailableSlot[] | undefined;
  loading: boolean;
  chosen: AvailableSlot | undefined;
  onChoose(slot: AvailableSlot): void;
  more: (() => void) | undefined;
  problems?: string[];
  remedy?: ComponentChildren;
}

export function SlotList({ slots, loading, chosen, onChoose, more, problems, remedy }: SlotListProps) {
  const directory = useDirectory();
  const id = useId();
  const chosenKey = chosen && slotKey(chosen);
  const days = grouped(slots ?? [], directory.zone);
  return (
    <section class="slot-list" aria-labelledby={`${id}-title`} aria-busy={loading}>
      <h2 id={`${id}-title`}>Free times</h2>
      {problems && (
        <div class="refusal" role="alert">
          {problems.map((line, index) =>
            index === 0 ? <strong key={index}>{line}</strong> : <p key={index}>{line}</p>,
          )}
          {remedy}
        </div>
      )}
      {loading && !slots && <p>Looking for free times…</p>}
      {slots && slots.length === 0 && (
        <p>No free time in these days: try other days, or any practitioner or room.</p>
      )}
      <div class="slot-scroller" role="region" tabIndex={slots && slots.length > 0 ? 0 : undefined} aria-label="Free times by day">
      {[...days].map(([day, practitioners]) => {
        const first = [...practitioners.values()][0][0];
        return (
          <fieldset key={day} class="slot-day">
            <legend>{formatDay(dayOf(toDate(first.startTime)!, directory.zone))}</legend>
            {[...practitioners].map(([practitioner, own]) => (
              <fieldset key={practitioner} class="slot-practitioner">
                <legend>{directory.staffName(practitioner)}</legend>
                <div class="slot-chips">
                  {own.map((slot) => {
                    const key = slotKey(slot);
                    return (
                      <label
                        key={key}
                        class={key === chosenKey ? "slot chosen" : "slot"}
                        data-start={toDate(slot.startTime)!.toISOString()}
                      >
                        <input
                          type="radio"
                          name={`${id}-slot`}
                          checked={key === chosenKey}
                          onChange={() => onChoose(slot)}
                        />
                        {formatTime(slot.startTime, directory.zone)}
                        <span class="visually-hidden">
                          {" "}to {formatTime(slot.endTime, directory.zone)}, {directory.roomName(slot.room)}
                        </span>
                      </label>
                    );
                  })}
                </div>
              </fieldset>
            ))}
          </fieldset>
        );
      })}
      {more && (
        <button type="button" class="secondary" onClick={more} disabled={loading} aria-busy={loading}>
          More free times
        </button>
      )}
      </div>
    </section>
  );
}

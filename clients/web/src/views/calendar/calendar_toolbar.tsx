// Moving through the calendar: previous / today / next, a date picker, the
// day or week view and columns by practitioner or room. Everything is in
// the address (/calendar?day=&view=&by=), so a reload or a shared link
// shows the same.

import { isoDay, parseIsoDay, type CivilDate } from "../../api/clinic_time";
import type { ColumnsBy } from "./column_layout";

export type CalendarView = "day" | "week";

export interface CalendarPlace {
  day: CivilDate;
  view: CalendarView;
  by: ColumnsBy;
}

export function calendarHref(place: CalendarPlace): string {
  return `/calendar?day=${isoDay(place.day)}&view=${place.view}&by=${place.by}`;
}

export interface CalendarToolbarProps {
  place: CalendarPlace;
  previous: CivilDate;
  next: CivilDate;
  today: CivilDate;
  go(place: CalendarPlace): void;
}

function Toggle<T extends string>({
  label,
  options,
  value,
  onPick,
}: {
  label: string;
  options: [T, string][];
  value: T;
  onPick(value: T): void;
}) {
  return (
    <div role="group" aria-label={label} class="toggle">
      {options.map(([option, words]) => (
        <button
          key={option}
          type="button"
          class={option === value ? "" : "outline"}
          aria-pressed={option === value}
          onClick={() => onPick(option)}
        >
          {words}
        </button>
      ))}
    </div>
  );
}

const kViews: [CalendarView, string][] = [
  ["day", "Day"],
  ["week", "Week"],
];

const kColumns: [ColumnsBy, string][] = [
  ["practitioner", "By practitioner"],
  ["room", "By room"],
];

export function CalendarToolbar({ place, previous, next, today, go }: CalendarToolbarProps) {
  const unit = place.view === "week" ? "week" : "day";
  return (
    <div class="calendar-toolbar">
      <div role="group" aria-label="Move through the calendar" class="toggle">
        <button type="button" class="outline" onClick={() => go({ ...place, day: previous })}>
          ‹ Previous {unit}
        </button>
        <button type="button" class="outline" onClick={() => go({ ...place, day: today })}>
          Today
        </button>
        <button type="button" class="outline" onClick={() => go({ ...place, day: next })}>
          Next {unit} ›
        </button>
      </div>
      <label class="inline-field">
        Go to day
        <input
          type="date"
          value={isoDay(place.day)}
          onChange={(event) => {
            const picked = parseIsoDay(event.currentTarget.value);
            if (picked) go({ ...place, day: picked });
          }}
        />
      </label>
      <Toggle label="View" options={kViews} value={place.view} onPick={(view) => go({ ...place, view })} />
      <Toggle label="Columns" options={kColumns} value={place.by} onPick={(by) => go({ ...place, by })} />
    </div>
  );
}

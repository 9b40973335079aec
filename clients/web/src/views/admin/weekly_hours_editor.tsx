// A week of hours (the clinic's opening hours, a practitioner's working
// hours): for each weekday, none (closed) or one or more time ranges on the
// clinic's wall clock.

import { create } from "@bufbuild/protobuf";
import {
  DayOfWeek,
  WeeklyHoursSchema,
  type TimeOfDay,
  type WeeklyHours,
} from "../../gen/clinic/v1/clinic_pb";

export interface DraftRange {
  start: string; // "09:00"
  end: string; // "18:00"; "00:00" as an end means midnight (24:00)
}

// Index 0 is Monday, 6 Sunday.
export type DraftWeek = DraftRange[][];

export const kWeekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function clock(time: TimeOfDay | undefined): string {
  const hours = (time?.hours ?? 0) % 24;
  return `${String(hours).padStart(2, "0")}:${String(time?.minutes ?? 0).padStart(2, "0")}`;
}

function timeOfDay(text: string, isEnd: boolean): { hours: number; minutes: number } {
  const [hours, minutes] = text.split(":").map(Number);
  // A time input cannot say 24:00: an end at 00:00 is the day's end.
  if (isEnd && hours === 0 && minutes === 0) return { hours: 24, minutes: 0 };
  return { hours, minutes };
}

export function draftOf(hours: WeeklyHours | undefined): DraftWeek {
  const week: DraftWeek = kWeekdays.map(() => []);
  for (const range of hours?.ranges ?? []) {
    if (range.day >= DayOfWeek.MONDAY && range.day <= DayOfWeek.SUNDAY) {
      week[range.day - 1].push({ start: clock(range.start), end: clock(range.end) });
    }
  }
  return week;
}

export function weeklyHoursOf(week: DraftWeek): WeeklyHours {
  return create(WeeklyHoursSchema, {
    ranges: week.flatMap((ranges, index) =>
      ranges.map((range) => ({
        day: (index + 1) as DayOfWeek,
        start: timeOfDay(range.start, false),
        end: timeOfDay(range.end, true),
      })),
    ),
  });
}

export interface WeeklyHoursEditorProps {
  // Distinguishes the labels of two editors on one page.
  label: string;
  week: DraftWeek;
  onChange(week: DraftWeek): void;
  // What the server found wrong with the hours, if anything.
  problems?: string[];
  // A day without hours: "Closed" for the clinic, "Not working" for a person.
  noneLabel?: string;
}

export function WeeklyHoursEditor({
  label,
  week,
  onChange,
  problems,
  noneLabel = "Closed",
}: WeeklyHoursEditorProps) {
  const setDay = (day: number, ranges: DraftRange[]) =>
    onChange(week.map((old, index) => (index === day ? ranges : old)));
  return (
    <fieldset class="weekly-hours">
      <legend>{label}</legend>
      <table>
        <tbody>
          {week.map((ranges, day) => (
            <tr key={kWeekdays[day]}>
              <th scope="row">{kWeekdays[day]}</th>
              <td>
                {ranges.length === 0 && <span class="closed-day">{noneLabel}</span>}
                {ranges.map((range, index) => {
                  const name = `${kWeekdays[day]} ${label.toLowerCase()}, range ${index + 1}`;
                  const replace = (changed: Partial<DraftRange>) =>
                    setDay(day, ranges.map((old, i) => (i === index ? { ...old, ...changed } : old)));
                  return (
                    <span class="time-range" key={index}>
                      <input type="time" aria-label={`${name}, from`} value={range.start} required
                        onInput={(e) => replace({ start: e.currentTarget.value })} />
                      <span aria-hidden="true">–</span>
                      <input type="time" aria-label={`${name}, until`} value={range.end} required
                        onInput={(e) => replace({ end: e.currentTarget.value })} />
                      <button type="button" class="secondary outline small" aria-label={`Remove ${name}`}
                        onClick={() => setDay(day, ranges.filter((_, i) => i !== index))}>
                        Remove
                      </button>
                    </span>
                  );
                })}
              </td>
              <td>
                <button type="button" class="secondary outline small"
                  aria-label={`Add hours on ${kWeekdays[day]} (${label.toLowerCase()})`}
                  onClick={() => setDay(day, [...ranges, { start: "09:00", end: "18:00" }])}>
                  Add hours
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems && (
        <p class="field-problem" role="alert">
          {problems.join(" ")}
        </p>
      )}
      <small class="field-hint">An end at 00:00 means midnight, the end of the day.</small>
    </fieldset>
  );
}

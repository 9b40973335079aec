// The day as a grid: a time axis down the side, a column per practitioner
// (or room), time outside the opening (or working) hours shaded, closures
// shaded and labelled, sessions as blocks. The grid scrolls both ways
// inside the page, its header row and time axis staying in view.

import { useEffect, useRef } from "preact/hooks";
import type { Column, ColumnsBy } from "./column_layout";
import type { DayClosure, DayHours, MinuteRange } from "./use_day_hours";
import { minuteLabel } from "./schedule_clock";
import { kPixelsPerMinute, SessionBlock } from "./session_block";

export interface Axis {
  start: number;
  end: number;
}

// The opening hours of the day and every session, to whole hours; a day
// closed and empty shows office hours, shaded.
export function axisOf(hours: DayHours, columns: Column[]): Axis {
  let start = Infinity;
  let end = -Infinity;
  const take = (range: MinuteRange) => {
    start = Math.min(start, range.start);
    end = Math.max(end, range.end);
  };
  hours.opening.forEach(take);
  for (const ranges of hours.working.values()) ranges.forEach(take);
  for (const column of columns) {
    for (const placed of column.placed) take({ start: placed.from, end: placed.to });
  }
  if (start === Infinity) return { start: 8 * 60, end: 19 * 60 };
  return { start: Math.floor(start / 60) * 60, end: Math.min(24 * 60, Math.ceil(end / 60) * 60) };
}

// The parts of the axis outside `open`.
function closedSpans(open: MinuteRange[], axis: Axis): MinuteRange[] {
  const spans: MinuteRange[] = [];
  let at = axis.start;
  for (const range of open) {
    if (range.start > at) spans.push({ start: at, end: Math.min(range.start, axis.end) });
    at = Math.max(at, range.end);
  }
  if (at < axis.end) spans.push({ start: at, end: axis.end });
  return spans.filter((span) => span.end > span.start);
}

function place(range: MinuteRange, axis: Axis) {
  const from = Math.max(range.start, axis.start);
  const to = Math.min(range.end, axis.end);
  return { top: `${(from - axis.start) * kPixelsPerMinute}px`, height: `${(to - from) * kPixelsPerMinute}px` };
}

export interface DayGridProps {
  title: string;
  columns: Column[];
  by: ColumnsBy;
  hours: DayHours;
  patientName(name: string): string;
  // Minutes of the day now, when the day shown is today.
  nowMinute?: number;
}

export function DayGrid({ title, columns, by, hours, patientName, nowMinute }: DayGridProps) {
  const axis = axisOf(hours, columns);
  const height = (axis.end - axis.start) * kPixelsPerMinute;
  const scroller = useRef<HTMLDivElement>(null);
  const firstStart = Math.min(...columns.flatMap((c) => c.placed.map((p) => p.from)), Infinity);

  // Bring the first session (or now) into view when a day opens.
  useEffect(() => {
    const target = nowMinute ?? (firstStart === Infinity ? axis.start : firstStart);
    if (scroller.current) {
      scroller.current.scrollTop = Math.max(0, (target - axis.start - 30) * kPixelsPerMinute);
    }
  }, [title, firstStart === Infinity]);

  const hourMarks: number[] = [];
  for (let minute = axis.start; minute <= axis.end; minute += 60) hourMarks.push(minute);
  const closuresOf = (resource: string): DayClosure[] =>
    hours.closures.filter((closure) => closure.resource === "" || closure.resource === resource);

  return (
    <div class="day-grid" ref={scroller} tabIndex={0} role="region" aria-label={title}>
      <div class="day-grid-inner" style={{ gridTemplateColumns: `3.5rem repeat(${columns.length}, minmax(9.5rem, 1fr))` }}>
        <div class="grid-corner" aria-hidden="true" />
        {columns.map((column) => (
          <h2 class="column-head" key={column.resource}>
            {column.label}
          </h2>
        ))}
        <div class="time-axis" style={{ height: `${height}px` }} aria-hidden="true">
          {hourMarks.map((minute) => (
            <span key={minute} style={{ top: `${(minute - axis.start) * kPixelsPerMinute}px` }}>
              {minuteLabel(minute)}
            </span>
          ))}
        </div>
        {columns.map((column) => {
          const working = by === "practitioner" ? hours.working.get(column.resource) : undefined;
          const open = working ?? hours.opening;
          return (
            <div
              class="column-body"
              key={column.resource}
              role="group"
              aria-label={column.label}
              style={{ height: `${height}px` }}
            >
              {closedSpans(open, axis).map((span) => (
                <div key={`shut-${span.start}`} class="shade outside-hours" style={place(span, axis)}>
                  {span.end - span.start >= 30 && <span>{working ? "Not working" : "Closed"}</span>}
                </div>
              ))}
              {closuresOf(column.resource).map((closure) => (
                <div key={`closure-${closure.start}-${closure.resource}`} class="shade closure" style={place(closure, axis)}>
                  <span>Closed{closure.reason ? `: ${closure.reason}` : ""}</span>
                </div>
              ))}
              {nowMinute !== undefined && nowMinute >= axis.start && nowMinute <= axis.end && (
                <div class="now-line" style={{ top: `${(nowMinute - axis.start) * kPixelsPerMinute}px` }} />
              )}
              {column.placed.map((placed) => (
                <SessionBlock
                  key={placed.session.name}
                  placed={placed}
                  axisStart={axis.start}
                  patientName={patientName(placed.session.patient)}
                />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}

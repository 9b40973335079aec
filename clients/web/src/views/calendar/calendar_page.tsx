// /calendar: the front desk's day (or week), live. See calendar_toolbar
// for the address, day_grid for the layout, use_day_schedule for the
// stream.

import { useLocation } from "preact-iso";
import { useEffect, useMemo, useState } from "preact/hooks";
import { addDays, formatDay, isoWeekday, minuteOfDay, parseIsoDay, sameDay, today } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { RefusalNotice } from "../../components/refusal_notice";
import { SessionState } from "../../gen/clinic/v1/scheduling_pb";
import { calendarResources } from "./calendar_resources";
import { CalendarToolbar, calendarHref, type CalendarPlace } from "./calendar_toolbar";
import { layColumns } from "./column_layout";
import { DayGrid } from "./day_grid";
import { LiveStatusLine } from "./live_status";
import { rangesOn, useDayHours } from "./use_day_hours";
import { useDaySchedule } from "./use_day_schedule";
import { WeekBoard } from "./week_board";
import "./calendar.css";

function sessionCount(count: number): string {
  return count === 1 ? "1 session" : `${count} sessions`;
}

function DayView({ place }: { place: CalendarPlace }) {
  const directory = useDirectory();
  const schedule = useDaySchedule(place.day);
  const resources = calendarResources(place.by, directory);
  const hours = useDayHours(
    place.day,
    directory.practitioners.map((member) => member.name),
  );
  const sessions = schedule.sessions;
  const patientName = usePatientNames(sessions?.map((session) => session.patient) ?? []);
  const columns = useMemo(
    () => layColumns(sessions ?? [], place.by, resources, directory.zone),
    [sessions, place.by, directory],
  );
  const isToday = sameDay(place.day, today(directory.zone));
  const [nowMinute, setNowMinute] = useState(() => minuteOfDay(new Date(), directory.zone));
  useEffect(() => {
    if (!isToday) return;
    const tick = () => setNowMinute(minuteOfDay(new Date(), directory.zone));
    const timer = window.setInterval(tick, 60_000);
    return () => window.clearInterval(timer);
  }, [isToday, directory.zone]);

  // The first render of a day's sessions, for the browser tests' timing.
  useEffect(() => {
    if (sessions) performance.mark("calendar-day-rendered");
  }, [sessions === undefined]);

  return (
    <>
      <LiveStatusLine schedule={schedule} />
      <RefusalNotice refusal={hours.failure} />
      {!sessions && schedule.status !== "reconnecting" && <p aria-busy="true">Loading the day…</p>}
      {sessions && (
        <>
          <p class="day-summary">
            {sessionCount(sessions.filter((s) => s.state !== SessionState.CANCELLED).length)}
            {rangesOn(directory.settings.openingHours, place.day).length === 0 && " · the clinic is closed this day"}
          </p>
          <DayGrid
            title={`Sessions of ${formatDay(place.day)}`}
            columns={columns}
            by={place.by}
            hours={hours}
            patientName={patientName}
            nowMinute={isToday ? nowMinute : undefined}
          />
        </>
      )}
    </>
  );
}

export function CalendarPage() {
  const { query, route } = useLocation();
  const directory = useDirectory();
  const place: CalendarPlace = {
    day: parseIsoDay(query.day ?? "") ?? today(directory.zone),
    view: query.view === "week" ? "week" : "day",
    by: query.by === "room" ? "room" : "practitioner",
  };
  const go = (next: CalendarPlace) => route(calendarHref(next));
  const step = place.view === "week" ? 7 : 1;
  const monday = addDays(place.day, 1 - isoWeekday(place.day));
  // The week's open days (all seven when the clinic keeps none open).
  const weekDays = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const openDays = weekDays.filter(
    (day) => rangesOn(directory.settings.openingHours, day).length > 0,
  );
  return (
    <section aria-labelledby="calendar-title" class="calendar">
      <h1 id="calendar-title">
        {place.view === "week"
          ? `Week of ${formatDay(monday)}`
          : `Calendar, ${formatDay(place.day)}`}
      </h1>
      <CalendarToolbar
        place={place}
        previous={addDays(place.day, -step)}
        next={addDays(place.day, step)}
        today={today(directory.zone)}
        go={go}
      />
      {place.view === "day" ? (
        <DayView place={place} />
      ) : (
        <WeekBoard
          days={openDays.length ? openDays : weekDays}
          by={place.by}
          dayHref={(day) => calendarHref({ ...place, day, view: "day" })}
        />
      )}
    </section>
  );
}

// The week at a glance: a row per practitioner (or room), a column per
// open day, each cell the day's sessions in start order as compact links.

import { formatDay, isoDay, type CivilDate } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { RefusalNotice } from "../../components/refusal_notice";
import { sessionKindLabel, sessionStateLabel } from "../../components/session_labels";
import { SessionKind, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { calendarResources, resourceLabel } from "./calendar_resources";
import type { ColumnsBy } from "./column_layout";
import { wallTime } from "./schedule_clock";
import { sessionPath } from "./session_links";
import { stateClass } from "./session_state_tag";
import { useWeekSessions } from "./use_week_sessions";

export interface WeekBoardProps {
  days: CivilDate[];
  by: ColumnsBy;
  dayHref(day: CivilDate): string;
}

export function WeekBoard({ days, by, dayHref }: WeekBoardProps) {
  const directory = useDirectory();
  const { byDay, failure } = useWeekSessions(days);
  const all = byDay ? [...byDay.values()].flat() : [];
  const patientName = usePatientNames(all.map((session) => session.patient));
  const resources = calendarResources(by, directory);
  const seen = new Set(resources.map((resource) => resource.name));
  for (const session of all) {
    const name = by === "practitioner" ? session.practitioner : session.room;
    if (!seen.has(name)) {
      seen.add(name);
      resources.push({ name, label: resourceLabel(by, directory, name) });
    }
  }
  const cell = (resource: string, day: CivilDate): Session[] =>
    (byDay?.get(isoDay(day)) ?? []).filter(
      (session) => (by === "practitioner" ? session.practitioner : session.room) === resource,
    );

  return (
    <>
      <RefusalNotice refusal={failure} />
      {!byDay && !failure && <p aria-busy="true">Loading the week…</p>}
      {byDay && (
        <div class="week-board" tabIndex={0} role="region" aria-label="Sessions of the week">
          <table>
            <thead>
              <tr>
                <th scope="col">{by === "practitioner" ? "Practitioner" : "Room"}</th>
                {days.map((day) => (
                  <th scope="col" key={isoDay(day)}>
                    <a href={dayHref(day)}>{formatDay(day)}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {resources.map((resource) => (
                <tr key={resource.name}>
                  <th scope="row">{resource.label}</th>
                  {days.map((day) => (
                    <td key={isoDay(day)}>
                      <ul class="week-cell">
                        {cell(resource.name, day).map((session) => (
                          <li key={session.name}>
                            <a
                              href={sessionPath(session.name)}
                              class={`week-session state-${stateClass(session.state)}${session.kind === SessionKind.CONSULTATION ? " kind-consultation" : ""}`}
                            >
                              <strong>{wallTime(session.startTime, directory.zone).text}</strong>{" "}
                              <span class="state-tag">{sessionStateLabel(session.state)}</span>
                              {session.flagged && <span class="flag-tag"> ⚑ Flagged</span>}{" "}
                              {patientName(session.patient)} ·{" "}
                              {session.kind === SessionKind.CONSULTATION
                                ? sessionKindLabel(session.kind)
                                : directory.treatmentTypeName(session.treatmentType)}
                            </a>
                          </li>
                        ))}
                      </ul>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

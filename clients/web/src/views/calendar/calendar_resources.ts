// The columns (day) or rows (week) of the calendar: the clinic's active
// practitioners, or its active rooms, by name. Someone deactivated who
// still has sessions gets a column from the sessions themselves.

import type { ClinicDirectory } from "../../app/clinic_directory";
import type { ColumnsBy } from "./column_layout";

export interface CalendarResource {
  name: string;
  label: string;
}

export function calendarResources(by: ColumnsBy, directory: ClinicDirectory): CalendarResource[] {
  return by === "practitioner"
    ? directory.practitioners.map((member) => ({ name: member.name, label: member.displayName }))
    : directory.rooms
        .filter((room) => room.active)
        .map((room) => ({ name: room.name, label: room.displayName }));
}

export function resourceLabel(by: ColumnsBy, directory: ClinicDirectory, name: string): string {
  return by === "practitioner" ? directory.staffName(name) : directory.roomName(name);
}

// Where each session of a day goes: one column per practitioner (or
// room), each session at its start minute with its length, and sessions
// that overlap in a column (a cancelled one and its replacement, say) side
// by side in lanes. Plain arithmetic once per change of the day, so that
// rendering 200 blocks is only placing them.

import type { Session } from "../../gen/clinic/v1/scheduling_pb";
import { wallTime, type WallTime } from "./schedule_clock";

export type ColumnsBy = "practitioner" | "room";

export interface PlacedSession {
  session: Session;
  start: WallTime;
  end: WallTime;
  // Minutes, end after start (a session past midnight ends at 24:00 here).
  from: number;
  to: number;
  lane: number;
  lanes: number;
}

export interface Column {
  // "staff/..." or "rooms/...".
  resource: string;
  label: string;
  placed: PlacedSession[];
}

function assignLanes(placed: PlacedSession[]): void {
  placed.sort((a, b) => a.from - b.from || a.to - b.to);
  let cluster: PlacedSession[] = [];
  let laneEnds: number[] = [];
  let clusterEnd = -1;
  const close = () => {
    for (const item of cluster) item.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const item of placed) {
    if (item.from >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= item.from);
    if (lane < 0) lane = laneEnds.push(item.to) - 1;
    else laneEnds[lane] = item.to;
    item.lane = lane;
    cluster.push(item);
    clusterEnd = Math.max(clusterEnd, item.to);
  }
  close();
}

export function layColumns(
  sessions: Session[],
  by: ColumnsBy,
  resources: { name: string; label: string }[],
  zone: string,
): Column[] {
  const columns = new Map<string, Column>();
  for (const resource of resources) {
    columns.set(resource.name, { resource: resource.name, label: resource.label, placed: [] });
  }
  for (const session of sessions) {
    const resource = by === "practitioner" ? session.practitioner : session.room;
    let column = columns.get(resource);
    if (!column) {
      // Someone no longer listed (deactivated) who still has sessions.
      column = { resource, label: resource, placed: [] };
      columns.set(resource, column);
    }
    const start = wallTime(session.startTime, zone);
    const end = wallTime(session.endTime, zone);
    column.placed.push({
      session,
      start,
      end,
      from: start.minutes,
      to: end.minutes > start.minutes ? end.minutes : 24 * 60,
      lane: 0,
      lanes: 1,
    });
  }
  for (const column of columns.values()) assignLanes(column.placed);
  return [...columns.values()];
}

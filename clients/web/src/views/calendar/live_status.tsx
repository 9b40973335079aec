// Whether what the screen shows is live, in words (a dot's colour only
// repeats them).

import { RefusalNotice } from "../../components/refusal_notice";
import type { DaySchedule, LiveStatus } from "./use_day_schedule";

const kWords: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  paused: "Paused while the screen is locked",
};

export function LiveStatusLine({ schedule }: { schedule: DaySchedule }) {
  return (
    <>
      <p class={`live-status live-${schedule.status}`} role="status" data-status={schedule.status}>
        <span class="live-dot" aria-hidden="true" /> {kWords[schedule.status]}
      </p>
      {schedule.status === "reconnecting" && <RefusalNotice refusal={schedule.failure} />}
    </>
  );
}

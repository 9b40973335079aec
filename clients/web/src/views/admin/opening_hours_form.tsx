// The clinic's weekly opening hours and its slot grid: the times a session
// may be booked at all.

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { Field } from "../../components/field";
import { SettingsSaveResult } from "./settings_save_result";
import type { SettingsUpdate } from "./use_settings_update";
import { draftOf, WeeklyHoursEditor, weeklyHoursOf } from "./weekly_hours_editor";

const kGranularities = [5, 10, 15, 20, 30, 60];

export function OpeningHoursForm({ update }: { update: SettingsUpdate }) {
  const { settings } = useDirectory();
  const [week, setWeek] = useState(() => draftOf(settings.openingHours));
  const [granularity, setGranularity] = useState(settings.slotGranularityMinutes || 15);
  const submit = (event: Event) => {
    event.preventDefault();
    update.save({ openingHours: weeklyHoursOf(week), slotGranularityMinutes: granularity });
  };
  const refusal = update.action.refusal;
  return (
    <form onSubmit={submit} aria-labelledby="opening-title" class="admin-form">
      <h2 id="opening-title">Opening hours</h2>
      <WeeklyHoursEditor label="Opening hours" week={week} onChange={setWeek}
        problems={fieldProblems(refusal, "settings.opening_hours")} />
      <Field label="Slot grid (minutes)" problems={fieldProblems(refusal, "settings.slot_granularity_minutes")}
        hint="Sessions start on multiples of this many minutes past the hour.">
        {(control) => (
          <select {...control} class="short" value={granularity}
            onChange={(e) => setGranularity(Number(e.currentTarget.value))}>
            {kGranularities.map((minutes) => (
              <option key={minutes} value={minutes}>{minutes}</option>
            ))}
          </select>
        )}
      </Field>
      <SettingsSaveResult update={update}
        placedFields={["settings.opening_hours", "settings.slot_granularity_minutes"]} />
      <button type="submit" aria-busy={update.action.busy} disabled={update.action.busy}>
        Save opening hours
      </button>
    </form>
  );
}

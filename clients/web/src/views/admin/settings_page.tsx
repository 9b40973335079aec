// The clinic's time zone, jurisdiction and sign-in idle timeout.

import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { useMemo, useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { durationMs } from "../../app/session";
import { Field } from "../../components/field";
import { SettingsSaveResult } from "./settings_save_result";
import { useSettingsUpdate, type SettingsUpdate } from "./use_settings_update";
import "./admin.css";

const kDefaultIdleMinutes = 15;

function zonesWith(current: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes(current) ? zones : [current, ...zones];
}

function SettingsForm({ update }: { update: SettingsUpdate }) {
  const { settings } = useDirectory();
  const [zone, setZone] = useState(settings.timeZone);
  const [jurisdiction, setJurisdiction] = useState(settings.jurisdiction);
  const idleMs = durationMs(settings.signInIdleTimeout);
  const [idleMinutes, setIdleMinutes] = useState(
    String(idleMs ? Math.round(idleMs / 60000) : kDefaultIdleMinutes),
  );
  const zones = useMemo(() => zonesWith(settings.timeZone), [settings.timeZone]);

  const submit = (event: Event) => {
    event.preventDefault();
    update.save({
      timeZone: zone,
      jurisdiction: jurisdiction.trim().toUpperCase(),
      signInIdleTimeout: create(DurationSchema, { seconds: BigInt(Number(idleMinutes) * 60) }),
    });
  };
  const problems = (field: string) => fieldProblems(update.action.refusal, `settings.${field}`);
  return (
    <form onSubmit={submit} aria-label="Clinic settings" class="admin-form">
      <Field label="Time zone" problems={problems("time_zone")}
        hint="Every time the app and the server show or book is on this zone's clock.">
        {(control) => (
          <select {...control} value={zone} onChange={(e) => setZone(e.currentTarget.value)}>
            {zones.map((name) => (
              <option key={name} value={name}>{name}</option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Jurisdiction" problems={problems("jurisdiction")}
        hint="The country the clinic practises in, as two letters (FR, GB, US); empty: not said. It chooses the off-label statement patients sign and the treatments allowed.">
        {(control) => (
          <input {...control} maxLength={2} pattern="[A-Za-z]{2}" class="short" value={jurisdiction}
            onInput={(e) => setJurisdiction(e.currentTarget.value)} />
        )}
      </Field>
      <Field label="Sign-in idle timeout (minutes)" problems={problems("sign_in_idle_timeout")}
        hint="A browser session unused this long ends and its screen locks: 5 to 480 minutes. Browsers signed in now keep their lock timer until their next sign-in.">
        {(control) => (
          <input {...control} type="number" min={5} max={480} required class="short" value={idleMinutes}
            onInput={(e) => setIdleMinutes(e.currentTarget.value)} />
        )}
      </Field>
      <SettingsSaveResult update={update}
        placedFields={["settings.time_zone", "settings.jurisdiction", "settings.sign_in_idle_timeout"]} />
      <button type="submit" aria-busy={update.action.busy} disabled={update.action.busy}>
        Save the settings
      </button>
    </form>
  );
}

export function SettingsPage() {
  const { settings } = useDirectory();
  // Kept above the form, which starts afresh with each version of the
  // settings, so that "Saved." outlives the reload.
  const update = useSettingsUpdate();
  return (
    <section aria-labelledby="settings-title" class="admin">
      <h1 id="settings-title">Clinic settings</h1>
      {/* A fresh form for each version of the settings: a reload shows the saved values. */}
      <SettingsForm key={settings.etag} update={update} />
    </section>
  );
}

// When sessions can be booked: the clinic's opening hours and slot grid,
// each practitioner's working hours, and closures.

import { useDirectory } from "../../app/clinic_directory";
import { ClosuresSection } from "./closures_section";
import { OpeningHoursForm } from "./opening_hours_form";
import { useSettingsUpdate } from "./use_settings_update";
import { WorkingHoursForm } from "./working_hours_form";
import "./admin.css";

export function HoursPage() {
  const { settings, zone } = useDirectory();
  const update = useSettingsUpdate();
  return (
    <section aria-labelledby="hours-title" class="admin">
      <h1 id="hours-title">Hours and closures</h1>
      <p>All times are on the clinic's clock ({zone}).</p>
      <OpeningHoursForm key={settings.etag} update={update} />
      <WorkingHoursForm />
      <ClosuresSection />
    </section>
  );
}

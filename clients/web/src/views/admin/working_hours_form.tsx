// A practitioner's weekly working hours (with none set, the clinic's
// opening hours apply to them).

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import { useAttemptId } from "./use_attempt_id";
import { useLoaded } from "./use_loaded";
import { draftOf, WeeklyHoursEditor, weeklyHoursOf, type DraftWeek } from "./weekly_hours_editor";

function WorkingHoursOf({ practitioner, displayName }: { practitioner: string; displayName: string }) {
  const { api } = useSession();
  const loaded = useLoaded(() => api.clinic.getWorkingHours({ practitioner }), [api, practitioner]);
  // The hours as edited here, once loaded.
  const [edited, setWeek] = useState<DraftWeek>();
  const week = edited ?? (loaded.value && draftOf(loaded.value.hours));
  const [requestId, renewRequestId] = useAttemptId();
  const [saved, setSaved] = useState(false);
  const save = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!week) return;
    setSaved(false);
    const answer = await save.run(() =>
      api.clinic.setWorkingHours({ practitioner, hours: weeklyHoursOf(week), requestId }),
    );
    if (!answer) return;
    renewRequestId();
    setWeek(draftOf(answer.hours));
    setSaved(true);
  };

  if (loaded.failure) return <RefusalNotice refusal={loaded.failure} />;
  if (!week) return <p aria-busy="true">Loading {displayName}'s hours…</p>;
  return (
    <form onSubmit={submit} aria-label={`${displayName}'s working hours`}>
      {week.every((ranges) => ranges.length === 0) && (
        <p>{displayName} has no working hours of their own: the clinic's opening hours apply.</p>
      )}
      <WeeklyHoursEditor label="Working hours" week={week} onChange={setWeek} noneLabel="Not working"
        problems={fieldProblems(save.refusal, "hours")} />
      <RefusalNotice refusal={save.refusal} placedFields={["hours"]} />
      {saved && <p role="status" class="done">{displayName}'s working hours are saved.</p>}
      <button type="submit" aria-busy={save.busy} disabled={save.busy}>
        Save {displayName}'s hours
      </button>
    </form>
  );
}

export function WorkingHoursForm() {
  const { practitioners } = useDirectory();
  const [chosen, setChosen] = useState(practitioners[0]?.name ?? "");
  const member = practitioners.find((p) => p.name === chosen);
  return (
    <section aria-labelledby="working-title" class="admin-form">
      <h2 id="working-title">Practitioners' working hours</h2>
      {practitioners.length === 0 ? (
        <p>The clinic has no active practitioner.</p>
      ) : (
        <>
          <Field label="Practitioner">
            {(control) => (
              <select {...control} value={chosen} onChange={(e) => setChosen(e.currentTarget.value)}>
                {practitioners.map((p) => (
                  <option key={p.name} value={p.name}>{p.displayName}</option>
                ))}
              </select>
            )}
          </Field>
          {member && <WorkingHoursOf key={member.name} practitioner={member.name} displayName={member.displayName} />}
        </>
      )}
    </section>
  );
}

// Planning a course (PlanCourse: nothing is booked): each proposed session
// with its day and time in the clinic's zone and the window of days after
// the previous one in which it may be booked or moved; then booking it
// through the booking screen.

import { useState } from "preact/hooks";
import { addDays, dayOf, formatDateTime, formatDay, instantAt, isoDay, parseIsoDay, toDate, toTimestamp } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { PlannedSession } from "../../gen/clinic/v1/treatments_pb";
import { bareId, codeWords } from "./patient_labels";
import { TextField } from "./text_field";
import { TreatmentTypeSelect } from "./treatment_type_select";
import { TableHead } from "../../components/table_head";

function windowText(session: PlannedSession, previous: PlannedSession | undefined, zone: string): string {
  const before = toDate(previous?.startTime);
  if (!before) return "First session";
  const day = dayOf(before, zone);
  const earliest = formatDay(addDays(day, session.minDaysAfterPrevious));
  const latest = formatDay(addDays(day, session.maxDaysAfterPrevious));
  return `${session.minDaysAfterPrevious} to ${session.maxDaysAfterPrevious} days after the previous: ${earliest} to ${latest}`;
}

export function CoursePlanner({ patientName }: { patientName: string }) {
  const { api } = useSession();
  const directory = useDirectory();
  const zone = directory.zone;
  const [treatmentType, setTreatmentType] = useState("");
  const [day, setDay] = useState(isoDay(addDays(dayOf(new Date(), zone), 7)));
  const [time, setTime] = useState("10:00");
  const [count, setCount] = useState("");
  const [intervalDays, setIntervalDays] = useState("");
  const [maintenance, setMaintenance] = useState(false);
  const [plan, setPlan] = useState<PlannedSession[]>();
  const planning = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    setPlan(undefined);
    const date = parseIsoDay(day);
    const [hours, minutes] = time.split(":").map(Number);
    const answer = await planning.run(() =>
      api.treatments.planCourse({
        treatmentType,
        firstSessionTime: date ? toTimestamp(instantAt(date, hours * 60 + minutes, zone)) : undefined,
        sessionCount: Number(count) || 0,
        preferredIntervalDays: Number(intervalDays) || 0,
        includeMaintenance: maintenance,
      }),
    );
    if (answer) setPlan(answer.sessions);
  };
  return (
    <section aria-labelledby="plan-title">
      <h2 id="plan-title">Plan a course</h2>
      <form onSubmit={submit} aria-label="Plan a course">
        <div class="grid">
          <TreatmentTypeSelect value={treatmentType} onValue={(name) => { setTreatmentType(name); setPlan(undefined); }}
            problems={fieldProblems(planning.refusal, "treatment_type")} />
          <Field label="First session day" problems={fieldProblems(planning.refusal, "first_session_time")}>
            {(control) => <input {...control} type="date" value={day} onInput={(e) => setDay(e.currentTarget.value)} />}
          </Field>
          <Field label="First session time" hint={`Clinic time (${zone})`}>
            {(control) => <input {...control} type="time" step={300} value={time} onInput={(e) => setTime(e.currentTarget.value)} />}
          </Field>
        </div>
        <div class="grid">
          <TextField label="Sessions" path="session_count" refusal={planning.refusal} type="number"
            hint="Empty: the protocol's number" value={count} onValue={setCount} inputProps={{ min: 1 }} />
          <TextField label="Days between sessions" path="preferred_interval_days" refusal={planning.refusal}
            type="number" hint="Empty: the protocol's spacing" value={intervalDays} onValue={setIntervalDays} inputProps={{ min: 1 }} />
          <label class="inline-check">
            <input type="checkbox" checked={maintenance} onChange={(e) => setMaintenance(e.currentTarget.checked)} />
            Include the touch-up sessions
          </label>
        </div>
        <RefusalNotice refusal={planning.refusal}
          placedFields={["treatment_type", "first_session_time", "session_count", "preferred_interval_days"]} />
        <button type="submit" aria-busy={planning.busy} disabled={!treatmentType || planning.busy}>
          Plan the course
        </button>
      </form>
      {plan && (
        <>
          <table class="course-plan">
            <caption>
              {plan.length} sessions of {directory.treatmentTypeName(treatmentType)}, nothing booked yet
            </caption>
            <TableHead columns={["#", "Phase", "Proposed", "Allowed window"]} />
            <tbody>
              {plan.map((session, i) => (
                <tr key={session.index}>
                  <td>{session.index + 1}</td>
                  <td>{codeWords(session.phase)}</td>
                  <td>{formatDateTime(session.startTime, zone)}</td>
                  <td>{windowText(session, plan[i - 1], zone)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <a role="button" href={`/book?patient=${bareId(patientName)}&type=${bareId(treatmentType)}&kind=course`}>
            Book this course…
          </a>
        </>
      )}
    </section>
  );
}

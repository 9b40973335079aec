// The protocols' post-session checks (day 2 call, week 2 check...) due in
// the coming week, overdue ones first, each done with a note of what was
// found.

import { useState } from "preact/hooks";
import { formatDateTime, toDate } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { usePatientNames } from "../../app/patient_names";
import { useMember, useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { FollowUpTask } from "../../gen/clinic/v1/adverse_events_pb";
import { toTimestamp } from "../../api/clinic_time";
import { sessionLink } from "./resource_names";
import { useAttempt } from "./use_attempt";
import { useLoad } from "./use_load";

const kWeekMs = 7 * 24 * 60 * 60 * 1000;

function TaskDone({ task, onDone }: { task: FollowUpTask; onDone(): void }) {
  const { api } = useSession();
  const [note, setNote] = useState("");
  const attempt = useAttempt();
  const complete = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const answer = await complete.run(() =>
      api.adverseEvents.completeFollowUpTask({ name: task.name, note, requestId: attempt.id() }),
    );
    if (answer) onDone();
  };
  return (
    <form onSubmit={submit} class="task-done" aria-label={`Complete ${task.title}`}>
      <Field label="What you found" problems={fieldProblems(complete.refusal, "note")}>
        {(control) => (
          <input {...control} maxLength={2000} value={note} onInput={(e) => attempt.edit(setNote)(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={complete.refusal} placedFields={["note"]} />
      <button type="submit" aria-busy={complete.busy} disabled={complete.busy}>
        Done
      </button>
    </form>
  );
}

export function FollowUpTasks() {
  const { api } = useSession();
  const member = useMember();
  const directory = useDirectory();
  const [mine, setMine] = useState(false);
  const tasks = useLoad(
    () =>
      allPages(
        (pageToken) =>
          api.adverseEvents.listFollowUpTasks({
            practitioner: mine ? member.name : "",
            dueBefore: toTimestamp(new Date(Date.now() + kWeekMs)),
            pageSize: 500,
            pageToken,
          }),
        (page) => page.tasks,
      ),
    [api, mine, member.name],
  );
  const list = [...(tasks.value ?? [])].sort(
    (a, b) => toDate(a.dueTime)!.getTime() - toDate(b.dueTime)!.getTime(),
  );
  const patientName = usePatientNames(list.map((t) => t.patient));
  const now = Date.now();
  return (
    <section aria-labelledby="tasks-title">
      <h2 id="tasks-title">Follow-up checks due this week</h2>
      <label>
        <input type="checkbox" role="switch" checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
        Only my patients' checks
      </label>
      <RefusalNotice refusal={tasks.failure} />
      {!tasks.value && !tasks.failure && <p aria-busy="true">Loading the checks…</p>}
      {tasks.value && list.length === 0 && <p>No check is due this week.</p>}
      {list.map((task) => {
        const overdue = toDate(task.dueTime)!.getTime() < now;
        return (
          <article key={task.name} class="task">
            <h3>
              {task.title}: {patientName(task.patient)}
            </h3>
            <p>
              <span class={overdue ? "overdue" : undefined}>
                Due {formatDateTime(task.dueTime, directory.zone)}
                {overdue && " · OVERDUE"}
              </span>{" "}
              · {directory.staffName(task.practitioner)} · <a href={sessionLink(task.session)}>the session</a>
            </p>
            <p>Look for: {task.lookFor}</p>
            <TaskDone task={task} onDone={tasks.reload} />
          </article>
        );
      })}
    </section>
  );
}

// Closures: times when the whole clinic, a room or a practitioner is
// unavailable (holidays, leave, maintenance). Listed from today for a year;
// a closure over booked sessions is refused, naming them.

import { useState } from "preact/hooks";
import { addDays, formatDateTime, instantAt, today, toTimestamp } from "../../api/clinic_time";
import { allPages } from "../../api/paging";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { TableHead } from "../../components/table_head";
import { useAction } from "../../components/use_action";
import type { Closure } from "../../gen/clinic/v1/clinic_pb";
import { ConfirmStep } from "./confirm_step";
import { instantOfLocalInput } from "./local_time_input";
import { useAttemptId } from "./use_attempt_id";
import { useLoaded } from "./use_loaded";

function useWhatIsClosed(): (resource: string) => string {
  const directory = useDirectory();
  return (resource) => {
    if (!resource) return "The whole clinic";
    if (resource.startsWith("rooms/")) return `Room: ${directory.roomName(resource)}`;
    return `Leave: ${directory.staffName(resource)}`;
  };
}

function DeleteClosure({ closure, onDeleted }: { closure: Closure; onDeleted(): void }) {
  const { api } = useSession();
  const [requestId] = useAttemptId();
  const remove = useAction();
  const run = async () => {
    const answer = await remove.run(() => api.clinic.deleteClosure({ name: closure.name, requestId }));
    if (answer) onDeleted();
  };
  return (
    <>
      <ConfirmStep start="Delete…" confirm={`Delete the closure “${closure.reason || "no reason"}”`}
        busy={remove.busy} onConfirm={run}>
        Sessions can be booked in that time again.
      </ConfirmStep>
      <RefusalNotice refusal={remove.refusal} />
    </>
  );
}

function ClosureCreateForm({ onCreated }: { onCreated(): void }) {
  const { api } = useSession();
  const directory = useDirectory();
  const [resource, setResource] = useState("");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [reason, setReason] = useState("");
  const [requestId, renewRequestId] = useAttemptId();
  const [unreadable, setUnreadable] = useState(false);
  const create = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const startTime = instantOfLocalInput(start, directory.zone);
    const endTime = instantOfLocalInput(end, directory.zone);
    setUnreadable(!startTime || !endTime);
    if (!startTime || !endTime) return;
    const answer = await create.run(() =>
      api.clinic.createClosure({
        closure: { resource, startTime: toTimestamp(startTime), endTime: toTimestamp(endTime), reason },
        requestId,
      }),
    );
    if (!answer) return;
    renewRequestId();
    setReason("");
    onCreated();
  };

  const problems = (field: string) => fieldProblems(create.refusal, `closure.${field}`);
  const activeRooms = directory.rooms.filter((room) => room.active);
  return (
    <form onSubmit={submit} aria-labelledby="closure-create-title" class="admin-form">
      <h3 id="closure-create-title">Add a closure</h3>
      <Field label="What is closed" problems={problems("resource")}>
        {(control) => (
          <select {...control} value={resource} onChange={(e) => setResource(e.currentTarget.value)}>
            <option value="">The whole clinic</option>
            <optgroup label="A room">
              {activeRooms.map((room) => (
                <option key={room.name} value={room.name}>{room.displayName}</option>
              ))}
            </optgroup>
            <optgroup label="A practitioner's leave">
              {directory.practitioners.map((p) => (
                <option key={p.name} value={p.name}>{p.displayName}</option>
              ))}
            </optgroup>
          </select>
        )}
      </Field>
      <div class="grid">
        <Field label="From" hint={`On the clinic's clock (${directory.zone}).`}
          problems={problems("start_time") ?? (unreadable && !start ? ["Say when it starts."] : undefined)}>
          {(control) => (
            <input {...control} type="datetime-local" required value={start}
              onInput={(e) => setStart(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Until" problems={problems("end_time") ?? (unreadable && !end ? ["Say when it ends."] : undefined)}>
          {(control) => (
            <input {...control} type="datetime-local" required value={end}
              onInput={(e) => setEnd(e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <Field label="Reason" hint="Such as “Christmas” or “training”; up to 200 characters." problems={problems("reason")}>
        {(control) => (
          <input {...control} maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={create.refusal}
        placedFields={["closure.resource", "closure.start_time", "closure.end_time", "closure.reason"]} />
      <button type="submit" aria-busy={create.busy} disabled={create.busy}>
        Add closure
      </button>
    </form>
  );
}

export function ClosuresSection() {
  const { api } = useSession();
  const { zone } = useDirectory();
  const whatIsClosed = useWhatIsClosed();
  const loaded = useLoaded(() => {
    const from = today(zone);
    const startTime = toTimestamp(instantAt(from, 0, zone));
    const endTime = toTimestamp(instantAt(addDays(from, 366), 0, zone));
    return allPages(
      (pageToken) => api.clinic.listClosures({ startTime, endTime, pageSize: 1000, pageToken }),
      (page) => page.closures,
    );
  }, [api, zone]);
  const closures = loaded.value;
  const load = loaded.reload;

  return (
    <section aria-labelledby="closures-title">
      <h2 id="closures-title">Closures</h2>
      <RefusalNotice refusal={loaded.failure} />
      {closures && closures.length === 0 && <p>No closure from today on.</p>}
      {closures && closures.length > 0 && (
        <table>
          <caption>From today, for a year</caption>
          <TableHead columns={["What", "From", "Until", "Reason", "Actions"]} />
          <tbody>
            {closures.map((closure) => (
              <tr key={closure.name}>
                <td>{whatIsClosed(closure.resource)}</td>
                <td>{formatDateTime(closure.startTime, zone)}</td>
                <td>{formatDateTime(closure.endTime, zone)}</td>
                <td>{closure.reason}</td>
                <td><DeleteClosure closure={closure} onDeleted={load} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ClosureCreateForm onCreated={load} />
    </section>
  );
}

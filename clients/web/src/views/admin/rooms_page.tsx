// The clinic's rooms: adding one, and taking one out of service (no new
// bookings; the sessions already booked in it stay).

import { useState } from "preact/hooks";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { TableHead } from "../../components/table_head";
import { useAction } from "../../components/use_action";
import type { Room } from "../../gen/clinic/v1/clinic_pb";
import { ConfirmStep } from "./confirm_step";
import { useAttemptId } from "./use_attempt_id";
import "./admin.css";

function DeactivateRoom({ room }: { room: Room }) {
  const { api } = useSession();
  const directory = useDirectory();
  const [requestId] = useAttemptId();
  const deactivate = useAction();
  const run = async () => {
    const answer = await deactivate.run(() => api.clinic.deactivateRoom({ name: room.name, requestId }));
    if (answer) await directory.reload();
  };
  return (
    <>
      <ConfirmStep start="Take out of service…" confirm={`Take ${room.displayName} out of service`}
        busy={deactivate.busy} onConfirm={run}>
        No new session can be booked in {room.displayName}; the sessions booked there stay. This
        cannot be undone.
      </ConfirmStep>
      <RefusalNotice refusal={deactivate.refusal} />
    </>
  );
}

function RoomCreateForm() {
  const { api } = useSession();
  const directory = useDirectory();
  const [displayName, setDisplayName] = useState("");
  const [requestId, renewRequestId] = useAttemptId();
  const [added, setAdded] = useState<string>();
  const create = useAction();
  const submit = async (event: Event) => {
    event.preventDefault();
    const answer = await create.run(() => api.clinic.createRoom({ room: { displayName }, requestId }));
    if (!answer?.room) return;
    renewRequestId();
    setAdded(answer.room.displayName);
    setDisplayName("");
    await directory.reload();
  };
  return (
    <form onSubmit={submit} aria-labelledby="room-create-title" class="admin-form">
      <h2 id="room-create-title">Add a room</h2>
      <Field label="Room name" problems={fieldProblems(create.refusal, "room.display_name")}>
        {(control) => (
          <input {...control} required maxLength={100} value={displayName}
            onInput={(e) => setDisplayName(e.currentTarget.value)} />
        )}
      </Field>
      <RefusalNotice refusal={create.refusal} placedFields={["room.display_name"]} />
      {added && <p role="status" class="done">{added} was added.</p>}
      <button type="submit" aria-busy={create.busy} disabled={create.busy}>
        Add room
      </button>
    </form>
  );
}

export function RoomsPage() {
  const { rooms } = useDirectory();
  return (
    <section aria-labelledby="rooms-title" class="admin">
      <h1 id="rooms-title">Rooms</h1>
      <div class="admin-columns">
        <div>
          {rooms.length === 0 && <p>The clinic has no room yet.</p>}
          {rooms.length > 0 && (
            <table>
              <TableHead columns={["Room", "State", "Actions"]} />
              <tbody>
                {rooms.map((room) => (
                  <tr key={room.name}>
                    <td>{room.displayName}</td>
                    <td>{room.active ? "In service" : "Out of service"}</td>
                    <td>{room.active && <DeactivateRoom room={room} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <RoomCreateForm />
      </div>
    </section>
  );
}

// Moving a booked session: a new day and start, and optionally another
// practitioner or room, picked from the free slots or typed. The server
// moves later sessions of a course with it when the protocol's spacing
// needs it (RescheduleSession.also_moved), or refuses and moves nothing.

import { useState } from "preact/hooks";
import { dayOf, instantAt, isoDay, parseIsoDay, toDate, toTimestamp } from "../../api/clinic_time";
import { fieldProblems } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import {
  SessionKind,
  type RescheduleSessionResponse,
  type Session,
} from "../../gen/clinic/v1/scheduling_pb";
import { FreeSlots } from "./free_slots";
import { wallTime } from "./schedule_clock";
import { useAttemptId } from "./use_attempt_id";

export interface MoveSessionFormProps {
  session: Session;
  onMoved(reply: RescheduleSessionResponse): void;
}

export function MoveSessionForm({ session, onMoved }: MoveSessionFormProps) {
  const { api } = useSession();
  const directory = useDirectory();
  const start = toDate(session.startTime) ?? new Date();
  const [dayText, setDayText] = useState(isoDay(dayOf(start, directory.zone)));
  const [time, setTime] = useState(wallTime(session.startTime, directory.zone).text);
  const [practitioner, setPractitioner] = useState(session.practitioner);
  const [room, setRoom] = useState(session.room);
  const move = useAction();
  const requestId = useAttemptId([session.name, dayText, time, practitioner, room].join("\n"));
  const day = parseIsoDay(dayText);
  const step = (directory.settings.slotGranularityMinutes || 15) * 60;

  const submit = async (event: Event) => {
    event.preventDefault();
    const [hours, minutes] = time.split(":").map(Number);
    if (!day || Number.isNaN(hours) || Number.isNaN(minutes)) return;
    const answer = await move.run(() =>
      api.scheduling.rescheduleSession({
        session: session.name,
        newStartTime: toTimestamp(instantAt(day, hours * 60 + minutes, directory.zone)),
        // Only what changes: the same practitioner and room stay as booked.
        practitioner: practitioner === session.practitioner ? "" : practitioner,
        room: room === session.room ? "" : room,
        requestId,
      }),
    );
    if (answer) onMoved(answer);
  };

  return (
    <form onSubmit={submit} aria-label="Move the session" class="move-form">
      <div class="grid">
        <Field label="New day" problems={!day ? ["Pick a day."] : undefined}>
          {(control) => (
            <input {...control} type="date" required value={dayText} onInput={(e) => setDayText(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="New start time" problems={fieldProblems(move.refusal, "new_start_time")} hint={`Clinic time (${directory.zone})`}>
          {(control) => (
            <input {...control} type="time" required step={step} value={time} onInput={(e) => setTime(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Practitioner" problems={fieldProblems(move.refusal, "practitioner")}>
          {(control) => (
            <select {...control} value={practitioner} onChange={(e) => setPractitioner(e.currentTarget.value)}>
              {directory.practitioners.map((member) => (
                <option key={member.name} value={member.name}>
                  {member.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Room" problems={fieldProblems(move.refusal, "room")}>
          {(control) => (
            <select {...control} value={room} onChange={(e) => setRoom(e.currentTarget.value)}>
              {directory.rooms
                .filter((r) => r.active || r.name === session.room)
                .map((r) => (
                  <option key={r.name} value={r.name}>
                    {r.displayName}
                  </option>
                ))}
            </select>
          )}
        </Field>
      </div>
      {day && session.kind !== SessionKind.CONSULTATION && (
        <FreeSlots
          treatmentType={session.treatmentType}
          day={day}
          practitioner={practitioner}
          room={room}
          onPick={(slot) => {
            setTime(wallTime(slot.startTime, directory.zone).text);
            setRoom(slot.room);
            setPractitioner(slot.practitioner);
          }}
        />
      )}
      {session.course && (
        <p class="field-hint">
          Later sessions of the course move with this one when the protocol's spacing needs it; the server
          moves all of them or none, and the list of what moved shows once the move is done.
        </p>
      )}
      <RefusalNotice refusal={move.refusal} placedFields={["new_start_time", "practitioner", "room"]} />
      <button type="submit" disabled={move.busy || !day} aria-busy={move.busy}>
        Move the session
      </button>
    </form>
  );
}

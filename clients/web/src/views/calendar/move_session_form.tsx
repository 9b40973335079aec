// Moving a booked session: a new day and start, and optionally another
// practitioner or room, picked from the free slots or typed. The server
// moves later sessions of a course with it when the protocol's spacing
// needs it (RescheduleSession.also_moved), or refuses and moves nothing.
// The move is previewed first (validate_only: the server runs the real
// move and rolls it back), so the desk sees every session that would move
// before confirming.

import { useEffect, useState } from "preact/hooks";
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
import { MovedSessions } from "./moved_sessions";
import { wallTime } from "./schedule_clock";
import { useAttemptId } from "./use_attempt_id";

export interface MoveSessionFormProps {
  session: Session;
  // The session and the other sessions of its course as they are now.
  before: Map<string, Session>;
  onMoved(reply: RescheduleSessionResponse): void;
}

export function MoveSessionForm({ session, before, onMoved }: MoveSessionFormProps) {
  const { api } = useSession();
  const directory = useDirectory();
  const start = toDate(session.startTime) ?? new Date();
  const [dayText, setDayText] = useState(isoDay(dayOf(start, directory.zone)));
  const [time, setTime] = useState(wallTime(session.startTime, directory.zone).text);
  const [practitioner, setPractitioner] = useState(session.practitioner);
  const [room, setRoom] = useState(session.room);
  const check = useAction();
  const move = useAction();
  const [preview, setPreview] = useState<RescheduleSessionResponse>();
  const wanted = [session.name, dayText, time, practitioner, room].join("\n");
  const requestId = useAttemptId(wanted);
  const day = parseIsoDay(dayText);
  const step = (directory.settings.slotGranularityMinutes || 15) * 60;
  // A preview holds only for the day, time, practitioner and room it was
  // made for.
  useEffect(() => {
    setPreview(undefined);
    move.clear();
  }, [wanted]);

  const moveRequest = () => {
    const [hours, minutes] = time.split(":").map(Number);
    if (!day || Number.isNaN(hours) || Number.isNaN(minutes)) return undefined;
    return {
      session: session.name,
      newStartTime: toTimestamp(instantAt(day, hours * 60 + minutes, directory.zone)),
      // Only what changes: the same practitioner and room stay as booked.
      practitioner: practitioner === session.practitioner ? "" : practitioner,
      room: room === session.room ? "" : room,
    };
  };

  const showPreview = async (event: Event) => {
    event.preventDefault();
    const request = moveRequest();
    if (!request) return;
    setPreview(
      await check.run(() => api.scheduling.rescheduleSession({ ...request, validateOnly: true })),
    );
  };

  const confirm = async () => {
    const request = moveRequest();
    if (!request) return;
    const answer = await move.run(() => api.scheduling.rescheduleSession({ ...request, requestId }));
    if (answer) onMoved(answer);
  };
  const refusal = move.refusal ?? check.refusal;

  return (
    <form onSubmit={showPreview} aria-label="Move the session" class="move-form">
      <div class="grid">
        <Field label="New day" problems={!day ? ["Pick a day."] : undefined}>
          {(control) => (
            <input {...control} type="date" required value={dayText} onInput={(e) => setDayText(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="New start time" problems={fieldProblems(refusal, "new_start_time")} hint={`Clinic time (${directory.zone})`}>
          {(control) => (
            <input {...control} type="time" required step={step} value={time} onInput={(e) => setTime(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="Practitioner" problems={fieldProblems(refusal, "practitioner")}>
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
        <Field label="Room" problems={fieldProblems(refusal, "room")}>
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
          Later sessions of the course move with this one when the protocol's spacing needs it; the
          preview lists every session that would move, and the move is all of them or none.
        </p>
      )}
      <RefusalNotice refusal={refusal} placedFields={["new_start_time", "practitioner", "room"]} />
      {preview ? (
        <>
          <MovedSessions reply={preview} before={before} preview />
          <div class="grid">
            <button type="button" onClick={confirm} disabled={move.busy} aria-busy={move.busy}>
              Confirm the move
            </button>
            <button type="button" class="secondary outline" onClick={() => setPreview(undefined)}>
              Change it
            </button>
          </div>
        </>
      ) : (
        <button type="submit" disabled={check.busy || !day} aria-busy={check.busy}>
          Preview the move
        </button>
      )}
    </form>
  );
}

// What to book and where to look: the kind, the treatment type (those the
// server's plugins bring), a consultation's length, optionally a
// practitioner and a room, and the days to search.

import { isoDay, type CivilDate } from "../../api/clinic_time";
import { fieldProblems, type Refusal } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { ChoiceSelect } from "../../components/choice_select";
import { Field } from "../../components/field";
import { RefusalNotice } from "../../components/refusal_notice";

export type BookingKind = "session" | "consultation" | "course";

const kKinds: { kind: BookingKind; label: string }[] = [
  { kind: "consultation", label: "Consultation (first visit)" },
  { kind: "session", label: "Treatment session" },
  { kind: "course", label: "Course (all its sessions)" },
];

const kMinutes = [15, 20, 30, 45, 60, 90, 120];

export interface BookingChoicesProps {
  kind: BookingKind;
  onKind(kind: BookingKind): void;
  treatmentType: string;
  onTreatmentType(name: string): void;
  typeProblems?: string[];
  consultationMinutes: number;
  onConsultationMinutes(minutes: number): void;
  minutesProblems?: string[];
  practitioner: string;
  onPractitioner(name: string): void;
  room: string;
  onRoom(name: string): void;
  from: CivilDate;
  onFrom(day: string): void;
  to: CivilDate;
  onTo(day: string): void;
  // FindAvailableSlots' refusal: its date problems go beside the dates.
  searchFailure: Refusal | undefined;
}

export function BookingChoices(props: BookingChoicesProps) {
  const directory = useDirectory();
  const activeRooms = directory.rooms.filter((room) => room.active);
  return (
    <>
      <fieldset>
        <legend>What to book</legend>
        {kKinds.map(({ kind, label }) => (
          <label key={kind}>
            <input
              type="radio"
              name="booking-kind"
              checked={props.kind === kind}
              onChange={() => props.onKind(kind)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {props.kind === "consultation" ? (
        <Field label="Length" problems={props.minutesProblems}>
          {(control) => (
            <select
              {...control}
              value={props.consultationMinutes}
              onChange={(e) => props.onConsultationMinutes(Number(e.currentTarget.value))}
            >
              {kMinutes.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {minutes} minutes
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <Field label="Treatment" problems={props.typeProblems}>
          {(control) => (
            <select
              {...control}
              value={props.treatmentType}
              onChange={(e) => props.onTreatmentType(e.currentTarget.value)}
            >
              {directory.treatmentTypes.map((type) => (
                <option key={type.name} value={type.name}>
                  {type.displayName}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <ChoiceSelect
        label="Practitioner"
        none="Any practitioner"
        value={props.practitioner}
        onChange={props.onPractitioner}
        choices={directory.practitioners.map((m) => ({ name: m.name, label: m.displayName }))}
        problems={fieldProblems(props.searchFailure, "practitioner")}
      />
      <ChoiceSelect
        label="Room"
        none="Any room"
        value={props.room}
        onChange={props.onRoom}
        choices={activeRooms.map((room) => ({ name: room.name, label: room.displayName }))}
        problems={fieldProblems(props.searchFailure, "room")}
      />
      <div class="date-range">
        <Field label="From" problems={fieldProblems(props.searchFailure, "start_date")}>
          {(control) => (
            <input {...control} type="date" value={isoDay(props.from)} onChange={(e) => props.onFrom(e.currentTarget.value)} />
          )}
        </Field>
        <Field label="To" problems={fieldProblems(props.searchFailure, "end_date")} hint="At most 31 days.">
          {(control) => (
            <input {...control} type="date" value={isoDay(props.to)} onChange={(e) => props.onTo(e.currentTarget.value)} />
          )}
        </Field>
      </div>
      <RefusalNotice
        refusal={props.searchFailure}
        placedFields={["practitioner", "room", "start_date", "end_date"]}
      />
    </>
  );
}

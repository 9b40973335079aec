// Finding a slot and booking it: a treatment session, a consultation (the
// first visit, no treatment type) or a whole course. The address can name
// the patient, the treatment type and the kind:
// /book?patient=:id&type=:typeId&kind=session|consultation|course.

import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { newRequestId } from "../../api/clients";
import { addDays, formatDateTime, formatDay, parseIsoDay, today } from "../../api/clinic_time";
import { fieldProblems, headline, refusalOf } from "../../api/refusal";
import { useDirectory } from "../../app/clinic_directory";
import { useMember, useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import { useAction } from "../../components/use_action";
import type { Patient } from "../../gen/clinic/v1/patients_pb";
import { SessionKind, type AvailableSlot, type Session } from "../../gen/clinic/v1/scheduling_pb";
import { Role } from "../../gen/clinic/v1/staff_pb";
import { BookedSessions } from "./booked_sessions";
import { BookingChoices, type BookingKind } from "./booking_choices";
import { bareId, intervalLimit, placeOf, refusalLines } from "./booking_refusal";
import { CourseOptionsFields } from "./course_options_fields";
import { CoursePlan, type CourseOptions } from "./course_plan";
import { PatientPicker, patientLabel } from "./patient_picker";
import { SlotList } from "./slot_list";
import { useFreeSlots } from "./use_free_slots";
import "./booking.css";

const kSearchDays = 7;

// Where the reason for a refusal is shown, for the person at the button.
const kPointers: Record<string, string> = {
  patient: "See beside the patient, at the top.",
  type: "See beside the treatment.",
  slot: "See above the free times.",
};

function kindFrom(text: string | undefined): BookingKind {
  return text === "consultation" || text === "course" ? text : "session";
}

export function BookPage() {
  const { api } = useSession();
  const member = useMember();
  const directory = useDirectory();
  const { query } = useLocation();
  const firstDay = today(directory.zone);

  const [patient, setPatient] = useState<Patient>();
  const [patientFailure, setPatientFailure] = useState<ReturnType<typeof refusalOf>>();
  const [kind, setKind] = useState<BookingKind>(kindFrom(query.kind));
  const [treatmentType, setTreatmentType] = useState(
    query.type ? `treatmentTypes/${query.type}` : (directory.treatmentTypes[0]?.name ?? ""),
  );
  const [consultationMinutes, setConsultationMinutes] = useState(30);
  const [practitioner, setPractitioner] = useState(
    member.role === Role.PRACTITIONER ? member.name : "",
  );
  const [room, setRoom] = useState("");
  const [from, setFrom] = useState(firstDay);
  const [to, setTo] = useState(addDays(firstDay, kSearchDays - 1));
  const [chosen, setChosen] = useState<AvailableSlot>();
  const [course, setCourse] = useState<CourseOptions>({
    sessionCount: 0,
    preferredIntervalDays: 0,
    includeMaintenance: false,
  });
  const [phases, setPhases] = useState<string[]>();
  const [booked, setBooked] = useState<Session[]>();
  const [requestId, setRequestId] = useState(newRequestId);
  const book = useAction();

  // The patient the address names.
  useEffect(() => {
    if (!query.patient) return;
    api.patients
      .getPatient({ name: `patients/${query.patient}` })
      .then((answer) => setPatient(answer.patient), (error) => setPatientFailure(refusalOf(error)));
  }, [api, query.patient]);

  const slots = useFreeSlots(
    kind === "consultation" || treatmentType
      ? {
          consultationMinutes: kind === "consultation" ? consultationMinutes : undefined,
          treatmentType,
          practitioner,
          room,
          from,
          to,
        }
      : undefined,
  );

  // One request_id per attempt: a new one whenever what would be booked
  // changes, the same one when the same booking is tried again.
  const attempt = [
    patient?.name,
    kind,
    treatmentType,
    consultationMinutes,
    chosen && formatDateTime(chosen.startTime, "UTC"),
    chosen?.practitioner,
    chosen?.room,
    course.sessionCount,
    course.preferredIntervalDays,
    course.includeMaintenance,
  ].join(" ");
  useEffect(() => setRequestId(newRequestId()), [attempt]);

  // Whatever the person changes makes an earlier refusal stale.
  const changed = <T,>(set: (value: T) => void) => (value: T) => {
    book.clear();
    set(value);
  };
  const changeSearch = <T,>(set: (value: T) => void) =>
    changed((value: T) => {
      setChosen(undefined);
      set(value);
    });

  const place = placeOf(book.refusal);
  const nameOf = (name: string) =>
    name === patient?.name
      ? `${patient.givenName} ${patient.familyName}`
      : name.startsWith("treatmentTypes/")
        ? directory.treatmentTypeName(name)
        : name.startsWith("rooms/")
          ? directory.roomName(name)
          : directory.staffName(name);
  const where = (here: string) =>
    place === here && book.refusal ? refusalLines(book.refusal, nameOf) : undefined;
  const limit = intervalLimit(book.refusal);

  const confirm = async () => {
    if (!patient || !chosen) return;
    const common = {
      patient: patient.name,
      practitioner: chosen.practitioner,
      room: chosen.room,
      requestId,
    };
    if (kind === "course") {
      const answer = await book.run(() =>
        api.scheduling.bookCourse({
          ...common,
          treatmentType,
          firstSessionTime: chosen.startTime,
          ...course,
        }),
      );
      if (answer?.course) setBooked(answer.course.sessions);
    } else {
      const answer = await book.run(() =>
        api.scheduling.bookSession({
          ...common,
          startTime: chosen.startTime,
          ...(kind === "consultation"
            ? { kind: SessionKind.CONSULTATION, consultationMinutes }
            : { kind: SessionKind.TREATMENT, treatmentType }),
        }),
      );
      if (answer?.session) setBooked([answer.session]);
    }
  };

  // A slot taken meanwhile: the list is asked again, without it.
  useEffect(() => {
    if (book.refusal?.reason === "SLOT_TAKEN") {
      setChosen(undefined);
      slots.refresh();
    }
  }, [book.refusal]);

  if (booked && patient) {
    return (
      <section aria-labelledby="booked-title">
        <h1 id="booked-title">
          {kind === "course" ? "Course booked" : kind === "consultation" ? "Consultation booked" : "Session booked"}
        </h1>
        <p role="status">
          {booked.length} session{booked.length === 1 ? "" : "s"}
          {kind === "course" ? ` of ${directory.treatmentTypeName(treatmentType)}` : ""} booked for{" "}
          {patientLabel(patient)}.
        </p>
        <BookedSessions sessions={booked} phases={kind === "course" ? phases : undefined} />
        <button
          type="button"
          onClick={() => {
            setBooked(undefined);
            setChosen(undefined);
            book.clear();
            slots.refresh();
          }}
        >
          Book another
        </button>
      </section>
    );
  }

  const patientRemedy =
    place === "patient" && patient ? (
      <p class="remedy">
        <a href={`/patients/${bareId(patient.name)}`}>
          {book.refusal?.reason === "CONSENT_MISSING"
            ? "Open the patient's chart to record consent"
            : "Open the patient's chart"}
        </a>
        {book.refusal?.reason === "CONSENT_MISSING" && member.role !== Role.PRACTITIONER
          ? " (a practitioner takes consent: book a consultation first)."
          : ""}
      </p>
    ) : undefined;

  const slotRemedy =
    book.refusal?.reason === "SLOT_TAKEN" ? (
      <p>The free times below were looked up again: choose another.</p>
    ) : limit ? (
      <button
        type="button"
        class="secondary"
        onClick={() => {
          book.clear();
          setChosen(undefined);
          if (limit.earliest) {
            setFrom(limit.day);
            setTo(addDays(limit.day, kSearchDays - 1));
          } else {
            setTo(limit.day);
          }
        }}
      >
        {limit.earliest
          ? `Look from ${formatDay(limit.day)}, the earliest day allowed`
          : `Look up to ${formatDay(limit.day)}, the latest day allowed`}
      </button>
    ) : undefined;

  return (
    <section aria-labelledby="book-title">
      <h1 id="book-title">Book</h1>
      <div class="booking-layout">
        <form class="booking-search" aria-label="What to book" onSubmit={(e) => e.preventDefault()}>
          <PatientPicker
            patient={patient}
            onChoose={changed(setPatient)}
            problems={where("patient") ?? (patientFailure && [patientFailure.message])}
            remedy={patientRemedy}
          />
          <BookingChoices
            kind={kind}
            onKind={changeSearch(setKind)}
            treatmentType={treatmentType}
            onTreatmentType={changeSearch(setTreatmentType)}
            typeProblems={where("type")}
            consultationMinutes={consultationMinutes}
            onConsultationMinutes={changeSearch(setConsultationMinutes)}
            minutesProblems={fieldProblems(book.refusal, "consultation_minutes")}
            practitioner={practitioner}
            onPractitioner={changeSearch(setPractitioner)}
            room={room}
            onRoom={changeSearch(setRoom)}
            from={from}
            onFrom={changeSearch((day: string) => {
              const parsed = parseIsoDay(day);
              if (parsed) setFrom(parsed);
            })}
            to={to}
            onTo={changeSearch((day: string) => {
              const parsed = parseIsoDay(day);
              if (parsed) setTo(parsed);
            })}
            searchFailure={slots.failure}
          />
        </form>
        <div class="booking-results">
          <SlotList
            slots={slots.slots}
            loading={slots.loading}
            chosen={chosen}
            onChoose={changed(setChosen)}
            more={slots.more}
            problems={where("slot")}
            remedy={slotRemedy}
          />
          {chosen && (
            <section class="booking-confirm" aria-labelledby="confirm-title">
              <h2 id="confirm-title">Confirm</h2>
              <p>
                {kind === "consultation"
                  ? `A ${consultationMinutes}-minute consultation`
                  : kind === "course"
                    ? `A course of ${directory.treatmentTypeName(treatmentType)}, starting`
                    : `A session of ${directory.treatmentTypeName(treatmentType)}`}{" "}
                on {formatDateTime(chosen.startTime, directory.zone)} with{" "}
                {directory.staffName(chosen.practitioner)} in {directory.roomName(chosen.room)}
                {patient ? `, for ${patientLabel(patient)}.` : "."}
              </p>
              {kind === "course" && (
                <>
                  <CourseOptionsFields
                    options={course}
                    onChange={changed(setCourse)}
                    refusal={book.refusal}
                  />
                  <CoursePlan
                    treatmentType={treatmentType}
                    slot={chosen}
                    options={course}
                    conflicts={place === "course" ? book.refusal : undefined}
                    onPlanned={(planned) => setPhases(planned.map((session) => session.phase))}
                  />
                </>
              )}
              <RefusalNotice
                refusal={place === undefined || place === "course" ? book.refusal : undefined}
                placedFields={[
                  "patient",
                  "treatment_type",
                  "consultation_minutes",
                  "session_count",
                  "preferred_interval_days",
                  "sessions",
                ]}
              />
              {place && place !== "course" && book.refusal && (
                <p class="refused-pointer">
                  Not booked: {headline(book.refusal).toLowerCase()}. {kPointers[place]}
                </p>
              )}
              {!patient && <p>Choose the patient first.</p>}
              <button
                type="button"
                onClick={confirm}
                disabled={!patient || book.busy}
                aria-busy={book.busy}
              >
                {kind === "course"
                  ? "Book the course"
                  : kind === "consultation"
                    ? "Book the consultation"
                    : "Book the session"}
              </button>
            </section>
          )}
        </div>
      </div>
    </section>
  );
}

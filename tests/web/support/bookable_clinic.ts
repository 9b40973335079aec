// A clinic where sessions can be booked through the API, for any area's
// browser tests: a practitioner (with a password, and an API key for the
// clinical preparation an admin may not do), a room, and patients whose
// screening facts are confirmed and who consented to the treatment type's
// current consent text. Booking then passes every rule but the calendar's.
//
//   const cast = await prepareBookableClinic(clinic, { label: "Move" });
//   await cast.book({ patient: cast.patients[0], start });   // a session
//   await signIn(cast.practitioner.login);

import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { randomUUID } from "node:crypto";
import {
  DayOfWeek,
  WeeklyHoursSchema,
  type Room,
} from "../../../clients/web/src/gen/clinic/v1/clinic_pb";
import { ConsentMethod, ConsentSigner } from "../../../clients/web/src/gen/clinic/v1/consent_pb";
import { FactGroup, PregnancyStatus, Sex } from "../../../clients/web/src/gen/clinic/v1/patients_pb";
import {
  SessionKind,
  type Course,
  type Session,
} from "../../../clients/web/src/gen/clinic/v1/scheduling_pb";
import { Role } from "../../../clients/web/src/gen/clinic/v1/staff_pb";
import type { TreatmentType } from "../../../clients/web/src/gen/clinic/v1/treatments_pb";
import { clinicApi, createStaffLogin, requestId, type ClinicApi, type StaffLogin } from "./clinic_api";

// What the fixtures' `clinic` offers that this needs.
export interface ClinicAccess {
  baseURL: string;
  admin: ClinicApi;
  anonymous: ClinicApi;
}

export interface PreparedPatient {
  name: string;
  givenName: string;
  familyName: string;
  // "Given Family", as the app shows it.
  displayName: string;
}

export interface BookableClinic {
  practitioner: {
    name: string;
    displayName: string;
    login: StaffLogin;
    // The practitioner's own API key: patient facts and consents are theirs.
    api: ClinicApi;
  };
  room: { name: string; displayName: string };
  treatmentType: string;
  patients: PreparedPatient[];
  // Books a session of the treatment type (or a consultation) for this
  // practitioner and room; through the practitioner's key unless `as` says.
  book(options: {
    patient: PreparedPatient;
    start: Date;
    consultation?: boolean;
    consultationMinutes?: number;
    as?: ClinicApi;
  }): Promise<Session>;
  // Books a course of the treatment type from `first`.
  bookCourse(options: {
    patient: PreparedPatient;
    first: Date;
    sessions?: number;
    intervalDays?: number;
  }): Promise<Course>;
}

export interface BookableOptions {
  // Goes into every name, so that a test finds its own rows.
  label?: string;
  // How many consented, screened patients (default 1).
  patients?: number;
  // Default treatmentTypes/cellulite.
  treatmentType?: string;
}

const kGivenNames = ["Camille", "Lou", "Inès", "Jade", "Léa", "Chloé", "Manon", "Zoé"];

export async function prepareBookableClinic(
  clinic: ClinicAccess,
  options: BookableOptions = {},
): Promise<BookableClinic> {
  const tag = randomUUID().slice(0, 6);
  const label = options.label ?? "Test";
  const treatmentType = options.treatmentType ?? "treatmentTypes/cellulite";

  const login = await createStaffLogin(
    clinic.admin,
    clinic.anonymous,
    Role.PRACTITIONER,
    `Dr ${label} ${tag}`,
  );
  const key = await clinic.admin.staff.issueApiKey({
    parent: login.member.name,
    description: "browser test preparation",
    requestId: requestId(),
  });
  const api = clinicApi(clinic.baseURL, key.secret);

  const room: Room = (
    await clinic.admin.clinic.createRoom({
      room: { displayName: `Room ${label} ${tag}` },
      requestId: requestId(),
    })
  ).room!;

  const types = await api.treatments.listTreatmentTypes({});
  const type = types.treatmentTypes.find((t) => t.name === treatmentType);
  if (!type) throw new Error(`${treatmentType} is not loaded by this clinicd`);

  const patients: PreparedPatient[] = [];
  for (let i = 0; i < (options.patients ?? 1); ++i) {
    const givenName = kGivenNames[i % kGivenNames.length];
    const familyName = `${label} ${tag}${i ? ` ${i + 1}` : ""}`;
    const name = await createConsentedPatient(api, {
      givenName,
      familyName,
      treatmentType: type,
      practitioner: login.member.name,
      signTime: new Date(Date.now() - 10 * 60 * 1000),
    });
    patients.push({ name, givenName, familyName, displayName: `${givenName} ${familyName}` });
  }

  return {
    practitioner: { name: login.member.name, displayName: login.member.displayName, login, api },
    room: { name: room.name, displayName: room.displayName },
    treatmentType,
    patients,
    book: async ({ patient, start, consultation, consultationMinutes, as }) => {
      const answer = await (as ?? api).scheduling.bookSession({
        patient: patient.name,
        practitioner: login.member.name,
        room: room.name,
        startTime: timestampFromDate(start),
        kind: consultation ? SessionKind.CONSULTATION : SessionKind.TREATMENT,
        treatmentType: consultation ? "" : treatmentType,
        consultationMinutes: consultation ? (consultationMinutes ?? 0) : 0,
        requestId: requestId(),
      });
      return answer.session!;
    },
    bookCourse: async ({ patient, first, sessions, intervalDays }) => {
      const answer = await api.scheduling.bookCourse({
        patient: patient.name,
        treatmentType,
        practitioner: login.member.name,
        room: room.name,
        firstSessionTime: timestampFromDate(first),
        sessionCount: sessions ?? 0,
        preferredIntervalDays: intervalDays ?? 0,
        requestId: requestId(),
      });
      return answer.course!;
    },
  };
}

// Opens the clinic every day around the clock, so that a test can book
// "in an hour" or "today" whatever the day and time it runs. The worker's
// clinic is shared by the tests of every area: call the returned function
// when the test ends to put the hours back.
// A patient whose screening facts were all asked today (none included) and
// who consented to `treatmentType`'s current text before `practitioner`:
// booking then passes every rule but the calendar's. Made with a
// practitioner's key (facts and consents are theirs). Returns its name.
export async function createConsentedPatient(
  api: ClinicApi,
  options: {
    givenName: string;
    familyName: string;
    treatmentType: TreatmentType;
    practitioner: string;
    signTime?: Date;
  },
): Promise<string> {
  const created = await api.patients.createPatient({
    patient: {
      givenName: options.givenName,
      familyName: options.familyName,
      dateOfBirth: { year: 1988, month: 5, day: 14 },
      sex: Sex.FEMALE,
      contact: { phone: "+33 6 12 34 56 78" },
      clinicalFacts: {
        pregnancyStatus: PregnancyStatus.NOT_PREGNANT,
        heightCm: 168,
        weightKg: 61,
      },
    },
    // Asked about every group: "no medications", "no allergies" included.
    confirmFacts: [
      FactGroup.PREGNANCY_STATUS,
      FactGroup.MEDICATIONS,
      FactGroup.ALLERGIES,
      FactGroup.CONDITIONS,
      FactGroup.BODY_MEASUREMENTS,
    ],
    requestId: requestId(),
  });
  const name = created.patient!.name;
  await api.consents.recordConsent({
    consent: {
      patient: name,
      treatmentType: options.treatmentType.name,
      documentVersion: options.treatmentType.consentVersion,
      disclosureSha256: options.treatmentType.consentTextSha256,
      signTime: timestampFromDate(options.signTime ?? new Date()),
      signer: ConsentSigner.PATIENT,
      practitioner: options.practitioner,
      method: ConsentMethod.ELECTRONIC,
    },
    requestId: requestId(),
  });
  return name;
}

export async function openAroundTheClock(admin: ClinicApi): Promise<() => Promise<void>> {
  const current = (await admin.clinic.getClinicSettings({})).settings!;
  const before = current.openingHours;
  const days = [
    DayOfWeek.MONDAY,
    DayOfWeek.TUESDAY,
    DayOfWeek.WEDNESDAY,
    DayOfWeek.THURSDAY,
    DayOfWeek.FRIDAY,
    DayOfWeek.SATURDAY,
    DayOfWeek.SUNDAY,
  ];
  // `current` is a whole message, not an init object: its parts are
  // replaced by messages too.
  current.openingHours = create(WeeklyHoursSchema, {
    ranges: days.map((day) => ({
      day,
      start: { hours: 0, minutes: 0 },
      end: { hours: 24, minutes: 0 },
    })),
  });
  const changed = (
    await admin.clinic.updateClinicSettings({ settings: current, requestId: requestId() })
  ).settings!;
  return async () => {
    changed.openingHours = before;
    await admin.clinic.updateClinicSettings({ settings: changed, requestId: requestId() });
  };
}

// The next start on the clinic's slot grid at least `leadMinutes` from now
// (slots are counted from local midnight; a grid of whole minutes that
// divides the hour, as the clinic's always does, lines up with UTC too
// for zones offset by whole quarter hours).
export function nextGridStart(leadMinutes = 15, gridMinutes = 15, from = new Date()): Date {
  const step = gridMinutes * 60 * 1000;
  const earliest = from.getTime() + leadMinutes * 60 * 1000;
  return new Date(Math.ceil(earliest / step) * step);
}

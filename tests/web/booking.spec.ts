// Finding a slot and booking it (/book): a consultation for a new patient,
// a whole course with its planned dates and windows, a refusal for a
// patient without consent, and a slot taken meanwhile. Each test prepares
// its own practitioner, room and patients through the API; facts and
// consent are a practitioner's work, so they go through a practitioner's
// API key.

import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { randomUUID } from "node:crypto";
import { FactGroup, PregnancyStatus, Sex, type Patient } from "../../clients/web/src/gen/clinic/v1/patients_pb";
import { ConsentMethod, ConsentSigner } from "../../clients/web/src/gen/clinic/v1/consent_pb";
import { SessionKind } from "../../clients/web/src/gen/clinic/v1/scheduling_pb";
import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { clinicApi, requestId, type ClinicApi, type StaffLogin } from "./support/clinic_api";
import { expect, test, type Clinic } from "./support/fixtures";
import type { Page } from "@playwright/test";

// Four clinicd-backed steps and axe on pages of free times: a loaded
// machine needs more than the default minute.
test.describe.configure({ timeout: 180_000 });

interface BookableClinic {
  tag: string;
  practitioner: StaffLogin;
  // With the practitioner's API key: patients, facts, consents, bookings.
  asPractitioner: ClinicApi;
  roomName: string;
  room: string;
}

// A practitioner of this test's own (a login and an API key) and a room.
async function bookableClinic(clinic: Clinic): Promise<BookableClinic> {
  const tag = randomUUID().slice(0, 6);
  const practitioner = await clinic.staffLogin(Role.PRACTITIONER, `Pia ${tag}`);
  const key = await clinic.admin.staff.issueApiKey({
    parent: practitioner.member.name,
    requestId: requestId(),
  });
  const roomName = `Room ${tag}`;
  const room = await clinic.admin.clinic.createRoom({
    room: { displayName: roomName },
    requestId: requestId(),
  });
  return {
    tag,
    practitioner,
    asPractitioner: clinicApi(clinic.baseURL, key.secret),
    roomName,
    room: room.room!.name,
  };
}

const kEveryFactGroup = [
  FactGroup.PREGNANCY_STATUS,
  FactGroup.MEDICATIONS,
  FactGroup.ALLERGIES,
  FactGroup.CONDITIONS,
  FactGroup.BODY_MEASUREMENTS,
];

// A patient; `screened`: every fact a protocol asks confirmed today (none
// taken, nothing known, 168 cm, 62 kg).
async function newPatient(
  at: BookableClinic,
  givenName: string,
  options: { screened?: boolean; consentTo?: string } = {},
) {
  const created = await at.asPractitioner.patients.createPatient({
    patient: {
      givenName,
      familyName: `Lima${at.tag}`,
      dateOfBirth: { year: 1985, month: 3, day: 14 },
      sex: Sex.FEMALE,
      ...(options.screened && {
        clinicalFacts: {
          pregnancyStatus: PregnancyStatus.NOT_PREGNANT,
          heightCm: 168,
          weightKg: 62,
        },
      }),
    },
    confirmFacts: options.screened ? kEveryFactGroup : [],
    requestId: requestId(),
  });
  const patient = created.patient!;
  if (options.consentTo) {
    const types = await at.asPractitioner.treatments.listTreatmentTypes({});
    const type = types.treatmentTypes.find((t) => t.name === options.consentTo)!;
    await at.asPractitioner.consents.recordConsent({
      consent: {
        patient: patient.name,
        treatmentType: type.name,
        documentVersion: type.consentVersion,
        disclosureSha256: type.consentTextSha256,
        signTime: timestampFromDate(new Date()),
        signer: ConsentSigner.PATIENT,
        practitioner: at.practitioner.member.name,
        method: ConsentMethod.PAPER,
      },
      requestId: requestId(),
    });
  }
  return patient;
}

function bareId(name: string): string {
  return name.slice(name.indexOf("/") + 1);
}

// Only this test's practitioner and room, so that its free times are its
// own; and four days (two working days at least), to keep the page light.
async function lookAtOwnSlots(page: Page, at: BookableClinic) {
  await page
    .getByLabel("Practitioner", { exact: true })
    .selectOption({ label: at.practitioner.member.displayName });
  await page.getByLabel("Room", { exact: true }).selectOption({ label: at.roomName });
  const from = new Date(`${await page.getByLabel("From", { exact: true }).inputValue()}T12:00:00Z`);
  from.setUTCDate(from.getUTCDate() + 3);
  await page.getByLabel("To", { exact: true }).fill(from.toISOString().slice(0, 10));
}

// A front-desk member of this test signs in and opens /book for `patient`
// with the rest of `query`, looking at this test's own free times.
async function deskOpensBooking(
  page: Page,
  clinic: Clinic,
  signIn: (login: StaffLogin) => Promise<void>,
  at: BookableClinic,
  patient: Patient,
  query: string,
) {
  const desk = await clinic.staffLogin(Role.FRONT_DESK, `Dana ${at.tag}`);
  await signIn(desk);
  await page.goto(`/book?patient=${bareId(patient.name)}&${query}`);
  await expect(page.getByLabel("Patient", { exact: true })).toHaveValue(
    `${patient.givenName} ${patient.familyName}, born Thu, 14 Mar 1985`,
  );
  await lookAtOwnSlots(page, at);
}

// Chooses the first free time offered and returns its start (ISO).
async function chooseFirstSlot(page: Page): Promise<string> {
  const first = page.locator(".slot-chips label").first();
  await expect(first).toBeVisible();
  await first.getByRole("radio").check();
  return (await first.getAttribute("data-start"))!;
}

test("a consultation is booked for a new patient found by name", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const at = await bookableClinic(clinic);
  const patient = await newPatient(at, "Ana");
  const desk = await clinic.staffLogin(Role.FRONT_DESK, `Dana ${at.tag}`);
  await signIn(desk);
  await page.getByRole("link", { name: "Book" }).click();
  await expect(page.getByRole("heading", { name: "Book" })).toBeVisible();
  await snap("book-empty");

  await page.getByLabel("Patient", { exact: true }).fill(`lima${at.tag}`);
  await page.getByRole("button", { name: /^Ana Lima/ }).click();
  await expect(page.getByLabel("Patient", { exact: true })).toHaveValue(/^Ana Lima/);
  await page.getByLabel("Consultation (first visit)").check();
  await lookAtOwnSlots(page, at);
  const start = await chooseFirstSlot(page);
  // The arrow keys move along the free times, as in any radio group.
  await page.keyboard.press("ArrowRight");
  await expect(page.locator(".slot-chips label").nth(1).getByRole("radio")).toBeChecked();
  await page.keyboard.press("ArrowLeft");
  await expect(page.locator(".slot-chips label").first().getByRole("radio")).toBeChecked();
  await expect(page.getByText(/A 30-minute consultation on/)).toBeVisible();
  await expectAccessible();
  await snap("consultation-chosen");

  await page.getByRole("button", { name: "Book the consultation" }).click();
  await expect(page.getByRole("heading", { name: "Consultation booked" })).toBeVisible();
  const sessions = await at.asPractitioner.scheduling.listSessions({ patient: patient.name });
  expect(sessions.sessions).toHaveLength(1);
  const booked = sessions.sessions[0];
  expect(booked.kind).toBe(SessionKind.CONSULTATION);
  expect(booked.startTime!.seconds).toBe(BigInt(Date.parse(start) / 1000));
  expect(Number(booked.endTime!.seconds - booked.startTime!.seconds)).toBe(30 * 60);
  await expect(page.getByRole("link", { name: /^Session of/ })).toHaveAttribute(
    "href",
    `/sessions/${bareId(booked.name)}`,
  );
  await expect(page.getByRole("link", { name: /^Day in the calendar/ })).toHaveAttribute(
    "href",
    /^\/calendar\?day=\d{4}-\d{2}-\d{2}$/,
  );
  await expectAccessible();
  await snap("consultation-booked");
});

test("a course shows its planned dates and windows, then its booked sessions", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const at = await bookableClinic(clinic);
  const patient = await newPatient(at, "Chloe", {
    screened: true,
    consentTo: "treatmentTypes/cellulite",
  });
  await deskOpensBooking(page, clinic, signIn, at, patient, "type=cellulite&kind=course");
  await expect(page.getByLabel("Course (all its sessions)")).toBeChecked();
  await chooseFirstSlot(page);

  const plan = page.getByRole("table").filter({ hasText: "Allowed window" });
  await expect(plan.getByRole("row")).toHaveCount(7); // a header and the protocol's 6
  await expect(plan.getByRole("row").nth(1)).toContainText("First session");
  await expect(plan.getByRole("row").nth(2)).toContainText("7 to 10 days after the previous");
  await expect(plan.getByRole("row").nth(6)).toContainText("12 to 31 days after the previous");
  await expect(page.getByRole("heading", { name: "The protocol's phases" })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: /^Initial: 4 sessions, 7 to 10 days apart/ })).toBeVisible();
  await expectAccessible();
  await snap("course-planned");

  await page.getByRole("button", { name: "Book the course" }).click();
  await expect(page.getByRole("heading", { name: "Course booked" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(
    /^6 sessions of Cellulite reduction.* booked for Chloe Lima/,
  );
  const booked = page.getByRole("table");
  await expect(booked.getByRole("row")).toHaveCount(7);
  await expect(booked.getByRole("row").nth(5)).toContainText("Consolidation");
  const sessions = await at.asPractitioner.scheduling.listSessions({ patient: patient.name });
  expect(sessions.sessions).toHaveLength(6);
  expect(new Set(sessions.sessions.map((session) => session.course)).size).toBe(1);
  await expectAccessible();
  await snap("course-booked");
});

test("a patient without consent is refused beside the patient, with the way to the chart", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const at = await bookableClinic(clinic);
  const patient = await newPatient(at, "Bea", { screened: true });
  await deskOpensBooking(page, clinic, signIn, at, patient, "type=cellulite&kind=session");
  await chooseFirstSlot(page);
  await page.getByRole("button", { name: "Book the session" }).click();

  const problem = page.locator(".patient-picker .field-problem");
  await expect(problem).toContainText("The patient has no current consent for this treatment");
  // The particulars name the patient and the treatment, not their ids.
  await expect(problem).toContainText("Bea Lima");
  await expect(problem).not.toContainText(patient.name);
  await expect(page.getByLabel("Patient", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(
    page.getByRole("link", { name: "Open the patient's chart to record consent" }),
  ).toHaveAttribute("href", `/patients/${bareId(patient.name)}`);
  await expect(page.getByText("Not booked: the patient has no current consent")).toBeVisible();
  const sessions = await at.asPractitioner.scheduling.listSessions({ patient: patient.name });
  expect(sessions.sessions).toHaveLength(0);
  await expectAccessible();
  await snap("consent-missing");
});

test("a slot taken meanwhile is refused and the free times are looked up again", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const at = await bookableClinic(clinic);
  const patient = await newPatient(at, "Eva");
  const other = await newPatient(at, "Flora");
  await deskOpensBooking(page, clinic, signIn, at, patient, "kind=consultation");
  const start = await chooseFirstSlot(page);
  await snap("slot-chosen");

  // Someone else books the same practitioner at that time first.
  await at.asPractitioner.scheduling.bookSession({
    patient: other.name,
    practitioner: at.practitioner.member.name,
    room: at.room,
    startTime: timestampFromDate(new Date(start)),
    kind: SessionKind.CONSULTATION,
    requestId: requestId(),
  });
  await page.getByRole("button", { name: "Book the consultation" }).click();

  const refusal = page.locator(".slot-list .refusal");
  await expect(refusal).toContainText("That time is already taken");
  await expect(refusal).toContainText("The free times below were looked up again");
  await expect(page.locator(`.slot-chips label[data-start="${start}"]`)).toHaveCount(0);
  await expect(page.locator(".slot-chips label").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Book the consultation" })).toBeHidden();
  const sessions = await at.asPractitioner.scheduling.listSessions({ patient: patient.name });
  expect(sessions.sessions).toHaveLength(0);
  await expectAccessible();
  await snap("slot-taken");
});

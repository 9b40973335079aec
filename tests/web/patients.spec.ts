// The patients screens: search as you type, registering (front desk and
// practitioner), refusals beside their fields, medical facts with their
// confirmation dates, consents with their exact text, eligibility, course
// planning and archiving. Each test prepares its patient through the API
// (a practitioner's API key: the admin may not read patients).

import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { ClinicalFactsSchema, FactGroup, PregnancyStatus, Sex } from "../../clients/web/src/gen/clinic/v1/patients_pb";
import { SessionKind } from "../../clients/web/src/gen/clinic/v1/scheduling_pb";
import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { clinicApi, requestId, type ClinicApi, type StaffLogin } from "./support/clinic_api";
import { expect, test, type Clinic } from "./support/fixtures";

// Letters only: ListPatients matches ASCII letters case-insensitively.
function tag(): string {
  return randomUUID()
    .replace(/[^a-f]/g, "")
    .slice(0, 6)
    .padEnd(6, "x");
}

// Each test walks a whole scenario, screen after screen, on a shared machine.
test.describe.configure({ timeout: 180_000 });

// 10:00 UTC on the next weekday: inside the default opening hours
// (Monday to Friday, 09:00-18:00 Paris) and on the 15-minute grid.
function nextWeekdayAt10Utc(): Date {
  const day = new Date();
  do {
    day.setUTCDate(day.getUTCDate() + 1);
  } while (day.getUTCDay() === 0 || day.getUTCDay() === 6);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 10, 0));
}

function clinicToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
}

async function apiOf(clinic: Clinic, login: StaffLogin): Promise<ClinicApi> {
  const key = await clinic.admin.staff.issueApiKey({ parent: login.member.name, requestId: requestId() });
  return clinicApi(clinic.baseURL, key.secret);
}

async function registerThroughApi(
  api: ClinicApi,
  familyName: string,
  facts: MessageInitShape<typeof ClinicalFactsSchema>,
  confirmFacts: FactGroup[] = [],
) {
  const answer = await api.patients.createPatient({
    patient: {
      givenName: "Camille",
      familyName,
      dateOfBirth: { year: 1988, month: 6, day: 14 },
      sex: Sex.FEMALE,
      clinicalFacts: facts,
    },
    confirmFacts,
    requestId: requestId(),
  });
  return answer.patient!;
}

// A practitioner who signs in, their API, and a patient they registered.
async function practitionerWithPatient(
  clinic: Clinic,
  displayName: string,
  familyStem: string,
  facts: MessageInitShape<typeof ClinicalFactsSchema>,
  confirmFacts: FactGroup[] = [],
) {
  const practitioner = await clinic.staffLogin(Role.PRACTITIONER, displayName);
  const api = await apiOf(clinic, practitioner);
  const family = `${familyStem}${tag()}`;
  const patient = await registerThroughApi(api, family, facts, confirmFacts);
  return { practitioner, api, family, patient };
}

function chartPath(name: string): string {
  return `/patients/${name.split("/")[1]}`;
}

async function fillDetails(page: Page, family: string, birth: string) {
  await page.getByLabel("Given name").fill("Amélie");
  await page.getByLabel("Family name").fill(family);
  await page.getByLabel("Date of birth").fill(birth);
  await page.getByLabel("Sex").selectOption({ label: "Female" });
  await page.getByLabel("Phone", { exact: true }).fill("+33 6 12 34 56 78");
}

test("the front desk registers a patient, is told what to correct beside the field, and finds them as they type", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Dana Desk");
  const family = `Durand${tag()}`;
  await signIn(desk);
  await page.getByRole("link", { name: "Patients" }).click();
  await expect(page.getByRole("heading", { name: "Patients" })).toBeVisible();
  await expectAccessible();
  await snap("search");

  await page.getByRole("button", { name: "Register a patient" }).click();
  await fillDetails(page, family, "1985-04-12");
  await page.getByLabel("E-mail").fill("amelie.durand@");
  // The front desk records no medical facts.
  await expect(page.getByRole("heading", { name: "Medical facts" })).toHaveCount(0);
  await expect(page.getByText("recorded by a practitioner")).toBeVisible();
  await page.getByRole("button", { name: "Register the patient" }).click();
  const email = page.getByLabel("E-mail");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field", { has: email }).locator(".field-problem")).toBeVisible();
  await expectAccessible();
  await snap("register-refused-email");

  await email.fill("amelie.durand@example.fr");
  await page.getByRole("button", { name: "Register the patient" }).click();
  await expect(page.getByRole("heading", { name: `Amélie ${family}` })).toBeVisible();
  // No clinical sections for the front desk; consents and booking are there.
  await expect(page.getByRole("heading", { name: "Medical facts" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Eligibility" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Book a consultation" })).toHaveAttribute(
    "href",
    /\/book\?patient=[a-z0-9]+&kind=consultation/,
  );
  await expectAccessible();
  await snap("chart-front-desk");

  await page.getByRole("link", { name: "Patients" }).click();
  await page.getByLabel("Name starts with").pressSequentially(family.slice(0, 8), { delay: 40 });
  const row = page.getByRole("row", { name: new RegExp(family) });
  await expect(row).toBeVisible();
  await expect(row).toContainText("12 Apr 1985");
  await expect(page.getByRole("row")).toHaveCount(2);
  await expectAccessible();
  await snap("search-found");
  // By date of birth as well.
  await page.getByLabel("Name starts with").fill("");
  await page.getByLabel("Date of birth").fill("1985-04-12");
  await expect(row).toBeVisible();
});

test("a practitioner registers a patient with medical facts; a date of birth in the future is refused beside it", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const practitioner = await clinic.staffLogin(Role.PRACTITIONER, "Pia Practitioner");
  const family = `Martin${tag()}`;
  await signIn(practitioner);
  await page.goto("/patients/new");
  const nextYear = Number(clinicToday().slice(0, 4)) + 1;
  await fillDetails(page, family, `${nextYear}-01-15`);
  await page.getByLabel("Pregnancy or breastfeeding").selectOption({ label: "Not pregnant, not breastfeeding" });
  await page.getByRole("button", { name: "Add a medication" }).click();
  const medication = page.getByRole("group", { name: "Medication 1" });
  await medication.getByLabel("Medication").fill("ibuprofen");
  await medication.getByLabel("Dose").fill("400 mg as needed");
  await medication.getByLabel("Still taking it").uncheck();
  await medication.getByLabel("NSAID").check();
  await medication.getByLabel("Last taken").fill("2026-01-05");
  await page.getByLabel("Height (cm)").fill("168");
  await page.getByLabel("Weight (kg)").fill("61");
  // Asked, and none: the groups are confirmed empty.
  await page.getByLabel(/Asked the patient today: allergies/).check();
  await page.getByLabel(/Asked the patient today: conditions/).check();
  await expectAccessible();
  await snap("register-with-facts");

  await page.getByRole("button", { name: "Register the patient" }).click();
  const birth = page.getByLabel("Date of birth");
  await expect(birth).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field", { has: birth }).locator(".field-problem")).toContainText("future");
  await snap("register-refused-birth");

  await birth.fill("1990-03-08");
  await page.getByRole("button", { name: "Register the patient" }).click();
  await expect(page.getByRole("heading", { name: `Amélie ${family}` })).toBeVisible();
  const facts = page.getByRole("table").filter({ has: page.getByRole("rowheader", { name: "Medications" }) });
  await expect(facts.getByRole("row", { name: /Medications/ })).toContainText("ibuprofen");
  await expect(facts.getByRole("row", { name: /Allergies/ })).toContainText("Up to date (confirmed today)");
  await expect(facts.getByRole("row", { name: /Height and weight/ })).toContainText("body-mass index 21.6");
  await expect(facts.getByRole("row", { name: /Allergies/ })).toContainText("by Pia Practitioner");
  await expectAccessible();
  await snap("chart-facts");
});

test("a practitioner confirms facts asked today and sees when they were confirmed; a stale edit is refused with a reload", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const { practitioner, api, patient } = await practitionerWithPatient(clinic, "Paul Practitioner", "Bernard", {
    pregnancyStatus: PregnancyStatus.NOT_PREGNANT,
  });
  await signIn(practitioner);
  await page.goto(`${chartPath(patient.name)}/edit`);
  const medications = page.getByRole("group", { name: "Medications" });
  await expect(medications).toContainText("Needs asking: Never confirmed");
  await expectAccessible();
  await snap("edit-never-confirmed");

  await medications.getByLabel(/Asked the patient today/).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/^Saved at/)).toBeVisible();
  await expect(medications).toContainText("Up to date (confirmed today)");
  await expect(medications).toContainText("by Paul Practitioner");
  await snap("edit-confirmed");

  // Someone else changes the record meanwhile: the save is refused.
  await api.patients.updatePatient({
    patient: { name: patient.name, contact: { phone: "+33 1 23 45 67 89" } },
    requestId: requestId(),
  });
  await page.getByLabel("City").fill("Lyon");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Someone else changed this record" })).toBeVisible();
  await snap("edit-stale");
  await page.getByRole("button", { name: /Reload the record/ }).click();
  await expect(page.getByLabel("Phone", { exact: true })).toHaveValue("+33 1 23 45 67 89");
  await page.getByLabel("City").fill("Lyon");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/^Saved at/)).toBeVisible();
});

test("a practitioner takes a consent on the exact text, views it, and the patient withdraws it", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const { practitioner, api, patient } = await practitionerWithPatient(clinic, "Cleo Consent", "Petit", {});
  const protocol = await clinic.admin.treatments.getTreatmentProtocol({ name: "treatmentTypes/cellulite" });
  const text = protocol.protocol!.consent!.fullText;
  // A consultation booked ahead, where the consent is taken: the chart's history shows it.
  const room = await clinic.admin.clinic.createRoom({ room: { displayName: `Room ${tag()}` }, requestId: requestId() });
  await api.scheduling.bookSession({
    patient: patient.name,
    practitioner: practitioner.member.name,
    room: room.room!.name,
    startTime: timestampFromDate(nextWeekdayAt10Utc()),
    kind: SessionKind.CONSULTATION,
    requestId: requestId(),
  });
  await signIn(practitioner);
  await page.goto(chartPath(patient.name));
  await expect(page.locator("table.session-history")).toContainText("Consultation");
  await expect(page.locator("table.session-history")).toContainText("Booked");
  await expect(page.getByText("No consent recorded.")).toBeVisible();
  await page.getByRole("button", { name: "Take a consent…" }).click();
  const form = page.getByRole("form", { name: "Record a consent" });
  await form.getByLabel("Treatment type").selectOption("treatmentTypes/cellulite");
  const shown = form.locator(".consent-text");
  await expect(shown).toBeVisible();
  expect(await shown.textContent()).toBe(text);
  await expect(form).toContainText(`(version ${protocol.treatmentType!.consentVersion})`);
  await expect(form.getByRole("button", { name: "Record the consent" })).toBeDisabled();
  await form.getByLabel(/read this text and agrees/).check();
  await expectAccessible();
  await snap("consent-text");
  await form.getByRole("button", { name: "Record the consent" }).click();

  const consent = page.locator("li.consent").first();
  await expect(consent).toContainText("Active");
  await expect(consent).toContainText("taken by Cleo Consent");
  await consent.getByText("The text this consent was given to").click();
  expect(await consent.locator(".consent-text").textContent()).toBe(text);
  const recorded = await api.consents.listConsents({ parent: patient.name });
  expect(recorded.consents[0].disclosureSha256).toBe(protocol.treatmentType!.consentTextSha256);
  await expectAccessible();
  await snap("consent-recorded");

  await consent.getByRole("button", { name: "Withdraw…" }).click();
  await consent.getByLabel("Why the patient withdraws").fill("patient phoned: no longer wishes to continue");
  await consent.getByRole("button", { name: "Withdraw the consent" }).click();
  await expect(consent).toContainText("Withdrawn");
  await expect(consent).toContainText("no longer wishes to continue");
  await expectAccessible();
  await snap("consent-withdrawn");
});

test("eligibility shows each reason, a course plan shows dates and windows, and the patient is archived", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const { practitioner, family, patient } = await practitionerWithPatient(
    clinic,
    "Elio Eligible",
    "Roux",
    { pregnancyStatus: PregnancyStatus.PREGNANT, heightCm: 165, weightKg: 60 },
    [FactGroup.MEDICATIONS, FactGroup.ALLERGIES, FactGroup.CONDITIONS],
  );
  await signIn(practitioner);
  await page.goto(chartPath(patient.name));

  const eligibility = page.getByRole("form", { name: "Check eligibility" });
  await eligibility.getByLabel("Treatment type").selectOption("treatmentTypes/cellulite");
  await eligibility.getByLabel("thighs").check();
  await eligibility.getByRole("button", { name: "Check eligibility" }).click();
  const result = page.locator(".eligibility-result");
  await expect(result).toContainText("Not eligible");
  await expect(result.getByRole("listitem").filter({ hasText: "pregnancy" }).first()).toContainText("Blocking");
  await expectAccessible();
  await snap("eligibility-refused");

  const planner = page.getByRole("form", { name: "Plan a course" });
  await planner.getByLabel("Treatment type").selectOption("treatmentTypes/cellulite");
  await planner.getByRole("button", { name: "Plan the course" }).click();
  const plan = page.locator("table.course-plan");
  await expect(plan.getByRole("row")).toHaveCount(1 + 6);
  await expect(plan.getByRole("row").nth(1)).toContainText("First session");
  await expect(plan.getByRole("row").nth(2)).toContainText("7 to 10 days after the previous");
  await expect(page.getByRole("button", { name: "Book this course…" })).toHaveAttribute(
    "href",
    /\/book\?patient=[a-z0-9]+&type=cellulite&kind=course/,
  );
  await expectAccessible();
  await snap("course-plan");

  await page.getByRole("button", { name: "Edit details and facts" }).click();
  await page.getByRole("button", { name: "Archive this patient…" }).click();
  await expectAccessible();
  await snap("archive-confirm");
  await page.getByRole("button", { name: `Yes, archive Camille ${family}` }).click();
  await expect(page.getByText("This record is archived and can no longer be changed.")).toBeVisible();
  await page.goto("/patients");
  await page.getByLabel("Name starts with").fill(family);
  await expect(page.getByText("No patient matches.")).toBeVisible();
  await page.getByLabel("Include archived patients").check();
  await expect(page.getByRole("row", { name: new RegExp(family) })).toContainText("Archived");
  await snap("search-archived");
});

test("the front desk edits contact details only, and the medical facts a practitioner recorded are kept", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const { api, patient } = await practitionerWithPatient(
    clinic,
    "Fern Facts",
    "Lefevre",
    { pregnancyStatus: PregnancyStatus.NOT_PREGNANT, heightCm: 170, weightKg: 65 },
  );
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Dora Desk");
  await signIn(desk);
  await page.goto(`${chartPath(patient.name)}/edit`);
  await expect(page.getByRole("heading", { name: "Medical facts" })).toHaveCount(0);
  await page.getByLabel("Phone", { exact: true }).fill("+33 4 78 00 00 00");
  await page.getByLabel("Emergency contact's name").fill("Marc Lefevre");
  await page.getByLabel("Emergency contact's phone").fill("+33 6 98 76 54 32");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText(/^Saved at/)).toBeVisible();
  await expectAccessible();
  await snap("edit-front-desk");
  const stored = (await api.patients.getPatient({ name: patient.name })).patient!;
  expect(stored.contact?.phone).toBe("+33 4 78 00 00 00");
  expect(stored.emergencyContact?.name).toBe("Marc Lefevre");
  expect(stored.clinicalFacts?.heightCm).toBe(170);
  expect(stored.clinicalFacts?.pregnancyStatus).toBe(PregnancyStatus.NOT_PREGNANT);
});

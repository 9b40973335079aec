// The treatment room's day: a checked-in session (prepared through the
// API) completed with a record the plugin refuses (a dose over its limit,
// shown beside that line's dose) and then accepts; a serious adverse event
// reported with the session's products and lots prefilled, which suspends
// the course; the hold seen and lifted on /safety; the report followed up,
// its expedited report marked sent, and its FHIR export downloaded.

import { readFileSync } from "node:fs";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { dayOf, isoDay } from "../../clients/web/src/api/clinic_time";
import { CourseState, SessionKind, SessionState } from "../../clients/web/src/gen/clinic/v1/scheduling_pb";
import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { requestId } from "./support/clinic_api";
import { expect, test } from "./support/fixtures";
import { bareId, onTreatmentDay } from "./treatment_setup";

// "2026-12-07T15:20" on the clinic's wall clock (Europe/Paris in the tests).
function clinicLocalInput(instant: Date): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Paris",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

test("a session is completed, a serious event reported, and its hold lifted", async ({
  browser,
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  await onTreatmentDay(clinic, "day", async (day) => {
    const sessionId = bareId(day.session.name);
    // A lot no other test of the worker's clinicd uses.
    const lot = `CF${Date.now() % 1_000_000}`;
    await signIn(day.practitioner);
    await page.goto(`/sessions/${sessionId}/complete`);
    await expect(page.getByRole("heading", { name: "Complete the session" })).toBeVisible();
    await expect(page.getByText(day.patientName)).toBeVisible();
    await expectAccessible();
    await snap("complete-form");

    // The checklist, then one line of caffeine over its 4 ml limit.
    for (const question of await page.locator("fieldset.question").all()) {
      await question.getByLabel("No").check();
    }
    const line = page.getByRole("group", { name: "Line 1" });
    await line.getByLabel("Product").selectOption("caffeine");
    await expect(line.getByText("At most 4 ml a session")).toBeVisible();
    await line.getByLabel("Lot number").fill(lot);
    await line.getByLabel(/Concentration/).fill("10");
    await line.getByLabel("Dose (ml)").fill("6");
    await line.getByLabel("Depth (mm)").fill("2");
    await line.getByLabel("Injection points").fill("20");
    await page.getByRole("button", { name: "Complete the session" }).click();
    const dose = line.getByLabel("Dose (ml)");
    await expect(dose).toHaveAttribute("aria-invalid", "true");
    await expect(line.getByRole("alert")).toContainText("6 ml in this session; at most 4 ml");
    await expect(page.locator(".refusal")).toContainText("The treatment record breaks the protocol");
    await expectAccessible();
    await snap("record-refused");

    await dose.fill("3");
    await page.getByRole("button", { name: "Add a measurement" }).click();
    await page.getByRole("group", { name: "Measurement 1" }).getByLabel(/Value/).fill("58.5");
    await page.getByLabel("Notes on the session").fill("Well tolerated.");
    await page.getByRole("button", { name: "Complete the session" }).click();
    await expect(page.getByText("Completed: the treatment record is stored.")).toBeVisible();
    await expect(page.getByRole("cell", { name: lot })).toBeVisible();
    await snap("record-accepted");
    const stored = (await day.asPractitioner.scheduling.getSession({ name: day.session.name })).session!;
    expect(stored.state).toBe(SessionState.COMPLETED);
    expect(stored.treatmentRecord!.products[0]).toMatchObject({ product: "caffeine", lotNumber: lot, volumeMl: 3 });

    // A serious infection after it: the lot comes from the record.
    await page.getByRole("link", { name: "Report an adverse event after this session" }).click();
    await expect(page.getByRole("heading", { name: "Report an adverse event" })).toBeVisible();
    await expect(page.getByLabel("Lot of Caffeine")).toHaveValue(lot);
    await page.getByLabel("What happened (term)").selectOption("bacterial_infection");
    await page.getByLabel("Grade (CTCAE)").selectOption("3");
    await expect(page.getByText(/^Grade 3: /)).toBeVisible();
    // The session starts within minutes of now: the onset is its start.
    const start = clinicLocalInput(timestampDate(day.session.startTime!));
    await page.getByLabel("Onset").fill(start);
    await page.getByLabel("The clinic learned of it").fill(start);
    await page.getByLabel("Requires or prolongs hospitalisation").check();
    await page.getByLabel("Causality (WHO-UMC)").selectOption({ label: "Probable / likely" });
    await page.getByLabel("Description").fill("Hot, red, swollen thigh; admitted for antibiotics.");
    await expectAccessible();
    await snap("report-form");
    await page.getByRole("button", { name: "Report the adverse event" }).click();
    await expect(page.getByText(/^Safety hold placed/)).toBeVisible();
    await expect(page.getByText(/Expedited report to the authority due by/)).toBeVisible();
    await expectAccessible();
    await snap("reported");

    // The course is suspended, and the front desk's calendar flags its
    // next session.
    const held = (await day.asPractitioner.scheduling.getCourse({ name: day.course.name })).course!;
    expect(held.state).toBe(CourseState.SUSPENDED);
    const flagged = held.sessions.find((s) => s.flagged)!;
    expect(flagged).toBeDefined();
    const desk = await clinic.staffLogin(Role.FRONT_DESK, "Flo Flagged");
    const deskContext = await browser.newContext();
    const deskPage = await deskContext.newPage();
    await signIn(desk, deskPage);
    const flaggedDay = isoDay(dayOf(timestampDate(flagged.startTime!), "Europe/Paris"));
    await deskPage.goto(`/calendar?day=${flaggedDay}`);
    const flaggedBlock = deskPage.locator(`a[href="/${flagged.name}"]`);
    await expect(flaggedBlock).toContainText("Flagged");
    await snap("desk-calendar-flagged", deskPage);

    await page.getByRole("link", { name: "Safety", exact: true }).first().click();
    const hold = page.locator("article.hold", { hasText: day.patientName });
    await expect(hold).toContainText("suspended");
    await expect(page.getByRole("heading", { name: "Reports due to the authority" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Reports due to the authority" }).getByRole("row")).toHaveCount(2);
    await expect(page.getByText(/^\d+ holds? awaiting review · \d+ reports? due to the authority/)).toBeVisible();
    // The recall question: who received this lot of caffeine.
    const trace = page.getByRole("form", { name: "Trace a lot" });
    await trace.getByLabel("Product").selectOption("caffeine");
    await trace.getByLabel("Lot number").fill(lot);
    await trace.getByRole("button", { name: "Trace" }).click();
    await expect(page.getByText(`1 patient received lot ${lot} of caffeine.`)).toBeVisible();
    await expect(page.getByRole("region", { name: "Lot trace" }).getByRole("cell", { name: "3 ml" })).toBeVisible();
    await page.getByRole("button", { name: "Summarise" }).click();
    await expect(page.getByText(/sessions? performed, \d+ adverse events?:/)).toBeVisible();
    await expectAccessible();
    await snap("safety-hold");
    await hold.getByLabel("Reason for the decision").fill("Infection treated and resolved; no sign of spread.");
    await hold.getByRole("button", { name: "Record the review" }).click();
    await expect(page.getByText("No hold is waiting for a review.")).toBeVisible();
    await snap("hold-lifted");
    const resumed = (await day.asPractitioner.scheduling.getCourse({ name: day.course.name })).course!;
    expect(resumed.state).toBe(CourseState.ACTIVE);
    expect(resumed.sessions.some((s) => s.flagged)).toBe(false);
    // The desk's calendar hears of the review live: no reload.
    await expect(flaggedBlock).not.toContainText("Flagged");
    await deskContext.close();

    // The report: sent to the authority, followed up, exported.
    await page.getByRole("region", { name: "Open adverse events" }).getByRole("link", { name: "Bacterial infection" }).click();
    await expect(page.getByRole("heading", { name: "Adverse event: Bacterial infection" })).toBeVisible();
    await page.getByLabel("Authority", { exact: true }).fill("ANSM");
    await page.getByLabel("The authority's reference").fill("FR-2026-0042");
    await page.getByRole("button", { name: "Mark the expedited report submitted" }).click();
    await expect(page.getByText(/Submitted .* to ANSM \(FR-2026-0042\)/)).toBeVisible();
    await page.getByLabel("Outcome now").selectOption({ label: "Recovering" });
    await page.getByLabel("Follow-up notes").fill("Afebrile, redness receding.");
    await page.getByRole("button", { name: "Add the follow-up" }).click();
    await expect(page.getByRole("listitem").filter({ hasText: "Afebrile, redness receding." })).toBeVisible();
    await expectAccessible();
    await snap("event");

    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download FHIR export (.json)" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^adverse-event-.+\.fhir\.json$/);
    const fhir = JSON.parse(readFileSync(await download.path(), "utf8"));
    expect(fhir.resourceType).toBe("AdverseEvent");
  });
});

test("a consultation is completed with notes, and an admin's Safety screen says whose work it is", async ({
  browser,
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  test.setTimeout(120_000);
  await onTreatmentDay(clinic, "consult", async (day) => {
    // A consultation of the same patient right after the session, checked in.
    const consultation = (
      await day.asPractitioner.scheduling.bookSession({
        patient: day.patient,
        practitioner: day.practitioner.member.name,
        room: day.session.room,
        startTime: day.session.endTime,
        kind: SessionKind.CONSULTATION,
        consultationMinutes: 30,
        requestId: requestId(),
      })
    ).session!;
    await day.asPractitioner.scheduling.checkIn({ session: consultation.name, requestId: requestId() });
    await signIn(day.practitioner);
    await page.goto(`/sessions/${bareId(consultation.name)}/complete`);
    await expect(page.getByRole("heading", { name: "Complete the consultation" })).toBeVisible();
    await page.getByLabel("Consultation notes").fill("Screened; cellulite grade 2; consent signed.");
    await expectAccessible();
    await page.getByRole("button", { name: "Complete the consultation" }).click();
    await expect(page.getByText("Completed: the consultation notes are stored.")).toBeVisible();
    await snap("consultation-completed");

    // An admin at another desk.
    const admin = await clinic.staffLogin(Role.ADMIN, "Ada Safety");
    const desk = await browser.newContext({ baseURL: clinic.baseURL, timezoneId: "Europe/Paris" });
    const adminPage = await desk.newPage();
    await signIn(admin, adminPage);
    await adminPage.getByRole("link", { name: "Safety" }).click();
    await expect(adminPage.getByText(/the server shows them to practitioners only/)).toBeVisible();
    await expectAccessible(adminPage);
    await desk.close();
  });
});

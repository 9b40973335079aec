// The front desk's calendar, arrivals and a session's page: sessions
// booked through the API in their column and at their time with their
// state in words, live updates in a second browser, check-in and no-show,
// moving a course session (and the sessions that move with it),
// cancelling with a reason, and a day of 200 sessions.

import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Browser, Page } from "@playwright/test";
import {
  addDays,
  dayOf,
  formatDay,
  instantAt,
  isoDay,
  today,
  type CivilDate,
} from "../../clients/web/src/api/clinic_time";
import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { requestId } from "./support/clinic_api";
import {
  nextGridStart,
  openAroundTheClock,
  prepareBookableClinic,
  type BookableClinic,
} from "./support/bookable_clinic";
import { expect, test, type Clinic } from "./support/fixtures";

const kZone = "Europe/Paris";

// Each test prepares staff with passwords (Argon2id) and drives two
// screens on a machine shared by several builds: give it room.
test.describe.configure({ timeout: 180_000 });

// Every test books at any hour of any day: the clinic opens around the
// clock while it runs, and gets its hours back after.
let restoreHours: (() => Promise<void>) | undefined;
test.beforeEach(async ({ clinic }) => {
  restoreHours = await openAroundTheClock(clinic.admin);
});
test.afterEach(async () => {
  await restoreHours?.();
});

// `day` at hh:mm in the clinic's zone.
function at(day: CivilDate, hours: number, minutes = 0): Date {
  return instantAt(day, hours * 60 + minutes, kZone);
}

function calendarUrl(day: CivilDate, view = "day", by = "practitioner"): string {
  return `/calendar?day=${isoDay(day)}&view=${view}&by=${by}`;
}

// The block of `patient` in the column of `column` (a practitioner's or a
// room's name as shown).
function block(page: Page, column: string, patient: string) {
  return page.getByRole("group", { name: column, exact: true }).getByRole("link", { name: new RegExp(patient) });
}

async function liveOn(page: Page) {
  await expect(page.getByRole("status").filter({ hasText: /^\s*Live$/ })).toBeVisible();
}

test("booked sessions appear in their column, at their time, with their state in words", async ({ page, clinic, signIn, snap, expectAccessible }) => {
  const first = await prepareBookableClinic(clinic, { label: "Grid", patients: 3 });
  const second = await prepareBookableClinic(clinic, { label: "Grid", patients: 1 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Gail Grid");
  const day = addDays(today(kZone), 1);
  await first.book({ patient: first.patients[0], start: at(day, 9, 30) });
  const consultation = await first.book({
    patient: first.patients[1],
    start: at(day, 11, 0),
    consultation: true,
    consultationMinutes: 45,
  });
  const cancelled = await first.book({ patient: first.patients[2], start: at(day, 14, 15) });
  await first.practitioner.api.scheduling.cancelSession({
    session: cancelled.name,
    reason: "Patient phoned: flu",
    requestId: requestId(),
  });
  await second.book({ patient: second.patients[0], start: at(day, 9, 30) });
  await clinic.admin.clinic.createClosure({
    closure: {
      resource: first.practitioner.name,
      startTime: timestampFromDate(at(day, 16)),
      endTime: timestampFromDate(at(day, 18)),
      reason: "Leave",
    },
    requestId: requestId(),
  });

  await signIn(desk);
  await page.getByRole("link", { name: "Calendar" }).click();
  await expect(page.getByRole("heading", { name: /^Calendar, / })).toBeVisible();
  await page.goto(calendarUrl(day));
  await expect(page.getByRole("heading", { name: `Calendar, ${formatDay(day)}` })).toBeVisible();
  await liveOn(page);

  const treatment = block(page, first.practitioner.displayName, first.patients[0].displayName);
  await expect(treatment).toContainText("09:30");
  await expect(treatment).toContainText("Booked");
  await expect(treatment).toContainText("Cellulite");
  const visit = block(page, first.practitioner.displayName, first.patients[1].displayName);
  await expect(visit).toContainText("11:00");
  await expect(visit).toContainText("Consultation");
  await expect(visit).toHaveAttribute("href", `/${consultation.name}`);
  await expect(block(page, first.practitioner.displayName, first.patients[2].displayName)).toContainText(
    "Cancelled",
  );
  // The other practitioner's patient is in the other column, not this one.
  await expect(block(page, second.practitioner.displayName, second.patients[0].displayName)).toContainText(
    "09:30",
  );
  await expect(block(page, first.practitioner.displayName, second.patients[0].displayName)).toHaveCount(0);
  // The practitioner's leave is shaded and says so, in their column only.
  await expect(
    page.getByRole("group", { name: first.practitioner.displayName, exact: true }).getByText("Closed: Leave"),
  ).toBeVisible();
  await expect(
    page.getByRole("group", { name: second.practitioner.displayName, exact: true }).getByText("Closed: Leave"),
  ).toHaveCount(0);

  // The row: 09:30 lies between the 09:00 and 10:00 marks of the axis,
  // 11:00 level with its mark, and the 45-minute visit is three times as
  // tall as the 15-minute treatment.
  const axis = page.locator(".time-axis");
  const nine = (await axis.getByText("09:00", { exact: true }).boundingBox())!;
  const ten = (await axis.getByText("10:00", { exact: true }).boundingBox())!;
  const eleven = (await axis.getByText("11:00", { exact: true }).boundingBox())!;
  const treatmentBox = (await treatment.boundingBox())!;
  const visitBox = (await visit.boundingBox())!;
  expect(treatmentBox.y).toBeGreaterThan(nine.y);
  expect(treatmentBox.y).toBeLessThan(ten.y);
  expect(Math.abs(visitBox.y - eleven.y)).toBeLessThan(12);
  expect(visitBox.height / treatmentBox.height).toBeGreaterThan(2.5);

  await expectAccessible();
  await snap("calendar-day");

  await page.getByRole("button", { name: "By room" }).click();
  await expect(block(page, first.room.displayName, first.patients[0].displayName)).toContainText("Booked");
  await snap("calendar-by-room");

  await page.getByRole("button", { name: "Week" }).click();
  await expect(page.getByRole("heading", { name: /^Week of / })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: first.room.displayName });
  await expect(row.getByRole("link", { name: new RegExp(first.patients[0].displayName) })).toContainText(
    "09:30 Booked",
  );
  await expectAccessible();
  await snap("calendar-week");

  // A block is a link to the session's page, from the keyboard too.
  await page.getByRole("button", { name: "Day", exact: true }).click();
  await page.getByRole("button", { name: "By practitioner" }).click();
  await block(page, first.practitioner.displayName, first.patients[0].displayName).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: /^Cellulite .*, 09:30$/ })).toBeVisible();
});

async function secondDesk(browser: Browser, clinic: Clinic, signIn: (login: any, page?: Page) => Promise<void>) {
  const context = await browser.newContext({
    baseURL: clinic.baseURL,
    // (The fixture's signIn looks for the member's name, which the app bar
    // hides below 1100 px.)
    viewport: { width: 1280, height: 800 },
    timezoneId: kZone,
    locale: "en-GB",
  });
  const page = await context.newPage();
  await signIn(await clinic.staffLogin(Role.FRONT_DESK, "Sol Second"), page);
  return { context, page };
}

test("another desk sees a booking, a move and a cancellation appear live", async ({ page, browser, clinic, signIn, snap }) => {
  const cast = await prepareBookableClinic(clinic, { label: "Live", patients: 2 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Lena Live");
  const day = addDays(today(kZone), 2);
  await cast.book({ patient: cast.patients[0], start: at(day, 10, 0) });

  await signIn(desk);
  await page.goto(calendarUrl(day));
  await liveOn(page);
  const other = await secondDesk(browser, clinic, signIn);
  await other.page.goto(calendarUrl(day));
  await liveOn(other.page);
  const column = cast.practitioner.displayName;
  await expect(block(other.page, column, cast.patients[0].displayName)).toContainText("10:00");
  await snap("live-before", other.page);

  // Booked through the API: both screens show it without a reload.
  const booked = await cast.book({ patient: cast.patients[1], start: at(day, 15, 0) });
  await expect(block(other.page, column, cast.patients[1].displayName)).toContainText("15:00 Booked");
  await expect(block(page, column, cast.patients[1].displayName)).toContainText("15:00 Booked");
  await snap("live-booked", other.page);

  // Moved in the first browser, from the session's page.
  await block(page, column, cast.patients[0].displayName).click();
  await page.getByRole("button", { name: "Move…" }).click();
  await page.getByLabel("New start time").fill("12:30");
  await snap("live-move-form");
  await page.getByRole("button", { name: "Preview the move" }).click();
  await expect(page.getByRole("heading", { name: "Before you confirm" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm the move" }).click();
  await expect(page.getByRole("heading", { name: "Moved" })).toBeVisible();
  await expect(block(other.page, column, cast.patients[0].displayName)).toContainText("12:30");
  await snap("live-moved", other.page);

  // Cancelled through the API.
  await cast.practitioner.api.scheduling.cancelSession({
    session: booked.name,
    reason: "Rebooked by phone",
    requestId: requestId(),
  });
  await expect(block(other.page, column, cast.patients[1].displayName)).toContainText("Cancelled");
  await snap("live-cancelled", other.page);
  await other.context.close();
});

test("the calendar pauses behind the screen lock and is live again after the unlock", async ({ page, clinic, signIn, snap }) => {
  const cast = await prepareBookableClinic(clinic, { label: "Lock", patients: 2 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Lou Lock");
  const day = addDays(today(kZone), 5);
  await cast.book({ patient: cast.patients[0], start: at(day, 9, 0) });
  await page.clock.install();
  await signIn(desk);
  await page.goto(calendarUrl(day));
  await liveOn(page);
  // The clinic's default idle timeout is 15 minutes; the lock signs out,
  // which ends the stream's session.
  await page.clock.runFor(15 * 60 * 1000 + 2000);
  const lock = page.getByRole("dialog", { name: "Locked" });
  await expect(lock).toBeVisible();
  await expect(page.locator(".live-status")).toHaveAttribute("data-status", "paused");
  // Booked while locked: seen once unlocked, from a fresh listing.
  await cast.book({ patient: cast.patients[1], start: at(day, 11, 0) });
  await lock.getByLabel("Password").fill(desk.password);
  await lock.getByRole("button", { name: "Unlock" }).click();
  await liveOn(page);
  const column = cast.practitioner.displayName;
  await expect(block(page, column, cast.patients[1].displayName)).toContainText("11:00 Booked");
  await snap("live-after-unlock");
});

test("arrivals: check in and no-show update the state on the row", async ({ page, clinic, signIn, snap, expectAccessible }) => {
  const cast = await prepareBookableClinic(clinic, { label: "Door", patients: 2 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Dora Door");
  // A session a little later today, and one starting in a few seconds (a
  // start less than one slot from now may be off the grid: a walk-in),
  // whose time will have come for a no-show.
  const later = nextGridStart(15);
  const soon = new Date(Date.now() + 4000);
  test.skip(
    isoDay(dayOf(later, kZone)) !== isoDay(today(kZone)),
    "too close to midnight for a session later today",
  );
  await cast.book({ patient: cast.patients[0], start: later });
  await cast.book({ patient: cast.patients[1], start: soon, consultation: true, consultationMinutes: 10 });

  await signIn(desk);
  await page.getByRole("link", { name: "Arrivals" }).click();
  await expect(page.getByRole("heading", { name: /^Arrivals, / })).toBeVisible();
  await liveOn(page);
  const arriving = page.getByRole("row").filter({ hasText: cast.patients[0].displayName });
  const absent = page.getByRole("row").filter({ hasText: cast.patients[1].displayName });
  await expect(arriving).toContainText("Booked");
  await expectAccessible();
  await snap("arrivals");

  await arriving.getByRole("button", { name: /^Check in/ }).click();
  await expect(arriving).toContainText("Checked in");
  await expect(arriving.getByRole("button", { name: /^Check in/ })).toHaveCount(0);
  await snap("arrivals-checked-in");

  await page.waitForTimeout(Math.max(0, soon.getTime() - Date.now() + 1000));
  await absent.getByRole("button", { name: /^No-show/ }).click();
  await expect(absent).toContainText("No-show");
  await snap("arrivals-no-show");
});

test("a session's page: check-in refused on another day, moving a course session moves the later ones", async ({ page, clinic, signIn, snap, expectAccessible }) => {
  const cast = await prepareBookableClinic(clinic, { label: "Course", patients: 1 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Cora Course");
  const firstDay = addDays(today(kZone), 3);
  const course = await cast.bookCourse({ patient: cast.patients[0], first: at(firstDay, 10, 0), sessions: 6 });
  const first = course.sessions[0];

  await signIn(desk);
  await page.goto(`/${first.name}`);
  await expect(page.getByRole("heading", { name: /, 10:00$/ })).toBeVisible();
  await expect(page.getByText(/Session 1 of 6/)).toBeVisible();
  await expect(page.getByRole("link", { name: cast.patients[0].displayName })).toHaveAttribute(
    "href",
    `/${cast.patients[0].name}`,
  );
  // Practitioners' links are not for the front desk.
  await expect(page.getByRole("link", { name: /Complete the session|adverse event/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("alert")).toContainText("This can only be done on the session's day");
  await expectAccessible();
  await snap("session-check-in-refused");

  // Three days later: the next session, a week on, would come only four
  // days after it, so it moves too, and so on down the course.
  await page.getByRole("button", { name: "Move…" }).click();
  await page.getByLabel("New day").fill(isoDay(addDays(firstDay, 3)));
  await expect(page.getByRole("group", { name: /Free starts that day/ }).getByRole("button").first()).toBeVisible();
  await expectAccessible();
  await snap("session-move-form");
  await page.getByRole("button", { name: "Preview the move" }).click();
  // The reflow is shown before anything moves: the course is unchanged.
  const preview = page
    .getByRole("status")
    .filter({ has: page.getByRole("heading", { name: "Before you confirm" }) });
  await expect(preview).toContainText("later sessions of its course would move with it");
  const previewed = preview.getByRole("row").filter({ hasText: "Course session 2" });
  await expect(previewed).toContainText(formatDay(addDays(firstDay, 7)));
  await expect(previewed).toContainText(formatDay(addDays(firstDay, 10)));
  const secondBefore = course.sessions[1];
  const unchanged = await cast.practitioner.api.scheduling.getSession({ name: secondBefore.name });
  expect(unchanged.session?.startTime).toEqual(secondBefore.startTime);
  await snap("session-move-preview");
  await page.getByRole("button", { name: "Confirm the move" }).click();
  const moved = page.getByRole("status").filter({ has: page.getByRole("heading", { name: "Moved" }) });
  await expect(moved).toContainText("later sessions of its course moved with it");
  const second = moved.getByRole("row").filter({ hasText: "Course session 2" });
  await expect(second).toContainText(formatDay(addDays(firstDay, 7)));
  await expect(second).toContainText(formatDay(addDays(firstDay, 10)));
  await expect(page.getByRole("heading", { name: new RegExp(`${formatDay(addDays(firstDay, 3))}, 10:00$`) })).toBeVisible();
  await snap("session-moved");
});

test("cancelling a session needs a reason", async ({ page, clinic, signIn, snap }) => {
  const cast = await prepareBookableClinic(clinic, { label: "Cancel", patients: 1 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Cal Cancel");
  const session = await cast.book({ patient: cast.patients[0], start: at(addDays(today(kZone), 4), 16, 0) });

  await signIn(desk);
  await page.goto(`/${session.name}`);
  await page.getByRole("button", { name: "Cancel…" }).click();
  await page.getByRole("button", { name: "Cancel this session" }).click();
  await expect(page.getByText("Give a reason: it is kept with the session.")).toBeVisible();
  await expect(page.getByLabel("Reason for cancelling")).toHaveAttribute("aria-invalid", "true");
  await snap("cancel-needs-reason");
  await page.getByLabel("Reason for cancelling").fill("Patient moved away");
  await page.getByRole("button", { name: "Cancel this session" }).click();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(page.getByText("Patient moved away")).toBeVisible();
  await expect(page.getByRole("button", { name: "Move…" })).toHaveCount(0);
  await snap("cancelled");
});

test("a practitioner sees the links to complete a checked-in session and report an adverse event", async ({ page, clinic, signIn }) => {
  const cast = await prepareBookableClinic(clinic, { label: "Links", patients: 1 });
  const start = nextGridStart(15);
  test.skip(isoDay(dayOf(start, kZone)) !== isoDay(today(kZone)), "too close to midnight");
  const session = await cast.book({ patient: cast.patients[0], start });
  await cast.practitioner.api.scheduling.checkIn({ session: session.name, requestId: requestId() });
  await signIn(cast.practitioner.login);
  await page.goto(`/${session.name}`);
  const id = session.name.split("/")[1];
  await expect(page.getByRole("button", { name: "Complete the session" })).toHaveAttribute(
    "href",
    `/sessions/${id}/complete`,
  );
  await expect(page.getByRole("button", { name: "Report an adverse event" })).toHaveAttribute(
    "href",
    `/adverse-events/new?session=${id}`,
  );
});

// 5 practitioners with 40 consultations each, every 15 minutes from 08:00.
async function bookBusyDay(clinic: Clinic, day: CivilDate): Promise<BookableClinic[]> {
  // One after the other: the server checks at most two passwords at once
  // (and refuses a third, OVERLOADED).
  const casts: BookableClinic[] = [];
  for (let i = 0; i < 5; ++i) casts.push(await prepareBookableClinic(clinic, { label: "Busy", patients: 4 }));
  await Promise.all(
    casts.map(async (cast) => {
      for (let i = 0; i < 40; ++i) {
        await cast.book({
          patient: cast.patients[i % 4],
          start: at(day, 8, i * 15),
          consultation: true,
          consultationMinutes: 15,
        });
      }
    }),
  );
  return casts;
}

test("a day of 200 sessions renders without delay", async ({ page, clinic, signIn, snap }, testInfo) => {
  const day = addDays(today(kZone), 100);
  await bookBusyDay(clinic, day);
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Bea Busy");
  await signIn(desk);

  // From the address: page load to the 200 blocks on screen.
  await page.goto(calendarUrl(day));
  const blocks = page.locator(".session-block");
  await expect(blocks).toHaveCount(200);
  const fromLoad = await page.evaluate(
    () => performance.getEntriesByName("calendar-day-rendered").at(-1)?.startTime ?? -1,
  );

  // From the day before, with "Next day" clicked inside the page (so that
  // the test's own round trips are not counted): listing, then rendering.
  await page.getByRole("button", { name: "‹ Previous day" }).click();
  await expect(blocks).toHaveCount(0);
  await expect(page.getByRole("heading", { name: `Calendar, ${formatDay(addDays(day, -1))}` })).toBeVisible();
  await page.evaluate(() => {
    performance.mark("next-day-clicked");
    [...document.querySelectorAll("button")].find((b) => b.textContent === "Next day ›")!.click();
  });
  await expect(blocks).toHaveCount(200);
  const switchMs = await page.evaluate(() => {
    const clicked = performance.getEntriesByName("next-day-clicked").at(-1)!.startTime;
    const rendered = performance.getEntriesByName("calendar-day-rendered").at(-1)!.startTime;
    return rendered - clicked;
  });
  // The render alone, the sessions already here: laying them out by room,
  // up to the next frame after it.
  const rerenderMs = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const clicked = performance.now();
        [...document.querySelectorAll("button")].find((b) => b.textContent === "By room")!.click();
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - clicked)));
      }),
  );
  await expect(page.getByRole("button", { name: "By room" })).toHaveAttribute("aria-pressed", "true");
  const report =
    `200-session day: ${fromLoad.toFixed(0)} ms from page load to rendered; ` +
    `${switchMs.toFixed(0)} ms from "Next day" to rendered (list + render); ` +
    `${rerenderMs.toFixed(0)} ms to re-lay by room`;
  console.log(report);
  testInfo.annotations.push({ type: "timing", description: report });
  await snap("busy-day-by-room");
  await page.getByRole("button", { name: "By practitioner" }).click();
  await snap("busy-day");
});

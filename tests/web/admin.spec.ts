// The admin's day: adding a member who sets their password from a setup
// link in a browser of their own, an API key issued and revoked, the member
// deactivated and their session ended; rooms, hours and closures; the
// clinic's settings and a stale etag; the audit trail and its chain; the
// treatment types' protocols. Every step through the screens, checked
// through the API.

import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import { DayOfWeek } from "../../clients/web/src/gen/clinic/v1/clinic_pb";
import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { clinicApi, requestId, type StaffLogin } from "./support/clinic_api";
import { expect, test, type Clinic } from "./support/fixtures";

const tag = () => randomUUID().slice(0, 6);

async function openAdmin(page: Page, screen: string) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await page.getByRole("link", { name: screen, exact: true }).click();
}

// A new admin of this test, signed in on `page`, at an admin screen.
async function adminAt(
  screen: string,
  { page, clinic, signIn }: { page: Page; clinic: Clinic; signIn: (login: StaffLogin) => Promise<void> },
  name: string,
): Promise<StaffLogin> {
  const admin = await clinic.staffLogin(Role.ADMIN, `${name} ${tag()}`);
  await signIn(admin);
  await openAdmin(page, screen);
  return admin;
}

// A day some weeks ahead, "YYYY-MM-DD".
function dayAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function parisClock(instant: Date): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
}

test("an admin adds a member, who sets a password from the setup link; a key is issued and revoked; deactivation ends their session; the audit trail shows it all", async ({
  page,
  browser,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  test.setTimeout(300_000);
  const t = tag();
  const admin = await clinic.staffLogin(Role.ADMIN, `Ada Admin ${t}`);
  const newName = `Noor Second ${t}`;
  const newEmail = `noor.${t}@clinic.example`;
  await signIn(admin);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Admin", exact: true })).toBeVisible();
  await expectAccessible();
  await snap("admin-menu");
  await page.getByRole("link", { name: "Staff", exact: true }).click();
  await expect(page.getByRole("table", { name: "Active members" })).toContainText(admin.member.displayName);

  // A practitioner needs a licence number: the refusal stands beside it.
  await page.getByLabel("Display name").fill(newName);
  await page.getByLabel("E-mail").fill(newEmail);
  await page.getByLabel("Role").selectOption({ label: "Practitioner" });
  await page.getByRole("button", { name: "Add staff member" }).click();
  const licence = page.getByLabel("Licence number");
  await expect(licence).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator(".field", { has: licence })).toContainText("must not be empty");
  await expectAccessible();
  await snap("staff-licence-required");

  // A second admin instead.
  await page.getByLabel("Role").selectOption({ label: "Admin" });
  await page.getByRole("button", { name: "Add staff member" }).click();
  await expect(page.getByRole("status")).toContainText(`${newName} was added.`);
  await expect(page.getByRole("table", { name: "Active members" })).toContainText(newName);
  await snap("staff-added");
  await page.getByRole("link", { name: `Give ${newName} a password or an API key` }).click();
  await expect(page.getByRole("heading", { name: newName })).toBeVisible();

  // The setup link, shown once.
  await page.getByRole("button", { name: "Create a setup link" }).click();
  const linkBox = page.getByRole("textbox", { name: "Setup link" });
  await expect(linkBox).toHaveValue(/\/setup-password\?token=/);
  const link = await linkBox.inputValue();
  expect(new URL(link).origin).toBe(clinic.baseURL);
  await expect(page.getByText(/It works once, until/)).toBeVisible();
  await expectAccessible();
  await snap("setup-link");

  // The new member, at a browser of their own, signed out.
  const theirs = await browser.newContext({
    baseURL: clinic.baseURL,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "Europe/Paris",
  });
  try {
    const them = await theirs.newPage();
    await them.goto(link);
    await expect(them.getByRole("heading", { name: "Choose your password" })).toBeVisible();
    await expectAccessible(them);
    // A common password is refused beside the field.
    await them.getByLabel("New password", { exact: true }).fill("password1234");
    await them.getByLabel("New password again").fill("password1234");
    await them.getByRole("button", { name: "Set my password" }).click();
    await expect(them.getByLabel("New password", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await snap("setup-password-refused", them);
    const password = `Lantern orchard ${t} quietly`;
    await them.getByLabel("New password", { exact: true }).fill(password);
    await them.getByLabel("New password again").fill(password);
    await them.getByRole("button", { name: "Set my password" }).click();
    await expect(them.getByRole("heading", { name: "Password set" })).toBeVisible();
    await snap("setup-password-done", them);
    await them.getByRole("button", { name: "Go to sign in" }).click();
    await them.getByLabel("E-mail").fill(newEmail);
    await them.getByLabel("Password").fill(password);
    await them.getByRole("button", { name: "Sign in" }).click();
    await expect(them.getByText(`${newName} · Admin`)).toBeVisible();

    // An API key: shown once, works, then revoked and refused.
    await page.getByLabel("What the key is for").fill(`Reception tablet ${t}`);
    await page.getByRole("button", { name: "Issue an API key" }).click();
    const keyBox = page.getByRole("textbox", { name: "API key" });
    await expect(keyBox).toHaveValue(/.{20,}/);
    const secret = await keyBox.inputValue();
    const withKey = clinicApi(clinic.baseURL, secret);
    expect((await withKey.staff.getCaller({})).staffMember?.displayName).toBe(newName);
    await expectAccessible();
    await snap("api-key-issued");
    await page.getByRole("button", { name: "Done, hide it" }).nth(1).click();
    const keyRow = page.getByRole("row", { name: new RegExp(`Reception tablet ${t}`) });
    await expect(keyRow).toContainText("Active");
    await keyRow.getByRole("button", { name: "Revoke…" }).click();
    await page.getByRole("button", { name: `Revoke Reception tablet ${t}` }).click();
    await expect(keyRow).toContainText("Revoked");
    await expect(withKey.staff.getCaller({})).rejects.toThrow();
    await snap("api-key-revoked");

    // Deactivation, confirmed: their browser session ends.
    await page.getByRole("button", { name: "Deactivate…" }).click();
    await expect(page.getByText(/sessions and API\s+keys end at once/)).toBeVisible();
    await snap("deactivate-confirm");
    await page.getByRole("button", { name: `Deactivate ${newName}` }).click();
    await expect(page.getByText(/^Deactivated /)).toBeVisible();
    await snap("deactivated");
    await them.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await them.getByRole("link", { name: "Staff", exact: true }).click();
    await expect(them.getByText("Your session ended")).toBeVisible();
    await expect(them.getByRole("button", { name: "Sign in" })).toBeVisible();
    await snap("their-session-ended", them);
  } finally {
    await theirs.close();
  }

  await page.getByRole("link", { name: "← Staff" }).click();
  await expect(page.getByRole("table", { name: "Deactivated members" })).toContainText(newName);

  // The audit trail: the admin's calls, one record each, and the chain.
  await openAdmin(page, "Audit trail");
  await page.getByLabel("Staff member").selectOption(admin.member.name);
  await page.getByLabel("Method").fill("");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  const records = page.locator("table.audit-records");
  for (const method of [
    "StaffService · CreateStaffMember",
    "StaffService · SetStaffPassword",
    "StaffService · IssueApiKey",
    "StaffService · RevokeApiKey",
    "StaffService · DeactivateStaffMember",
  ]) {
    await expect(records.getByRole("cell", { name: method }).first()).toBeVisible();
  }
  // The refused creation is there too, with its outcome.
  await expect(
    records.getByRole("row", { name: /CreateStaffMember.*INVALID_ARGUMENT/ }),
  ).toHaveCount(1);
  const deactivation = records.getByRole("row", { name: /DeactivateStaffMember/ });
  await deactivation.getByRole("button", { name: /^Details of record/ }).click();
  await expect(page.locator(".audit-details")).toContainText("/clinic.v1.StaffService/DeactivateStaffMember");
  await expect(page.locator(".audit-details")).toContainText("Connect (HTTP)");
  await page.getByRole("button", { name: "Verify the chain" }).click();
  const verdict = page.getByRole("status").filter({ hasText: "Intact." });
  await expect(verdict).toBeVisible();
  await expect(verdict).toContainText(/stored patients, sessions, consents and other records match them/);
  await expectAccessible();
  await snap("audit-trail");
});

test("an admin gives a member a temporary password, shown once; the member must choose their own at sign-in", async ({
  page,
  browser,
  clinic,
  signIn,
  snap,
}) => {
  test.setTimeout(120_000);
  const desk = await clinic.staffLogin(Role.FRONT_DESK, `Tia Temporary ${tag()}`);
  await adminAt("Staff", { page, clinic, signIn }, "Ava Admin");
  await page.getByRole("link", { name: desk.member.displayName }).click();
  await page.getByRole("button", { name: "Create a temporary password" }).click();
  const box = page.getByRole("textbox", { name: "Temporary password" });
  await expect(box).toHaveValue(/.{12,}/);
  const temporary = await box.inputValue();
  await snap("temporary-password");
  await page.getByRole("button", { name: "Done, hide it" }).click();
  await expect(box).toHaveCount(0);

  const theirs = await browser.newContext({ baseURL: clinic.baseURL });
  try {
    const them = await theirs.newPage();
    await signIn({ ...desk, password: temporary }, them);
    await expect(them.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  } finally {
    await theirs.close();
  }
});

test("an admin adds rooms, takes one out of service, sets opening and working hours and a closure", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  test.setTimeout(180_000);
  const t = tag();
  const practitioner = await clinic.staffLogin(Role.PRACTITIONER, `Pim Hours ${t}`);
  const admin = await clinic.staffLogin(Role.ADMIN, `Abe Admin ${t}`);
  const before = (await clinic.admin.clinic.getClinicSettings({})).settings!;
  await signIn(admin);

  try {
    await openAdmin(page, "Rooms");
    for (const room of [`Lys ${t}`, `Old store ${t}`]) {
      await page.getByLabel("Room name").fill(room);
      await page.getByRole("button", { name: "Add room" }).click();
      await expect(page.getByRole("row", { name: new RegExp(room) })).toContainText("In service");
    }
    const old = page.getByRole("row", { name: new RegExp(`Old store ${t}`) });
    await old.getByRole("button", { name: "Take out of service…" }).click();
    await page.getByRole("button", { name: `Take Old store ${t} out of service` }).click();
    await expect(old).toContainText("Out of service");
    await expectAccessible();
    await snap("rooms");

    // Saturday mornings open.
    await openAdmin(page, "Hours and closures");
    await page.getByRole("button", { name: "Add hours on Saturday (opening hours)" }).click();
    await page.getByLabel("Saturday opening hours, range 1, until").fill("13:00");
    await page.getByRole("button", { name: "Save opening hours" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    const saturday = (await clinic.admin.clinic.getClinicSettings({})).settings!.openingHours!.ranges.find(
      (range) => range.day === DayOfWeek.SATURDAY,
    );
    expect([saturday?.start?.hours, saturday?.end?.hours]).toEqual([9, 13]);

    // The practitioner works Monday 10:00 to 16:00.
    await page.getByLabel("Practitioner", { exact: true }).selectOption({ label: practitioner.member.displayName });
    await expect(page.getByText(/has no working hours of their own/)).toBeVisible();
    await page.getByRole("button", { name: "Add hours on Monday (working hours)" }).click();
    await page.getByLabel("Monday working hours, range 1, from").fill("10:00");
    await page.getByLabel("Monday working hours, range 1, until").fill("16:00");
    await page.getByRole("button", { name: `Save ${practitioner.member.displayName}'s hours` }).click();
    await expect(page.getByText(`${practitioner.member.displayName}'s working hours are saved.`)).toBeVisible();
    const hours = await clinic.admin.clinic.getWorkingHours({ practitioner: practitioner.member.name });
    expect(hours.hours?.ranges.map((r) => [r.day, r.start?.hours, r.end?.hours])).toEqual([
      [DayOfWeek.MONDAY, 10, 16],
    ]);

    // A closure of the whole clinic, on the clinic's clock.
    const day = dayAhead(40);
    await page.getByLabel("What is closed").selectOption({ label: "The whole clinic" });
    await page.getByLabel("From", { exact: true }).fill(`${day}T09:00`);
    await page.getByLabel("Until", { exact: true }).fill(`${day}T18:00`);
    await page.getByLabel("Reason").fill(`Training ${t}`);
    await page.getByRole("button", { name: "Add closure" }).click();
    const closureRow = page.getByRole("row", { name: new RegExp(`Training ${t}`) });
    await expect(closureRow).toContainText("The whole clinic");
    await expect(closureRow).toContainText("09:00");
    await expectAccessible();
    await snap("hours-and-closure");
    const closures = await clinic.admin.clinic.listClosures({
      startTime: { seconds: BigInt(Math.floor(Date.now() / 1000)) },
      endTime: { seconds: BigInt(Math.floor(Date.now() / 1000) + 100 * 86_400) },
    });
    const closure = closures.closures.find((c) => c.reason === `Training ${t}`)!;
    expect(parisClock(new Date(Number(closure.startTime!.seconds) * 1000))).toBe("09:00");

    await closureRow.getByRole("button", { name: "Delete…" }).click();
    await page.getByRole("button", { name: `Delete the closure “Training ${t}”` }).click();
    await expect(closureRow).toHaveCount(0);
  } finally {
    // The worker's other tests expect the clinic's usual week.
    const now = (await clinic.admin.clinic.getClinicSettings({})).settings!;
    await clinic.admin.clinic.updateClinicSettings({
      settings: { ...now, openingHours: before.openingHours },
      requestId: requestId(),
    });
  }
});

test("an admin changes the sign-in idle timeout; a change made meanwhile by someone else is explained", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  await adminAt("Clinic settings", { page, clinic, signIn }, "Ann Settings");
  const idle = page.getByLabel("Sign-in idle timeout (minutes)");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Paris");
  await idle.fill("30");
  await page.getByRole("button", { name: "Save the settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  let settings = (await clinic.admin.clinic.getClinicSettings({})).settings!;
  expect(settings.signInIdleTimeout?.seconds).toBe(1800n);
  await expectAccessible();
  await snap("settings-saved");

  // Someone else puts it back to 15 minutes while this page shows 30.
  await clinic.admin.clinic.updateClinicSettings({
    settings: { ...settings, signInIdleTimeout: create(DurationSchema, { seconds: 900n }) },
    etag: settings.etag,
    requestId: requestId(),
  });
  await idle.fill("45");
  await page.getByRole("button", { name: "Save the settings" }).click();
  await expect(page.locator('.refusal[data-reason="ETAG_MISMATCH"]')).toBeVisible();
  await expect(page.getByText(/Someone else saved the clinic's settings/)).toBeVisible();
  await snap("settings-stale");
  await page.getByRole("button", { name: "Reload the settings" }).click();
  await expect(idle).toHaveValue("15");
  settings = (await clinic.admin.clinic.getClinicSettings({})).settings!;
  expect(settings.signInIdleTimeout?.seconds).toBe(900n);
});

test("an admin reads the treatment types' protocols; other roles see no Admin", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  await adminAt("Treatment types", { page, clinic, signIn }, "Ari Plugins");
  const types = (await clinic.admin.treatments.listTreatmentTypes({})).treatmentTypes;
  expect(types.length).toBeGreaterThan(0);
  for (const type of types) {
    await expect(page.getByRole("row", { name: new RegExp(type.displayName.replace(/[()]/g, "\\$&")) })).toContainText(
      type.version,
    );
  }
  await page.getByText(`${types[0].displayName}: the protocol`).click();
  await expect(page.getByRole("columnheader", { name: "Days apart" }).first()).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Volume at most" }).first()).toBeVisible();
  await expectAccessible();
  await snap("treatment-types");

  await page.getByRole("button", { name: "Sign out" }).click();
  const desk = await clinic.staffLogin(Role.FRONT_DESK, `Dee Desk ${tag()}`);
  await signIn(desk);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await page.goto("/admin/staff");
  await expect(page.getByRole("heading", { name: "Nothing here" })).toBeVisible();
});

test("a setup link that is not valid is refused in plain words", async ({ page, snap }) => {
  await page.goto("/setup-password?token=not-a-real-token");
  await page.getByLabel("New password", { exact: true }).fill("Lantern orchard river quietly");
  await page.getByLabel("New password again").fill("Lantern orchard river quietly");
  await page.getByRole("button", { name: "Set my password" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.getByText(/ask the clinic's administrator for a new one/)).toBeVisible();
  await snap("setup-link-invalid");
});

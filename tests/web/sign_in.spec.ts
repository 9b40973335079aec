// Signing in and out, a wrong password, the screen lock after the clinic's
// idle timeout (with the page's clock run forward), and what each role sees.

import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { expect, test } from "./support/fixtures";

test("a front desk member signs in, sees today, and signs out", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Dana Desk");
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await expectAccessible();
  await snap("sign-in");
  await signIn(desk);
  await expect(page.getByRole("heading", { name: /^Today/ })).toBeVisible();
  await expect(page.getByText("Dana Desk · Front desk")).toBeVisible();
  await expectAccessible();
  await snap("today");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You signed out.")).toBeVisible();
  // The cookie went with the session: a reload asks for a password again.
  await page.reload();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("the first load of the app is measured (reported, not asserted)", async ({
  page,
}, testInfo) => {
  // A cold load: a new context has an empty cache.
  await page.goto("/");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  const timing = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    const bytes = performance
      .getEntriesByType("resource")
      .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).transferSize, 0);
    return {
      domContentLoadedMs: Math.round(navigation.domContentLoadedEventEnd),
      loadMs: Math.round(navigation.loadEventEnd),
      firstContentfulPaintMs: paint ? Math.round(paint.startTime) : -1,
      transferredBytes: bytes + navigation.transferSize,
    };
  });
  const line = `first load: ${JSON.stringify(timing)}`;
  console.log(line);
  testInfo.annotations.push({ type: "measurement", description: line });
  expect(timing.loadMs).toBeGreaterThan(0);
});

test("a wrong password is refused beside the form, in plain words", async ({
  page,
  clinic,
  snap,
}) => {
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Wren Wrong");
  await page.goto("/");
  await page.getByLabel("E-mail").fill(desk.email);
  await page.getByLabel("Password").fill("not the password at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("E-mail or password is wrong");
  await snap("wrong-password");
});

test("a session survives a reload", async ({ page, clinic, signIn }) => {
  const practitioner = await clinic.staffLogin(Role.PRACTITIONER, "Pia Practitioner");
  await signIn(practitioner);
  await page.reload();
  await expect(page.getByRole("heading", { name: /^My day/ })).toBeVisible();
});

test("an idle screen locks, hides the day and unlocks for the same member", async ({
  page,
  clinic,
  signIn,
  snap,
}) => {
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Ida Idle");
  await page.clock.install();
  await signIn(desk);
  await expect(page.getByRole("heading", { name: /^Today/ })).toBeVisible();
  // The clinic's default idle timeout is 15 minutes.
  await page.clock.runFor(15 * 60 * 1000 + 2000);
  const lock = page.getByRole("dialog", { name: "Locked" });
  await expect(lock).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Today/ })).toBeHidden();
  await snap("locked");
  await lock.getByLabel("Password").fill(desk.password);
  await lock.getByRole("button", { name: "Unlock" }).click();
  await expect(lock).toBeHidden();
  await expect(page.getByRole("heading", { name: /^Today/ })).toBeVisible();
});

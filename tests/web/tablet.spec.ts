// The app on a 1024x768 tablet: every screen of the front desk's and the
// practitioner's day fits the width (nothing to scroll sideways but the
// calendar's own columns), and stays accessible.

import type { Page } from "@playwright/test";
import { Role } from "../../clients/web/src/gen/clinic/v1/staff_pb";
import { prepareBookableClinic } from "./support/bookable_clinic";
import { expect, test } from "./support/fixtures";

test.use({ viewport: { width: 1024, height: 768 } });

// The page itself never scrolls sideways at this width.
async function expectFitsTheWidth(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `${page.url()} is wider than the screen`).toBeLessThanOrEqual(0);
}

// Opens each screen (name, address, heading), checks it fits and is
// accessible, and keeps a screenshot named `<who>-<name>`.
async function visitEach(
  page: Page,
  screens: [string, string, RegExp][],
  who: string,
  snap: (name: string) => Promise<void>,
  expectAccessible: () => Promise<void>,
) {
  for (const [screen, path, heading] of screens) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: heading }).first()).toBeVisible();
    await expectFitsTheWidth(page);
    await expectAccessible();
    await snap(`${who}-${screen}`);
  }
}

test("the front desk's screens fit a 1024x768 tablet", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const cast = await prepareBookableClinic(clinic, { label: "Tablet", patients: 1 });
  const desk = await clinic.staffLogin(Role.FRONT_DESK, "Tara Tablet");
  await signIn(desk);
  const screens: [string, string, RegExp][] = [
    ["today", "/", /^Today/],
    ["calendar", "/calendar", /^Calendar, /],
    ["arrivals", "/arrivals", /^Arrivals, /],
    ["patients", "/patients", /Patients/],
    ["book", `/book?patient=${cast.patients[0].name.split("/")[1]}`, /Book/],
    ["chart", `/${cast.patients[0].name}`, new RegExp(cast.patients[0].familyName)],
  ];
  await visitEach(page, screens, "desk", snap, expectAccessible);
});

test("the practitioner's screens fit a 1024x768 tablet", async ({
  page,
  clinic,
  signIn,
  snap,
  expectAccessible,
}) => {
  const cast = await prepareBookableClinic(clinic, { label: "Slate", patients: 1 });
  await signIn(cast.practitioner.login);
  const screens: [string, string, RegExp][] = [
    ["my-day", "/", /^My day/],
    ["safety", "/safety", /Safety/],
    ["chart", `/${cast.patients[0].name}`, new RegExp(cast.patients[0].familyName)],
  ];
  await visitEach(page, screens, "practitioner", snap, expectAccessible);
});

// What every browser test starts from: a clinicd of its worker's own, the
// admin's API, staff members who sign in, and the checks and screenshots
// every step takes.
//
//   import { test, expect } from "./support/fixtures";
//   test("...", async ({ page, clinic, signIn, snap }) => { ... });

import AxeBuilder from "@axe-core/playwright";
import { expect, test as base, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Role } from "../../../clients/web/src/gen/clinic/v1/staff_pb";
import { clinicApi, createStaffLogin, type ClinicApi, type StaffLogin } from "./clinic_api";
import { startClinicd, type RunningClinicd } from "./clinicd";

export interface Clinic {
  server: RunningClinicd;
  baseURL: string;
  // With the first admin's API key.
  admin: ClinicApi;
  // With no key: what anyone may call.
  anonymous: ClinicApi;
  // A new staff member with a password, for this test.
  staffLogin(role: Role, displayName: string): Promise<StaffLogin>;
}

interface Fixtures {
  // Signs `login` in on `page` (the test's page unless given) through the
  // sign-in form, as a person would.
  signIn(login: StaffLogin, page?: Page): Promise<void>;
  // A full-page screenshot of a step, kept as an artifact of the run:
  // <screenshot dir>/<test file>/<test title>/<nn>-<name>.png.
  snap(name: string, page?: Page): Promise<void>;
  // No WCAG 2.1 A/AA violation axe-core can find on the page as it is.
  expectAccessible(page?: Page): Promise<void>;
}

export const test = base.extend<Fixtures, { clinic: Clinic }>({
  clinic: [
    async ({}, use) => {
      const server = await startClinicd();
      const admin = clinicApi(server.baseURL, server.adminKey);
      const anonymous = clinicApi(server.baseURL);
      try {
        await use({
          server,
          baseURL: server.baseURL,
          admin,
          anonymous,
          staffLogin: (role, displayName) => createStaffLogin(admin, anonymous, role, displayName),
        });
      } finally {
        await server.stop();
      }
    },
    { scope: "worker" },
  ],
  baseURL: async ({ clinic }, use) => use(clinic.baseURL),
  signIn: async ({ page }, use) => {
    await use(async (login, onPage = page) => {
      await onPage.goto("/");
      await onPage.getByLabel("E-mail").fill(login.email);
      await onPage.getByLabel("Password").fill(login.password);
      await onPage.getByRole("button", { name: "Sign in" }).click();
      // The navigation's Sign out: the member's name is hidden on narrow
      // screens.
      await expect(onPage.getByRole("button", { name: "Sign out" })).toBeVisible();
    });
  },
  snap: async ({ page }, use, testInfo) => {
    // One folder per spec file, one per test in it: the step numbers start
    // again with each test.
    const slug = testInfo.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60);
    const folder = join(
      process.env.WEB_SCREENSHOTS ?? testInfo.project.outputDir,
      testInfo.titlePath[0].replace(/\.spec\.ts$/, ""),
      slug,
    );
    mkdirSync(folder, { recursive: true });
    let step = 0;
    await use(async (name, onPage = page) => {
      step += 1;
      const file = join(folder, `${String(step).padStart(2, "0")}-${name}.png`);
      await onPage.screenshot({ path: file, fullPage: true });
      await testInfo.attach(name, { path: file, contentType: "image/png" });
    });
  },
  expectAccessible: async ({ page }, use) => {
    await use(async (onPage = page) => {
      const results = await new AxeBuilder({ page: onPage })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      const problems = results.violations.map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.help}: ` +
          violation.nodes.map((node) => node.target.join(" ")).join(", "),
      );
      expect(problems, "axe-core found accessibility violations").toEqual([]);
    });
  },
});

export { expect };

// The browser tests: Playwright driving Debian's chromium (never a
// downloaded browser) against real clinicd servers started by the tests
// (support/fixtures.ts). Run by CTest (web_browser_test) with the paths of
// the built clinicd, plugins and web app in the environment.
import { defineConfig, devices } from "@playwright/test";

const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: process.env.WEB_TEST_OUTPUT ?? "test-results",
  // Two cores: one browser and one clinicd per worker.
  workers: Number(process.env.WEB_TEST_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  // A scenario signs several people in and prepares a clinic through the
  // API; on a loaded 2-core machine that takes minutes, not seconds.
  timeout: 240_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    ...devices["Desktop Chrome"],
    viewport: { width: 1280, height: 800 },
    launchOptions: { executablePath: chromium },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    timezoneId: "Europe/Paris",
    locale: "en-GB",
  },
  projects: [
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } } },
  ],
});

// The box's time (issue "the appliance's life": NTP and the RTC) end to end: the admin sets an
// NTP server on the settings page (a server on 127.0.0.1 two hours ahead of this machine), the
// box steps its clock to it and the card says so; a server name that is no name is refused
// beside the field. Restarted with the NTP server gone, the box starts on the time its
// (simulated, battery-backed) RTC kept from that sync, and the card says where it came from.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { boxApi } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type NtpServer, startNtpServer } from "../support/ntp-server.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

const AHEAD_MS = 2 * 3_600_000;
const dataDir = mkdtempSync(join(tmpdir(), "pbx-time-"));
let pbx: RunningPbx;
let ntp: NtpServer;
let browser: TestBrowser;
let page: Page;

interface TimeView {
  now: string;
  source: string;
  server: string | null;
  lastError: string;
  ntpServers: string[];
}

const timeOf = async (box: RunningPbx) =>
  (await boxApi(box, await box.adminToken())("GET", "/time")).json as TimeView;

/** How far the box's clock is from this machine's, in ms. */
const aheadOf = (view: TimeView) => Date.parse(view.now) - Date.now();

beforeAll(async () => {
  [pbx, browser, ntp] = await Promise.all([
    startPbx({ dataDir }),
    launchBrowser({ locale: "en-US" }),
    startNtpServer(AHEAD_MS),
  ]);
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  ntp?.close();
  await browser?.close();
  await pbx?.stop();
}, 30_000);

describe("the box's time", () => {
  test("a fresh box keeps the system's time: no NTP server is set", async () => {
    const view = await timeOf(pbx);
    expect(view.ntpServers).toEqual([]);
    expect(view.source).toBe("system");
    expect(Math.abs(aheadOf(view))).toBeLessThan(5_000);
  });

  test("a server name that is no name is refused beside the field", async () => {
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.click('nav a[data-page="settings"]');
    const card = page.locator('[data-section="time"]');
    await card.waitFor();
    expect(await card.locator("[data-time-source]").getAttribute("data-time-source")).toBe(
      "system",
    );
    await card.locator("input[name=ntpServers]").fill("ntp.example.cn, not a host!");
    await card.locator("button[type=submit]").click();
    await card.locator('[data-field="ntpServers"] .field-error').waitFor();
    expect((await timeOf(pbx)).ntpServers).toEqual([]);
  }, 60_000);

  test("set on the page, the NTP server's time becomes the box's", async () => {
    const card = page.locator('[data-section="time"]');
    await card.locator("input[name=ntpServers]").fill(`127.0.0.1:${ntp.port}`);
    await card.locator("button[type=submit]").click();
    await card.locator('[data-time-source="ntp"]').waitFor();
    expect(await card.locator("[data-last-sync]").textContent()).toContain(`127.0.0.1:${ntp.port}`);
    const view = await timeOf(pbx);
    expect(view.source).toBe("ntp");
    expect(Math.abs(aheadOf(view) - AHEAD_MS)).toBeLessThan(5_000);
    expect(ntp.requests).toBeGreaterThanOrEqual(1);
  }, 60_000);

  test(
    "restarted without the NTP server, the box starts on the time its RTC kept",
    async () => {
      ntp.close();
      await pbx.stop();
      pbx = await startPbx({ dataDir, adminPassword: pbx.adminPassword });
      const view = await timeOf(pbx);
      expect(view.source).toBe("rtc");
      expect(Math.abs(aheadOf(view) - AHEAD_MS)).toBeLessThan(5_000);
      expect(view.lastError).toBe(`127.0.0.1:${ntp.port}: refused`);
    },
    SETUP_BOUND_MS,
  );
});

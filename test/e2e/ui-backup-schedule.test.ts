// SPEC DEV-7 in a real Chromium: the admin sets the box to back itself up every day at this
// minute and sees the scheduled backup kept within the minute; puts a USB stick into the
// simulated board and backs up to it at once; checks a kept backup for a restore and reads its
// dry run (the extension added since would be removed), changing nothing; deletes one.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { accountApi, boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;

/** The box's wall-clock time as HH:MM (its time zone is Shanghai unless set). */
function shanghaiTime(atMs: number): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "Asia/Shanghai",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(atMs));
}

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "en-US" })]);
  api = boxApi(pbx, await pbx.adminToken());
  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop().catch(() => undefined);
}, 30_000);

const rows = () => page.locator("[data-section=kept-backups] tr[data-backup]");

describe("System > Backup: the box's own backups", () => {
  test("a bad field is refused beside it; a daily backup at this minute is kept", async () => {
    await page.click("nav a[data-page=backup]");
    const form = page.locator("form[data-section=backup-schedule]");
    await form.waitFor();
    await page.locator("[data-no-backups]").waitFor();
    await form.locator("input[name=enabled]").check();
    await form.locator("input[name=keep]").fill("40");
    await form.locator("button[type=submit]").click();
    await form.locator('[data-field="keep"] .field-error').waitFor();
    expect((await api("GET", "/backup/schedule")).json.schedule.enabled).toBe(false);

    // Saved early in a minute, so the minute has not passed when the box next looks.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 40_000) await Bun.sleep(61_000 - intoMinute);
    await form.locator("input[name=keep]").fill("3");
    await form.locator("input[name=time]").fill(shanghaiTime(Date.now()));
    await form.locator("button[type=submit]").click();
    await form.locator(".note").waitFor();
    const last = await until(
      async () => (await api("GET", "/backup/schedule")).json.last,
      (l) => l?.ok === true,
      40_000,
    );
    expect(last).toMatchObject({ trigger: "schedule", place: "internal" });
    expect(readdirSync(join(pbx.dataDir, "backups"))).toEqual([last.name]);
    await page.reload();
    await rows().first().waitFor();
    expect(await rows().count()).toBe(1);
    expect(await rows().first().getAttribute("data-place")).toBe("internal");
  }, 120_000);

  test("with a USB stick in, 'back up now' to the stick keeps it there", async () => {
    expect((await api("POST", "/sim/usb", { inserted: true })).status).toBe(200);
    await until(async () => (await api("GET", "/storage")).json.usb, Boolean, 10_000);
    const form = page.locator("form[data-section=backup-schedule]");
    await form.locator("select[name=place]").selectOption("usb");
    await form.locator("[data-action=backup-now]").click();
    await page.locator("[data-section=kept-backups] tr[data-place=usb]").waitFor();
    expect(await form.locator("[data-last-backup]").getAttribute("data-last-backup")).toBe("ok");
    const onStick = join(pbx.dataDir, "sim-usb", "sda1", "pbx", "backups");
    expect(existsSync(onStick) && readdirSync(onStick).length).toBe(1);
  }, 60_000);

  test("a kept backup checked for a restore shows its dry run and changes nothing", async () => {
    expect(
      (await api("POST", "/extensions", { number: "777", sipPassword: "Pass-777!" })).status,
    ).toBe(201);
    await page
      .locator("[data-section=kept-backups] tr[data-place=usb] [data-action=check-kept]")
      .click();
    const removed = page.locator("[data-dry-run] [data-area=extensions] [data-removed='777']");
    await removed.waitFor();
    expect(await removed.textContent()).toBe("777 would be removed");
    expect((await api("GET", "/extensions/777")).status).toBe(200);
    await page.click("[data-action=cancel-restore]");
  }, 60_000);

  test("a kept backup is deleted after confirming; only the admin reaches them", async () => {
    page.once("dialog", (dialog) => void dialog.accept());
    await page
      .locator("[data-section=kept-backups] tr[data-place=usb] [data-action=delete-kept]")
      .click();
    await until(
      async () => rows().count(),
      (n) => n === 1,
      10_000,
    );
    expect((await api("GET", "/backup/stored")).json.items).toHaveLength(1);

    const desk = await accountApi(pbx, api, {
      username: "desk",
      password: "Desk-password-1",
      role: "operator",
    });
    expect((await desk("GET", "/backup/stored")).status).toBe(403);
    expect((await desk("POST", "/backup/run", { place: "internal" })).status).toBe(403);
    expect((await api("GET", "/backup/stored/internal/..%2Fpbx.db")).status).toBe(404);
  }, 30_000);
});

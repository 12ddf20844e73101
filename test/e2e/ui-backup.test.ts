// SPEC DEV-7 in a real Chromium: the admin finds System > Backup, downloads a backup from the
// page, later uploads it there and reads the dry run grouped by area (the extension added
// since is to be removed, the changed name shown from and to) while the box still has its
// current configuration; a damaged file is refused beside the upload; confirming restarts the
// box onto the backup's configuration.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const dataDir = tempDir("ui-backup-data-");
const files = tempDir("ui-backup-files-");
const PASSWORD = "Backup-admin-1";
let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;
let saved: string;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([
    startPbx({ dataDir, adminPassword: PASSWORD }),
    launchBrowser({ locale: "en-US" }),
  ]);
  api = boxApi(pbx, await pbx.adminToken());
  const alice = { number: "301", sipPassword: "Pass-301!", displayName: "Alice" };
  expect((await api("POST", "/extensions", alice)).status).toBe(201);
  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", PASSWORD);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop().catch(() => undefined);
}, 30_000);

describe("System > Backup", () => {
  test("the admin downloads a backup from the page", async () => {
    await page.click("nav a[data-page=backup]");
    await page.waitForSelector("form[data-form=restore]");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click("[data-action=download-backup]"),
    ]);
    expect(download.suggestedFilename()).toMatch(/^pbx-backup-sim-\d{8}-\d{6}\.tar$/);
    saved = join(files, download.suggestedFilename());
    await download.saveAs(saved);
    expect(readFileSync(saved).subarray(257, 262).toString()).toBe("ustar");
  }, 30_000);

  test("a damaged file is refused beside the upload, naming why", async () => {
    const bytes = readFileSync(saved);
    const damaged = join(files, "damaged.tar");
    writeFileSync(damaged, bytes.subarray(0, bytes.length - 3000));
    await page.setInputFiles("form[data-form=restore] input[type=file]", damaged);
    await page.click("[data-action=check-backup]");
    const error = await page.waitForSelector("[data-error=restore]");
    expect(await error.textContent()).toContain("This file is not a backup this box can read");
    expect(await page.$("[data-dry-run]")).toBeNull();
  }, 30_000);

  test("uploading shows the dry run by area and changes nothing; confirming restores it", async () => {
    expect(
      (await api("POST", "/extensions", { number: "302", sipPassword: "Pass-302!" })).status,
    ).toBe(201);
    expect((await api("PATCH", "/extensions/301", { displayName: "Alicia" })).status).toBe(200);
    await page.setInputFiles("form[data-form=restore] input[type=file]", saved);
    await page.click("[data-action=check-backup]");
    await page.waitForSelector("[data-dry-run]");
    const area = page.locator("[data-area=extensions]");
    expect(await area.locator("h4").textContent()).toBe("IP extensions");
    expect(await area.locator("[data-removed='302']").textContent()).toBe("302 would be removed");
    const changed = await area.locator("[data-changed='301']").textContent();
    expect(changed).toContain("displayName: Alicia → Alice");
    expect(await page.locator("[data-area]").count()).toBe(1);
    expect(await page.textContent("[data-kept=records]")).toContain("keeps its own call records");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-backup-dry-run.png"), fullPage: true });
    // Still the box's own configuration.
    expect((await api("GET", "/extensions/302")).status).toBe(200);
    expect((await api("GET", "/extensions/301")).json.displayName).toBe("Alicia");

    await page.click("[data-action=restore]");
    await page.waitForSelector("[data-restarting]");
    await until(
      () =>
        fetch(`http://127.0.0.1:${pbx.ports.http}/api/v1/health`, {
          signal: AbortSignal.timeout(1000),
        }).then(
          () => "up",
          () => "down",
        ),
      (state) => state === "down",
      20_000,
    );
    expect(await pbx.stop()).toBe(75);
    pbx = await startPbx({ dataDir, adminPassword: PASSWORD });
    api = boxApi(pbx, await pbx.adminToken());
    const numbers = (await api("GET", "/extensions")).json.items.map(
      (e: { number: string; displayName: string }) => `${e.number} ${e.displayName}`,
    );
    expect(numbers).toEqual(["301 Alice"]);
  }, 90_000);
});

// System > Firmware in Chromium against the real box (SPEC DEV-4): the admin sees both slots,
// uploads a bundle for another board (refused, nothing written, said in Chinese), then a bundle
// built by flash/make-bundle.ts with its progress shown: slot B holds it and boots next.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { sim } from "../../bsp/sim.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

const ROOT = join(import.meta.dir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "pbx-ui-ota-"));
let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;

function makeBundle(name: string, version: string, compatible: string): string {
  const binary = join(work, "pbx");
  // Large enough that the upload takes a moment and its progress shows.
  if (!existsSync(binary)) writeFileSync(binary, new Uint8Array(24 * 1024 * 1024).fill(0x42));
  const out = join(work, name);
  const run = Bun.spawnSync(
    [
      process.execPath,
      join(ROOT, "flash", "make-bundle.ts"),
      "--binary",
      binary,
      "--version",
      version,
      "--compatible",
      compatible,
      "--out",
      out,
    ],
    { cwd: ROOT },
  );
  if (run.exitCode !== 0) throw new Error(run.stderr.toString());
  return out;
}

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
  rmSync(work, { recursive: true, force: true });
}, 30_000);

const cell = (slot: string, name: string) =>
  page.textContent(`tr[data-slot=${slot}] [data-cell=${name}]`);

describe("the firmware page", () => {
  test("shows slot A running and good, slot B empty", async () => {
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.click('nav a[data-page="firmware"]');
    await page.waitForSelector("main[data-view=firmware] table[data-section=slots]");
    expect(await page.textContent("main h1")).toBe("固件升级");
    expect(await cell("a", "version")).toBe("0.1.0");
    expect(await cell("a", "booted")).toBe("是");
    expect(await cell("a", "good")).toBe("是");
    expect(await cell("b", "version")).toBe("空");
  }, 60_000);

  test("a bundle for another board is refused before anything is written", async () => {
    await page.setInputFiles(
      "input[name=file]",
      makeBundle("other.bundle", "0.2.0", "vendor,pbx-a53-4s4o"),
    );
    await page.click("button[data-action=install]");
    const error = await page.waitForSelector("[data-error=upload]");
    expect(await error.textContent()).toContain("该固件包适用于其他型号的主板");
    expect(existsSync(join(pbx.dataDir, sim.firmware.slots.b))).toBe(false);
    await page.waitForSelector("[data-section=last-result] [data-outcome=refused]");
  }, 60_000);

  test("a good bundle uploads with its progress shown and lands in slot B, which boots next", async () => {
    await page.setInputFiles("input[name=file]", makeBundle("good.bundle", "0.2.0", "pbx,sim"));
    await page.uncheck("input[name=reboot]");
    const progress = page.waitForSelector("[data-progress]", { timeout: 30_000 });
    await page.click("button[data-action=install]");
    await progress;
    const notice = await page.waitForSelector("[data-notice]", { timeout: 60_000 });
    expect(await notice.textContent()).toBe("固件 0.2.0 已写入分区 B，下次重启后运行。");
    await page.waitForSelector("[data-section=last-result] [data-outcome=installed]");
    expect(await cell("b", "version")).toBe("0.2.0");
    expect(await cell("b", "next")).toBe("是");
    expect(await cell("b", "good")).toBe("—");
    expect(await cell("a", "booted")).toBe("是");
    expect(existsSync(join(pbx.dataDir, sim.firmware.slots.b, "bin", "pbx"))).toBe(true);
  }, 90_000);
});

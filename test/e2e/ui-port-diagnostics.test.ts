// Port diagnostics in Chromium against the real box on the simulated board (SPEC DEV-2, EXT-5):
// the installer opens a port's diagnostics from the analog extensions page, runs the ring and
// caller-ID tests and the virtual phone rings and shows the test number; keys pressed in a DTMF
// test appear as they arrive; faulted ports show their hints in words.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Page } from "playwright-core";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;
/** A caller ID test needs its second ring, 5 s in, on a loaded machine. */
const TEST_BOUND_MS = 60_000;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 30_000);

const figure = (name: string) => page.locator(`tr[data-figure="${name}"] td`);
const handset = async (port: number) => (await api("GET", `/sim/fxs/${port}`)).json;

async function openPort(port: string): Promise<void> {
  await page.click(`a[data-port-link="${port}"]`);
  await page.waitForSelector(`section[data-port="${port}"] tr[data-figure]`);
}

describe("port diagnostics page", () => {
  test(
    "opened from the analog extensions page, FXS 1 shows its figures measured by the SLIC",
    async () => {
      await page.click('nav a[data-page="analog"]');
      await page.click('tr[data-channel="1"] a[data-action="diagnostics"]');
      await page.waitForSelector('main[data-view="port-diagnostics"] section[data-port="fxs1"]');
      await expect(figure("lineVoltageV").textContent()).resolves.toBe("48 V");
      await expect(figure("loopCurrentMa").textContent()).resolves.toBe("0 mA");
      await expect(figure("hook").textContent()).resolves.toBe("挂机");
      await page.waitForSelector('[data-hint="none"]');
    },
    TEST_BOUND_MS,
  );

  test(
    "the ring test rings the virtual phone; the caller-ID test shows the test number on it",
    async () => {
      await page.click('button[data-action="ring-test"]');
      await page.waitForSelector('[data-test="ring"]');
      expect(
        (
          await until(
            () => handset(1),
            (h) => h.ringing === true,
          )
        ).ringing,
      ).toBe(true);
      await page.click('button[data-action="stop-test"]');
      await until(
        () => handset(1),
        (h) => h.ringing === false,
      );

      await page.fill('input[name="callerIdNumber"]', "13912345678");
      await page.click('button[data-action="caller-id-test"]');
      await page.waitForSelector('[data-test="caller-id"]');
      const shown = await until(
        () => handset(1),
        (h) => h.callerId?.number === "13912345678",
        20_000,
      );
      expect(shown.callerId.number).toBe("13912345678");
      expect(shown.ringing || shown.ringBursts.length >= 2).toBe(true);
      await page.click('button[data-action="stop-test"]');
    },
    TEST_BOUND_MS,
  );

  test(
    "the DTMF test shows the keys pressed on the handset as they arrive",
    async () => {
      await openPort("fxs4");
      await page.click('button[data-action="dtmf-test"]');
      await page.waitForSelector('[data-test="dtmf"]');
      await api("POST", "/sim/fxs/4/offhook");
      await api("POST", "/sim/fxs/4/dial", { digits: "159" });
      await page.waitForFunction(
        () => document.querySelector("[data-digits]")?.textContent === "159",
        undefined,
        { timeout: 15_000 },
      );
      await page.click('button[data-action="stop-test"]');
      await api("POST", "/sim/fxs/4/onhook");
    },
    TEST_BOUND_MS,
  );

  test(
    "a handset left off the hook: the hint in words, and the ring test refused naming why",
    async () => {
      await api("POST", "/sim/fxs/3/offhook");
      await openPort("fxs3");
      const hint = await page.waitForSelector('li[data-hint="handset-off-hook"]');
      expect(await hint.textContent()).toContain("话机未挂好");
      await expect(figure("loopCurrentMa").textContent()).resolves.toBe("23.1 mA");
      await page.click('button[data-action="ring-test"]');
      const refusal = await page.waitForSelector("[data-refusal]");
      expect(await refusal.textContent()).toContain("请先挂机");
      expect((await handset(3)).ringing).toBe(false);
    },
    TEST_BOUND_MS,
  );

  test(
    "an unplugged FXO line and a reversed one show their hints",
    async () => {
      await api("POST", "/sim/fxo/2/wiring", { connected: false });
      await api("POST", "/sim/fxo/3/wiring", { reversed: true });
      await openPort("fxo2");
      const noLine = await page.waitForSelector('li[data-hint="no-line"]');
      expect(await noLine.textContent()).toContain("无外线");
      await openPort("fxo3");
      const reversed = await page.waitForSelector('li[data-hint="line-reversed"]');
      expect(await reversed.textContent()).toContain("极性反接");
      await expect(figure("lineVoltageV").textContent()).resolves.toBe("-48 V");
    },
    TEST_BOUND_MS,
  );

  test(
    "in English the hints read in English",
    async () => {
      await page.click("button.lang-switch");
      await openPort("fxo2");
      const noLine = await page.waitForSelector('li[data-hint="no-line"]');
      expect(await noLine.textContent()).toContain("No line");
    },
    TEST_BOUND_MS,
  );
});

// SPEC CALL-7 for analog extensions on the web, in a real Chromium in Chinese: the admin opens
// 模拟分机, edits FXS 1 (8001) and turns voicemail on. A PIN that is not 4-8 digits, and then no
// PIN at all, are refused beside the PIN field and nothing is kept; with PIN 4321 and an e-mail
// address the box keeps voicemail on, the table says so, and the PIN is never shown back (the
// dialog only says one is set).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { boxApi } from "../support/box-api.ts";
import { logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS } from "../support/pbx-process.ts";
import { startUiBox, stopUiBox } from "../support/ui-box.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;

beforeAll(async () => {
  ({ pbx, browser, page, api } = await startUiBox([]));
}, SETUP_BOUND_MS);

afterAll(() => stopUiBox({ pbx, browser }), 20_000);

const form = 'form[data-form="analog"]';
const row = 'tr[data-channel="1"]';
const fxs1 = async () =>
  ((await api("GET", "/analog-extensions")).json.items as { channel: number }[]).find(
    (a) => a.channel === 1,
  );

test("the admin turns voicemail on for 8001 in its dialog; a bad PIN is refused beside the field", async () => {
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
  await page.click('nav a[data-page="analog"]');
  await page.waitForSelector(row);
  expect(await page.textContent(`${row} [data-col=voicemail]`)).toBe("否");
  await page.click(`${row} button.link`);
  await page.waitForSelector(form);

  await page.check(`${form} input[name=voicemailEnabled]`);
  await page.fill(`${form} input[name=email]`, "desk@example.com");
  await page.fill(`${form} input[name=voicemailPin]`, "12a");
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form} [data-field=voicemailPin].has-error`);
  expect(await page.textContent(`${form} [data-field=voicemailPin] .field-error`)).toContain(
    "4-8 位数字",
  );
  // Without a PIN the handset could never open the mailbox: refused beside the same field.
  await page.fill(`${form} input[name=voicemailPin]`, "");
  await page.click(`${form} button[type=submit]`);
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent?.includes("必填"),
    `${form} [data-field=voicemailPin] .field-error`,
  );
  expect(await fxs1()).toMatchObject({
    voicemailEnabled: false,
    voicemailPinSet: false,
    email: "",
  });
  await page.screenshot({ path: join(OUTPUT_DIR, "ui-analog-voicemail-refused.png") });

  await page.fill(`${form} input[name=voicemailPin]`, "4321");
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(form, { state: "detached" });
  await page.waitForFunction(
    (sel) => document.querySelector(sel)?.textContent === "是",
    `${row} [data-col=voicemail]`,
  );
  const kept = await fxs1();
  expect(kept).toMatchObject({
    number: "8001",
    voicemailEnabled: true,
    voicemailPinSet: true,
    email: "desk@example.com",
  });
  expect(JSON.stringify(kept)).not.toContain("4321");

  // Opened again: the PIN field is empty and says a PIN is set.
  await page.click(`${row} button.link`);
  await page.waitForSelector(form);
  expect(await page.inputValue(`${form} input[name=voicemailPin]`)).toBe("");
  expect(await page.textContent(`${form} [data-field=voicemailPin]`)).toContain("已设置密码");
  expect(await page.isChecked(`${form} input[name=voicemailEnabled]`)).toBe(true);
  await page.screenshot({ path: join(OUTPUT_DIR, "ui-analog-voicemail.png"), fullPage: true });
}, 60_000);

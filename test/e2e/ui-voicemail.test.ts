// SPEC CALL-7 on the web, in a real Chromium in Chinese: extension 701 (logged in with its
// number and SIP password) opens 语音信箱, sees the message left for it, plays it in the page
// (the audio element decodes the box's WAV: its length is the message's), which marks it
// heard, and deletes it after confirming. The admin opens mailbox 701's settings, turns
// voicemail on with an e-mail address and a new PIN, and the box keeps them (the PIN is never
// shown back). The message is a row of the box's SQLite file and a WAV in its voicemail
// folder, as the box leaves them.
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { boxApi } from "../support/box-api.ts";
import {
  audioSeconds,
  launchBrowser,
  logIn,
  OUTPUT_DIR,
  type TestBrowser,
} from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  expect(
    (
      await api("POST", "/extensions", {
        number: "701",
        sipPassword: "Web-701-pass",
        webLogin: true,
      })
    ).status,
  ).toBe(201);
  const folder = join(pbx.dataDir, "voicemail", "701");
  mkdirSync(folder, { recursive: true });
  await writeToneWav(join(folder, "msg-1-1.wav"), 440, 3);
  const db = new Database(join(pbx.dataDir, "pbx.db"));
  db.prepare(
    `INSERT INTO voicemail_messages (mailbox, caller_number, caller_name, received_ms, duration_ms, status, file)
     VALUES ('701', '13800138000', '', ?, 3000, 'new', 'msg-1-1.wav')`,
  ).run(Date.parse("2026-03-02T09:30:00Z"));
  db.close();
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await browser?.close();
  await pbx?.stop();
}, 20_000);

async function login(username: string, password: string, home: string) {
  await browser.browser.clearCookies();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, username, password, home);
}

test("the owner plays its message in the page and deletes it", async () => {
  await login("701", "Web-701-pass", "my-extension");
  await page.click('nav a[data-page="voicemail"]');
  await page.waitForSelector('main[data-view="voicemail"]');
  expect(await page.textContent("h1")).toBe("语音信箱");
  const row = "tr[data-message]";
  await page.waitForSelector(`${row}[data-status=new]`);
  expect(await page.textContent(`${row} td:nth-child(2)`)).toBe("13800138000");
  await page.click(`${row} [data-action=play]`);
  const seconds = await audioSeconds(page, `${row} audio`);
  expect(seconds).toBeCloseTo(3, 1);
  await page.waitForSelector(`${row}[data-status=saved]`);
  await page.screenshot({ path: join(OUTPUT_DIR, "ui-voicemail.png"), fullPage: true });
  page.once("dialog", (dialog) => void dialog.accept());
  await page.click(`${row} [data-action=delete]`);
  await page.waitForSelector("[data-empty=voicemail]");
  expect((await api("GET", "/voicemail/messages?mailbox=701")).json.items).toEqual([]);
}, 30_000);

test("the admin turns mailbox 701 on with an e-mail address and a new PIN", async () => {
  await login("admin", pbx.adminPassword, "status");
  await page.click('nav a[data-page="voicemail"]');
  await page.fill("[data-form=mailbox-pick] input[name=mailbox]", "701");
  await page.click("[data-action=open-mailbox]");
  await page.waitForSelector("[data-form=mailbox]");
  await page.check("[data-form=mailbox] input[name=enabled]");
  await page.fill("[data-form=mailbox] input[name=email]", "owner@example.com");
  await page.fill("[data-form=mailbox] input[name=pin]", "12");
  await page.click("[data-action=save-mailbox]");
  await page.waitForSelector("[data-field=pin].has-error");
  await page.fill("[data-form=mailbox] input[name=pin]", "2468");
  await page.click("[data-action=save-mailbox]");
  await page.waitForSelector("[data-form=mailbox] .note");
  const box = (await api("GET", "/voicemail/mailboxes/701")).json;
  expect(box).toMatchObject({ enabled: true, email: "owner@example.com", pinSet: true });
  expect(JSON.stringify(box)).not.toContain("2468");
  await page.screenshot({ path: join(OUTPUT_DIR, "ui-voicemail-settings.png"), fullPage: true });
}, 30_000);

// SPEC CALL-13 end to end in Chromium (Chinese interface): the admin makes a queue on 电话 ->
// 高级功能 -> 呼叫队列 (a bad ring time refused beside its field); a baresip phone then calls
// the queue, whose only agent is not registered, and the page shows the waiting caller live
// (from the event stream, no reload), and the line goes once the caller hangs up.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Baresip, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;
let caller: Baresip;

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["301", "302"])
    expect(
      (await api("POST", "/extensions", { number, sipPassword: `Pass-${number}-q` })).status,
    ).toBe(201);
  const mic = join(tempDir("ui-queues-"), "mic.wav");
  await writeToneWav(mic, 500, 60);
  caller = await startRegisteredBaresip({
    extension: "301",
    password: "Pass-301-q",
    pbxPort: pbx.ports.sip,
    sourceWav: mic,
  });
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await caller?.stop();
  await browser?.close();
  await pbx?.stop();
}, 20_000);

const origin = () => `https://127.0.0.1:${pbx.ports.https}`;
const form = 'form[data-form="queue"]';

describe("the queues page", () => {
  test("the admin makes a queue (a bad ring time refused beside it); a waiting caller shows live", async () => {
    await logIn(page, origin(), "admin", pbx.adminPassword);
    await page.click('nav a[data-page="queues"]');
    await page.waitForSelector('section[data-page="queues"]');
    expect(await page.textContent("main h1")).toBe("呼叫队列");

    await page.fill(`${form} input[name=number]`, "800");
    await page.fill(`${form} input[name=name]`, "Sales");
    await page.selectOption(`${form} select[name=strategy]`, "round-robin");
    await page.fill(`${form} input[name=staticAgents]`, "302");
    await page.fill(`${form} input[name=ringTimeS]`, "2");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector(`${form} [data-field=ringTimeS] .field-error`);
    expect((await api("GET", "/queues")).json.items).toEqual([]);

    await page.fill(`${form} input[name=ringTimeS]`, "15");
    await page.click(`${form} button[type=submit]`);
    await page.waitForSelector('tr[data-item="800"]');
    expect((await api("GET", "/queues")).json.items[0]).toMatchObject({
      number: "800",
      name: "Sales",
      strategy: "round-robin",
      staticAgents: ["302"],
      ringTimeS: 15,
    });
    expect(await page.textContent('tr[data-item="800"]')).toContain("轮流振铃");
    expect(await page.getAttribute('[data-agent="302"]', "data-state")).toBe("unregistered");

    await caller.command("dial", `sip:800@127.0.0.1:${pbx.ports.sip}`);
    await caller.waitFor(/Call established/);
    await page.waitForSelector('tr[data-item="800"] [data-caller="301"]', { timeout: 10_000 });
    expect(await page.textContent('tr[data-item="800"] [data-caller="301"]')).toContain("1. 301");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-queues.png"), fullPage: true });
    await caller.command("hangup");
    await page.waitForSelector('tr[data-item="800"] [data-waiting="0"]', { timeout: 10_000 });
  }, 60_000);
});

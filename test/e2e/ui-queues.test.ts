// SPEC CALL-13 end to end in Chromium (Chinese interface): the admin makes a queue on 电话 ->
// 高级功能 -> 呼叫队列 (a bad ring time refused beside its field); a baresip phone then calls
// the queue, whose only agent is not registered, and the page shows the waiting caller live
// (from the event stream, no reload), and the line goes once the caller hangs up. An agent
// that logged in (*62#) and paused (*95#) from its phone is shown so again after the box
// restarts on the same data; *095# then shows it free, live.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import {
  type Baresip,
  CALL_ENDED,
  seen,
  startRegisteredBaresip,
  untilSeen,
} from "../support/baresip.ts";
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
let mic: string;
/** The box's data, kept when it restarts. */
const dataDir = tempDir("ui-queues-box-");

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx({ dataDir }), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["301", "302"])
    expect(
      (await api("POST", "/extensions", { number, sipPassword: `Pass-${number}-q` })).status,
    ).toBe(201);
  mic = join(tempDir("ui-queues-"), "mic.wav");
  await writeToneWav(mic, 500, 60);
  caller = await startRegisteredBaresip({
    extension: "301",
    password: "Pass-301-q",
    pbxPort: pbx.ports.sip,
    sourceWav: mic,
  });
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

let agent: Baresip | undefined;

afterAll(async () => {
  await agent?.stop();
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

  test("an agent's login and pause from its phone still show after a restart; *095# shows it free", async () => {
    const made = await api("POST", "/queues", { number: "801", dynamicAgents: ["302"] });
    expect(made.status).toBe(201);
    const phone302 = () =>
      startRegisteredBaresip({
        extension: "302",
        password: "Pass-302-q",
        pbxPort: pbx.ports.sip,
        sourceWav: mic,
      });
    /** 302 dials a feature code; the box answers, speaks and hangs up. */
    const dial = async (code: string) => {
      const ended = seen(agent!, CALL_ENDED);
      await agent!.command("dial", `sip:${encodeURIComponent(code)}@127.0.0.1:${pbx.ports.sip}`);
      await untilSeen(agent!, CALL_ENDED, ended, 20_000, pbx);
    };
    agent = await phone302();
    await dial("*62#");
    await dial("*95#");
    const chip = 'tr[data-item="801"] [data-agent="302"]';
    await page.waitForSelector(`${chip}[data-state="paused"]`, { timeout: 10_000 });

    // The box restarts on its data; the phone registers with it again.
    await agent.stop();
    await caller.stop();
    const adminPassword = pbx.adminPassword;
    await pbx.stop();
    pbx = await startPbx({ dataDir, adminPassword });
    api = boxApi(pbx, await pbx.adminToken());
    agent = await phone302();
    // The admin's session is kept by the box (and its cookie by the browser): still logged in.
    await page.goto(`${origin()}/`);
    await page.click('nav a[data-page="queues"]');
    // Logged in and paused, as before (a logged-out agent shows 未登录).
    await page.waitForSelector(`${chip}[data-state="paused"]`, { timeout: 10_000 });
    expect(await page.textContent(chip)).toBe("302: 暂停");
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-queues-restarted.png"), fullPage: true });
    await dial("*095#");
    await page.waitForSelector(`${chip}[data-state="available"]`, { timeout: 10_000 });
  }, 120_000);
});

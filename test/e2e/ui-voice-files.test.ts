// SPEC VOICE-1, VOICE-2 end to end: in a real Chromium, in Chinese, the operator finds
// 电话 -> 语音文件库. Custom prompts: a 44.1 kHz stereo WAV is uploaded with its progress shown,
// stored as 8 kHz mono, played in the page (the audio element decodes the box's WAV), played
// on extension 301 (a real baresip phone rings), and deleted; a text file named .mp3 is
// refused beside the upload. Music on hold: a folder is added with its play mode, a file
// uploaded into it and played, the play mode changed, then file and folder deleted.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Baresip, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import {
  audioSeconds,
  launchBrowser,
  logIn,
  OUTPUT_DIR,
  type TestBrowser,
} from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";
import { tempDir } from "../support/temp-dir.ts";

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let phone: Baresip;
let api: ReturnType<typeof boxApi>;
const dir = tempDir("ui-voice-files-");
const wav = join(dir, "welcome.wav");
const notAudio = join(dir, "notes.mp3");

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  expect(
    (await api("POST", "/extensions", { number: "301", sipPassword: "Pass-301!" })).status,
  ).toBe(201);
  const operator = { username: "desk", password: "Desk-password-1", role: "operator" };
  expect((await api("POST", "/accounts", operator)).status).toBe(201);
  const sox = requirePeer("sox", "sox");
  const made = await run([
    sox,
    "-n",
    "-r",
    "44100",
    "-c",
    "2",
    "-b",
    "16",
    wav,
    "synth",
    "2",
    "sine",
    "440",
    "vol",
    "0.5",
  ]);
  expect(made.code).toBe(0);
  await Bun.write(notAudio, "these are meeting notes, not audio\n");
  phone = await startRegisteredBaresip({
    extension: "301",
    password: "Pass-301!",
    pbxPort: pbx.ports.sip,
  });

  page = await browser.browser.newPage();
  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "desk", "Desk-password-1");
}, SETUP_BOUND_MS);

afterAll(async () => {
  await phone?.stop();
  await browser?.close();
  await pbx?.stop();
}, 30_000);

/** Plays a row's audio in the page; the seconds the browser decoded. */
async function playedSeconds(row: string): Promise<number> {
  await page.click(`${row} [data-action=play]`);
  return audioSeconds(page, `${row} audio`);
}

describe("voice files in the web UI", () => {
  test("custom prompts: upload with progress, play in the page and on an extension, delete", async () => {
    expect(await page.textContent("nav")).toContain("语音文件库");
    await page.click('nav a[data-page="prompts"]');
    await page.waitForSelector('section[data-loaded="true"]');
    expect(await page.textContent("h1")).toBe("其他自定义语音提示");

    // Not audio: refused beside the upload, nothing listed.
    await page.setInputFiles("[data-form=upload] input[type=file]", notAudio);
    await page.click("[data-action=upload]");
    await page.waitForSelector("[data-error=upload]");
    expect(await page.$("tr[data-prompt]")).toBeNull();

    await page.setInputFiles("[data-form=upload] input[type=file]", wav);
    await page.fill("[data-form=upload] input[name=name]", "welcome");
    await page.click("[data-action=upload]");
    await page.waitForSelector('tr[data-prompt="welcome"]');
    expect(await page.$("[data-error=upload]")).toBeNull();
    expect(await page.getAttribute("[data-progress]", "value")).toBe("1");
    expect(await page.textContent('tr[data-prompt="welcome"]')).toContain("44100");
    expect(await playedSeconds('tr[data-prompt="welcome"]')).toBeCloseTo(2, 1);

    const before = (phone.output().match(/Incoming call/g) ?? []).length;
    await page.fill("input[name=play-extension]", "301");
    await page.click('tr[data-prompt="welcome"] [data-action=play-on]');
    await page.waitForSelector("[data-notice]");
    await phone.waitFor(new RegExp(`(Incoming call[\\s\\S]*){${before + 1}}`), 10_000);
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-prompts.png"), fullPage: true });

    page.once("dialog", (dialog) => void dialog.accept());
    await page.click('tr[data-prompt="welcome"] [data-action=delete]');
    await page.waitForSelector('tr[data-prompt="welcome"]', { state: "detached" });
    expect((await api("GET", "/prompts/welcome")).status).toBe(404);
  }, 60_000);

  test("music on hold: a folder with its play mode, a file uploaded and played, then removed", async () => {
    await page.click('nav a[data-page="moh"]');
    await page.waitForSelector('tr[data-class="default"]');
    expect(await page.textContent("h1")).toBe("通话保持音乐");

    await page.fill("[data-form=moh-class] input[name=name]", "sales");
    await page.selectOption("[data-form=moh-class] select[name=playMode]", "in-order");
    await page.click("[data-action=add-class]");
    await page.waitForSelector('section[data-loaded="sales"]');
    expect((await api("GET", "/moh-classes/sales")).json.playMode).toBe("in-order");

    await page.setInputFiles("[data-form=upload] input[type=file]", wav);
    await page.click("[data-action=upload]");
    await page.waitForSelector('tr[data-file="welcome"]');
    expect(await page.textContent('tr[data-class="sales"] [data-count]')).toBe("1");
    expect(await playedSeconds('tr[data-file="welcome"]')).toBeCloseTo(2, 1);

    await page.selectOption('tr[data-class="sales"] select[name=class-play-mode]', "random");
    await expectSoon(
      async () => (await api("GET", "/moh-classes/sales")).json.playMode === "random",
    );
    await page.screenshot({ path: join(OUTPUT_DIR, "ui-moh.png"), fullPage: true });

    page.once("dialog", (dialog) => void dialog.accept());
    await page.click('tr[data-file="welcome"] [data-action=delete]');
    await page.waitForSelector('[data-empty="moh-files"]');
    page.once("dialog", (dialog) => void dialog.accept());
    await page.click('tr[data-class="sales"] [data-action=delete-class]');
    await page.waitForSelector('tr[data-class="sales"]', { state: "detached" });
    expect((await api("GET", "/moh-classes/sales")).status).toBe(404);
  }, 60_000);
});

async function expectSoon(check: () => Promise<boolean>, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("not within the time");
    await Bun.sleep(100);
  }
}

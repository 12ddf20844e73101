// SPEC CALL-5 in Chromium (Chinese interface): two softphones (baresip) are in conference room
// 95; the admin opens 电话 -> 高级功能 -> 电话会议, sees both live in the room, mutes 301 (the
// box then stops mixing it: 302 no longer hears 301's tone) and changes the room's guest PIN,
// which the API then reports; a PIN with letters is refused beside its field.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { readWav } from "../../media/file/wav-reader.ts";
import {
  type Baresip,
  CALL_ENDED,
  seen,
  startRegisteredBaresip,
  untilSeen,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, OUTPUT_DIR, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

const TONE_HZ: Record<string, number> = { "301": 500, "302": 700 };
const password = (n: string) => `Pass-${n}!`;

let pbx: RunningPbx;
let browser: TestBrowser;
let page: Page;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("ui-conference-");
  for (const number of ["301", "302"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      displayName: `Desk ${number}`,
    });
    expect(created.status).toBe(201);
    const wav = join(dir, `${number}.wav`);
    await writeToneWav(wav, TONE_HZ[number]!, 120);
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: wav,
      record: true,
    });
  }
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await browser?.close();
  await pbx?.stop();
}, 20_000);

const origin = () => `https://127.0.0.1:${pbx.ports.https}`;

test("the admin sees 301 and 302 live in room 95, mutes 301 and changes the guest PIN", async () => {
  for (const number of ["301", "302"]) {
    const phone = phones[number]!;
    const up = seen(phone, /Call established/);
    await phone.command("dial", `sip:95@127.0.0.1:${pbx.ports.sip}`);
    await untilSeen(phone, /Call established/, up);
    await Bun.sleep(800);
    await phone.command("sndcode", "1234#");
  }
  await until(
    () => api("GET", "/conference-rooms/95"),
    (r) => r.json.participants.length === 2,
  );

  await logIn(page, origin(), "admin", pbx.adminPassword);
  await page.click('nav a[data-page="conference-rooms"]');
  await page.waitForSelector('section[data-page="conference-rooms"]');
  expect(await page.textContent("main h1")).toBe("电话会议");
  await page.waitForSelector('tr[data-item="95"] td[data-count="2"]');
  await page.click('tr[data-item="95"] button');
  const row = '[data-room="95"] tr[data-participant="301"]';
  await page.waitForSelector(row);
  expect(await page.textContent('[data-room="95"] tr[data-participant="302"]')).toContain("会议中");
  await page.screenshot({ path: join(OUTPUT_DIR, "ui-conference-rooms.png"), fullPage: true });

  await page.click(`${row} button[data-action=mute]`);
  await page.waitForSelector(`${row} td[data-state="muted"]`);
  expect(await page.textContent(`${row} td[data-state]`)).toContain("已静音");
  const room = await api("GET", "/conference-rooms/95");
  expect(
    room.json.participants.map((p: { number: string; muted: boolean }) => [p.number, p.muted]),
  ).toEqual([
    ["301", true],
    ["302", false],
  ]);
  // Long enough after the mute that a busy machine's late frames are out of the window checked.
  await Bun.sleep(4500);
  const down = seen(phones["302"]!, CALL_ENDED);
  await phones["302"]!.command("hangup");
  await untilSeen(phones["302"]!, CALL_ENDED, down);
  // 302 heard 301 until the mute, then not.
  const file = phones["302"]!.dumps()
    .sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs)
    .at(-1)!;
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(wav.error);
  const seconds = Math.floor(wav.wav.channels[0]!.length / 8000 - 0.5);
  expect(toneShare(file, TONE_HZ["301"]!, 0, seconds)).toBeGreaterThan(0.1);
  expect(toneShare(file, TONE_HZ["301"]!, seconds - 1.5, seconds)).toBeLessThan(0.1);

  const form = 'form[data-form="conference-room"]';
  await page.fill(`${form} input[name=guestPin]`, "12ab");
  await page.click(`${form} button[type=submit]`);
  await page.waitForSelector(`${form} [data-field=guestPin] .field-error`);
  await page.fill(`${form} input[name=guestPin]`, "5678");
  await page.click(`${form} button[type=submit]`);
  await until(
    () => api("GET", "/conference-rooms/95"),
    (r) => r.json.guestPin === "5678",
  );
  await phones["301"]!.command("hangup");
}, 90_000);

// SPEC DEV-5 and CALL-7 end to end: voicemail on the USB stick. The admin sends new voicemail
// messages to the stick on the settings page (Chromium); a baresip caller (702, whose
// microphone is a 440 Hz tone) calls 701, whose phone is not registered, and leaves a message.
// The message ends up on the simulated board's stick, whole, and nothing of it on the box; the
// owner downloads it with the tone in it. The stick pulled, the message is still listed and
// its audio is gone until the stick is back. Voicemail stays on the box by default.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type Baresip, CALL_ENDED, seen, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let caller: Baresip;
let browser: TestBrowser;
let page: Page;
let dir: string;

const stickVoicemail = () => join(pbx.dataDir, "sim-usb", "sda1", "pbx", "voicemail", "701");
const boxVoicemail = () => join(pbx.dataDir, "voicemail", "701");
const wavsIn = (path: string) =>
  existsSync(path) ? readdirSync(path).filter((f) => f.startsWith("msg-")) : [];
const storage = async () => (await api("GET", "/storage")).json;
const messages = async () =>
  (await api("GET", "/voicemail/messages?mailbox=701")).json.items as { id: number }[];

/** 702 calls 701 (not registered: straight to the mailbox) and speaks its tone for a while. */
async function leaveMessage(): Promise<number> {
  const before = (await messages()).length;
  const [up, down] = [seen(caller, /Call established/), seen(caller, CALL_ENDED)];
  await caller.command("dial", `sip:701@127.0.0.1:${pbx.ports.sip}`);
  await until(
    async () => seen(caller, /Call established/),
    (n) => n > up,
    15_000,
  );
  // The built-in greeting and the beep, then about 4 s of the tone.
  await Bun.sleep(11_000);
  await caller.command("hangup");
  await until(
    async () => seen(caller, CALL_ENDED),
    (n) => n > down,
    10_000,
  );
  const listed = await until(messages, (items) => items.length > before, 10_000);
  return listed[0]!.id;
}

beforeAll(async () => {
  dir = tempDir("usb-voicemail-");
  const tone = join(dir, "tone.wav");
  await writeToneWav(tone, 440, 120);
  [pbx, browser] = await Promise.all([startPbx(), launchBrowser({ locale: "zh-CN" })]);
  api = boxApi(pbx, await pbx.adminToken());
  expect(
    (
      await api("POST", "/extensions", {
        number: "701",
        sipPassword: "Usb-701-pass",
        voicemailEnabled: true,
      })
    ).status,
  ).toBe(201);
  expect(
    (await api("POST", "/extensions", { number: "702", sipPassword: "Usb-702-pass" })).status,
  ).toBe(201);
  caller = await startRegisteredBaresip({
    extension: "702",
    password: "Usb-702-pass",
    pbxPort: pbx.ports.sip,
    sourceWav: tone,
    codecs: ["PCMU"],
  });
  page = await browser.browser.newPage();
}, SETUP_BOUND_MS);

afterAll(async () => {
  await caller?.stop();
  await browser?.close();
  await pbx?.stop();
}, 30_000);

test("the admin sends voicemail to the stick; a message left is there whole, and on it only", async () => {
  expect(await storage()).toMatchObject({ usb: null, voicemailTo: "internal" });
  expect((await api("POST", "/sim/usb", { inserted: true })).status).toBe(200);
  await until(storage, (s) => s.usb !== null, 10_000);

  await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
  await page.click('nav a[data-page="settings"]');
  const card = page.locator("[data-section=storage]");
  await card.locator("[data-usb-state=mounted]").waitFor();
  await card.locator("select[name=voicemailTo]").selectOption("usb");
  await until(storage, (s) => s.voicemailTo === "usb");
  expect((await storage()).recordingsTo).toBe("usb");

  const id = await leaveMessage();
  // Written on the box, then moved once whole.
  await until(
    async () => [wavsIn(stickVoicemail()).length, wavsIn(boxVoicemail()).length],
    ([onStick, onBox]) => onStick === 1 && onBox === 0,
    10_000,
  );
  const audio = await pbx.api(`/api/v1/voicemail/messages/${id}/audio`, {
    token: await pbx.adminToken(),
  });
  expect(audio.status).toBe(200);
  const bytes = new Uint8Array(await audio.arrayBuffer());
  const file = join(stickVoicemail(), wavsIn(stickVoicemail())[0]!);
  expect(bytes).toEqual(new Uint8Array(readFileSync(file)));
  // The caller's tone is what the message holds.
  expect(toneShare(file, 440, 0, 60)).toBeGreaterThan(0.5);
}, 90_000);

test("pulled, the stick's message stays listed without its audio; back, the audio is too", async () => {
  const [message] = await messages();
  expect((await api("POST", "/sim/usb", { inserted: false })).status).toBe(200);
  await until(storage, (s) => s.usb === null, 10_000);
  expect((await messages()).map((m) => m.id)).toEqual([message!.id]);
  // The box lets go of the stick at its next look at the mounts (every 2 s).
  const audio = async () =>
    (
      await pbx.api(`/api/v1/voicemail/messages/${message!.id}/audio`, {
        token: await pbx.adminToken(),
      })
    ).status;
  expect(await until(audio, (status) => status === 404, 10_000)).toBe(404);

  expect((await api("POST", "/sim/usb", { inserted: true })).status).toBe(200);
  await until(storage, (s) => s.usb !== null, 10_000);
  expect(await until(audio, (status) => status === 200, 10_000)).toBe(200);
}, 60_000);

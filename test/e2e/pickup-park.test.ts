// Pickup and park end to end (SPEC CALL-8, CALL-9): the real program, real softphones
// (baresip, each sending its own tone and recording what it hears), a SIPp phone that only
// rings, and the simulated board's analog handset 8001.
// (1) 301 calls 302 (SIPp, ringing); 303 dials **302#: 302 is cancelled, 301 and 303 hear each
// other; the record says 303 answered. (2) 301 and 302 talk; 302 keys *4# (RFC 4733): it hears
// the slot and its call ends; the connection page shows it parked in 41 (Chromium); 303 dials
// 41 and talks with 301. (3) 301 calls handset 8001,
// which keys *4# in-band; 303 dials 41 and talks with 301. (4) Handset 8001 picks up 301's call
// ringing at 302 by dialling **302#.

import { afterAll, beforeAll, expect, test } from "bun:test";
import {
  type Baresip,
  CALL_ENDED,
  lastRecording,
  seen,
  startTonePhones,
  untilSeen as untilPhoneSeen,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { launchBrowser, logIn } from "../support/browser.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";
import { tempDir } from "../support/temp-dir.ts";
import { loudShare, toneShare } from "../support/tone-audio.ts";

/** Each phone's own tone, so a recording says whom its phone heard. */
const TONE_HZ: Record<string, number> = { "301": 1000, "302": 700, "303": 500 };
const password = (n: string) => `Pass-${n}!`;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("pickup-park-");
  for (const number of ["301", "302", "303"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      displayName: `Desk ${number}`,
    });
    expect(created.status).toBe(201);
  }
  Object.assign(phones, await startTonePhones(pbx.ports.sip, TONE_HZ, password, dir));
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

const sipUri = (user: string) => `sip:${user}@127.0.0.1:${pbx.ports.sip}`;

/** Waits for `pattern` in a phone's output, with the box's output when it does not come. */
const untilSeen = (phone: Baresip, pattern: RegExp, moreThan: number, ms?: number) =>
  untilPhoneSeen(phone, pattern, moreThan, ms, pbx);

const ESTABLISHED = /Call established/;

/** The last call's recording of `number`'s phone, and its length in seconds. */
const lastDump = (number: string) => lastRecording(phones[number]!, number);

/** The share of the last `seconds` (but the final half second) of `number`'s call with `hz`. */
function heardAtEnd(number: string, hz: number, seconds = 2): number {
  const { file, seconds: length } = lastDump(number);
  // Whole seconds: the share is counted in frames from a sample index.
  const to = Math.floor(length - 0.5);
  return toneShare(file, hz, Math.max(0, to - seconds), to);
}

async function callsNow() {
  return (await api("GET", "/calls")).json.items as {
    id: string;
    state: string;
    legs: { extension: string; kind: string; state: string }[];
  }[];
}

/** Registers `number` from a fresh port for SIPp and runs `scenario` there as the called phone. */
async function sippPhone(number: string, scenario: string) {
  const port = await freePort();
  const registered = await sipp({
    scenario: "register.xml",
    target: pbx.ports.sip,
    service: number,
    user: number,
    password: password(number),
    extra: ["-p", String(port)],
  });
  expect(registered.errors).toBe("");
  const run = sipp({
    scenario,
    target: pbx.ports.sip,
    service: number,
    extra: ["-p", String(port), "-mp", String(await freePort())],
    timeoutMs: 40_000,
  });
  return { done: run.then((r) => r) };
}

test("**302# from 303 picks up 302's ringing call: 302 stops ringing, 301 and 303 talk", async () => {
  const [a, c] = [phones["301"]!, phones["303"]!];
  const ringer = await sippPhone("302", "call-uas-ring.xml");
  const [aUp, cUp] = [seen(a, ESTABLISHED), seen(c, ESTABLISHED)];
  await a.command("dial", sipUri("302"));
  await until(callsNow, (calls) =>
    calls.some((call) => call.legs.some((l) => l.extension === "302" && l.state === "ringing")),
  );
  await c.command("dial", sipUri("**302%23"));
  await untilSeen(c, ESTABLISHED, cUp);
  await untilSeen(a, ESTABLISHED, aUp);
  // 302 got its CANCEL: SIPp's scenario (180, CANCEL, 487) ran to its end.
  const rang = await ringer.done;
  expect(rang.errors).toBe("");
  expect(rang.code).toBe(0);
  const calls = await callsNow();
  expect(calls).toHaveLength(1);
  expect(calls[0]!.legs.map((l) => l.extension)).toEqual(["301", "303"]);
  await Bun.sleep(3000);
  const aDown = seen(a, CALL_ENDED);
  await c.command("hangup");
  await untilSeen(a, CALL_ENDED, aDown);
  expect(heardAtEnd("301", TONE_HZ["303"]!)).toBeGreaterThan(0.6);
  expect(heardAtEnd("303", TONE_HZ["301"]!)).toBeGreaterThan(0.6);
  const cdr = await until(
    () => api("GET", "/cdr?caller=301"),
    (r) => r.json.items.length > 0,
  );
  expect(cdr.json.items[0]).toMatchObject({
    callee: "302",
    finalCallee: "303",
    status: "answered",
  });
}, 60_000);

test("302 keys *4#: it hears the slot and leaves; 303 dials 41 and talks with the parked 301", async () => {
  const [a, b, c] = [phones["301"]!, phones["302"]!, phones["303"]!];
  const [aUp, bUp, cUp, bDown] = [
    seen(a, ESTABLISHED),
    seen(b, ESTABLISHED),
    seen(c, ESTABLISHED),
    seen(b, CALL_ENDED),
  ];
  const bIncoming = seen(b, /Incoming call/);
  await a.command("dial", sipUri("302"));
  await untilSeen(b, /Incoming call/, bIncoming);
  await b.command("accept");
  await untilSeen(b, ESTABLISHED, bUp);
  await untilSeen(a, ESTABLISHED, aUp);
  await Bun.sleep(1500);
  await b.command("sndcode", "*4#");
  await untilSeen(b, CALL_ENDED, bDown, 20_000);
  // 302 heard the box speak (the slot), not 301's tone, before its call ended.
  const said = lastDump("302");
  const end = Math.floor(said.seconds);
  expect(loudShare(said.file, end - 2, end)).toBeGreaterThan(0.3);
  expect(heardAtEnd("302", TONE_HZ["301"]!, 1)).toBeLessThan(0.2);
  // 301 is still in its call, held in slot 41.
  const parked = await until(callsNow, (calls) => calls.length === 1);
  expect(parked[0]!.legs.map((l) => [l.extension, l.kind])).toEqual([
    ["301", "sip"],
    ["41", "application"],
  ]);
  // The connection page shows the parked call in its slot, live.
  const browser = await launchBrowser({ locale: "en-US" });
  try {
    const page = await browser.browser.newPage();
    await logIn(page, `https://127.0.0.1:${pbx.ports.https}`, "admin", pbx.adminPassword);
    await page.goto(`https://127.0.0.1:${pbx.ports.https}/#/connections`);
    const tile = page.locator('[data-parked-slot="41"]');
    await tile.waitFor();
    expect(await tile.textContent()).toContain("301, parked by 302");
    await c.command("dial", sipUri("41%23"));
    await untilSeen(c, ESTABLISHED, cUp);
    await tile.waitFor({ state: "detached" });
  } finally {
    await browser.close();
  }
  await Bun.sleep(3000);
  const aDown = seen(a, CALL_ENDED);
  await c.command("hangup");
  await untilSeen(a, CALL_ENDED, aDown);
  expect(heardAtEnd("301", TONE_HZ["303"]!)).toBeGreaterThan(0.6);
  expect(heardAtEnd("303", TONE_HZ["301"]!)).toBeGreaterThan(0.6);
  // The record says 302 was dialled and 303 took the call in the end.
  const cdr = await until(
    () => api("GET", "/cdr?caller=301"),
    (r) => r.json.items.some((i: { callId: string }) => i.callId === parked[0]!.id),
  );
  expect(cdr.json.items.find((i: { callId: string }) => i.callId === parked[0]!.id)).toMatchObject({
    callee: "302",
    finalCallee: "303",
    status: "answered",
  });
}, 60_000);

test("handset 8001 keys *4# in-band during a call: 303 dials 41 and talks with 301", async () => {
  const [a, c] = [phones["301"]!, phones["303"]!];
  const [aUp, cUp] = [seen(a, ESTABLISHED), seen(c, ESTABLISHED)];
  await a.command("dial", sipUri("8001"));
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.ringing === true,
  );
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await untilSeen(a, ESTABLISHED, aUp);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "*4#" })).status).toBe(200);
  // The handset's party is now the box's slot 41; the handset hears the slot, then busy tone
  // (the box hung up on it), and is put down.
  await until(callsNow, (calls) =>
    calls.some((call) => call.legs.map((l) => l.extension).join() === "301,41"),
  );
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "busy",
  );
  await api("POST", "/sim/fxs/1/onhook");
  await c.command("dial", sipUri("41"));
  await untilSeen(c, ESTABLISHED, cUp);
  await Bun.sleep(3000);
  const aDown = seen(a, CALL_ENDED);
  await c.command("hangup");
  await untilSeen(a, CALL_ENDED, aDown);
  expect(heardAtEnd("301", TONE_HZ["303"]!)).toBeGreaterThan(0.6);
  expect(heardAtEnd("303", TONE_HZ["301"]!)).toBeGreaterThan(0.6);
}, 60_000);

test("handset 8001 dials **302#: it takes 301's call ringing at 302 and hears 301", async () => {
  const a = phones["301"]!;
  const ringer = await sippPhone("302", "call-uas-ring.xml");
  const aUp = seen(a, ESTABLISHED);
  await a.command("dial", sipUri("302"));
  await until(callsNow, (calls) =>
    calls.some((call) => call.legs.some((l) => l.extension === "302" && l.state === "ringing")),
  );
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "dial-tone",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "**302#" })).status).toBe(200);
  await untilSeen(a, ESTABLISHED, aUp);
  const rang = await ringer.done;
  expect(rang.errors).toBe("");
  expect(rang.code).toBe(0);
  const calls = await until(callsNow, (all) => all.length === 1);
  expect(calls[0]!.legs.map((l) => [l.extension, l.kind])).toEqual([
    ["301", "sip"],
    ["8001", "fxs"],
  ]);
  // 301's tone reaches the earpiece as sound, not a call-progress tone.
  const heard = await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  expect(heard.json.hears).toBe("audio");
  // A second's talk at least: baresip prints no end line for a shorter call.
  await Bun.sleep(1000);
  const aDown = seen(a, CALL_ENDED);
  await api("POST", "/sim/fxs/1/onhook");
  await untilSeen(a, CALL_ENDED, aDown);
  const cdr = await until(
    () => api("GET", "/cdr?caller=301"),
    (r) => r.json.items.some((i: { finalCallee: string }) => i.finalCallee === "8001"),
  );
  expect(cdr.json.items[0]).toMatchObject({ callee: "302", finalCallee: "8001" });
}, 60_000);

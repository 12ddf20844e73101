// Call transfer end to end (SPEC CALL-10): the real program, real softphones (baresip, each
// sending its own tone and recording what it hears) and SIPp phones that send REFER.
// (1) 301 calls 302; 302 keys #303#: 302's call ends, 303 rings, 301 and 303 talk.
// (2) 301 calls 302; 302 keys *2303#: 301 is held, 303 rings and talks with 302; 302 hangs up:
// 301 and 303 talk. (3) the same, but 302 keys *: 303's call ends and 302 talks with 301 again.
// (4) SIPp as 304 calls 301, then REFERs it to 303: 202, NOTIFY 100 Trying, 303 rings and
// answers, NOTIFY 200 OK, 304 hangs up; 301 and 303 talk. (5) SIPp as 305 calls 303 and
// 301, then REFERs the call with 301 to 303 with Replaces naming the first: 202, NOTIFY 100
// and 200, both of 305's calls end; 301 and 303 talk. (6) 301 calls handset 8001, which
// flashes, dials 303 and, once 303 answers, hangs up: 301 and 303 talk.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Baresip,
  CALL_ENDED,
  lastRecording,
  seen,
  startTonePhones,
  untilSeen as untilPhoneSeen,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { sipp } from "../support/sipp.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare } from "../support/tone-audio.ts";

/** Each phone's own tone, so a recording says whom its phone heard. */
const TONE_HZ: Record<string, number> = { "301": 1000, "302": 700, "303": 500 };
const password = (n: string) => `Pass-${n}!`;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("transfer-");
  for (const number of ["301", "302", "303", "304", "305"]) {
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
const INCOMING = /Incoming call/;

/** The last call's recording of `number`'s phone, and its length in seconds. */
const lastDump = (number: string) => lastRecording(phones[number]!, number);

/** The share of the last `seconds` (but the final half second) of `number`'s call with `hz`. */
function heardAtEnd(number: string, hz: number, seconds = 2): number {
  const { file, seconds: length } = lastDump(number);
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

/** 301 calls 302 and 302 answers. */
async function aCallsB() {
  const [a, b] = [phones["301"]!, phones["302"]!];
  const [aUp, bUp, bIn] = [seen(a, ESTABLISHED), seen(b, ESTABLISHED), seen(b, INCOMING)];
  await a.command("dial", sipUri("302"));
  await untilSeen(b, INCOMING, bIn);
  await b.command("accept");
  await untilSeen(b, ESTABLISHED, bUp);
  await untilSeen(a, ESTABLISHED, aUp);
  await Bun.sleep(1500);
}

/** 303 answers the call ringing it. */
async function cAnswers(cIn: number) {
  const c = phones["303"]!;
  const cUp = seen(c, ESTABLISHED);
  await untilSeen(c, INCOMING, cIn);
  await c.command("accept");
  await untilSeen(c, ESTABLISHED, cUp);
}

/** 303 hangs up on 301 and both recordings end with the other's tone. */
async function aAndCTalked() {
  const [a, c] = [phones["301"]!, phones["303"]!];
  await Bun.sleep(3000);
  const aDown = seen(a, CALL_ENDED);
  await c.command("hangup");
  await untilSeen(a, CALL_ENDED, aDown);
  expect(heardAtEnd("301", TONE_HZ["303"]!)).toBeGreaterThan(0.6);
  expect(heardAtEnd("303", TONE_HZ["301"]!)).toBeGreaterThan(0.6);
}

test("302 keys #303#: its call ends, 303 rings, 301 and 303 talk; one record 301 to 302, ended at 303", async () => {
  const [b, c] = [phones["302"]!, phones["303"]!];
  await aCallsB();
  const [bDown, cIn] = [seen(b, CALL_ENDED), seen(c, INCOMING)];
  await b.command("sndcode", "#303#");
  await untilSeen(b, CALL_ENDED, bDown);
  await cAnswers(cIn);
  const calls = await until(callsNow, (all) => all.length === 1);
  expect(calls[0]!.legs.map((l) => l.extension)).toEqual(["301", "303"]);
  await aAndCTalked();
  const cdr = await until(
    () => api("GET", "/cdr?caller=301"),
    (r) => r.json.items.some((i: { callId: string }) => i.callId === calls[0]!.id),
  );
  expect(cdr.json.items.find((i: { callId: string }) => i.callId === calls[0]!.id)).toMatchObject({
    callee: "302",
    finalCallee: "303",
    status: "answered",
  });
}, 60_000);

test("302 keys *2303#: 301 is held, 302 talks with 303, then hangs up: 301 and 303 talk", async () => {
  const [a, b, c] = [phones["301"]!, phones["302"]!, phones["303"]!];
  await aCallsB();
  const cIn = seen(c, INCOMING);
  await b.command("sndcode", "*2303#");
  await cAnswers(cIn);
  await Bun.sleep(3000);
  // 302 and 303 hear each other; 301, held, hears neither.
  const calls = await callsNow();
  expect(calls).toHaveLength(2);
  const cUp = lastDump("303");
  expect(toneShare(cUp.file, TONE_HZ["302"]!, 1, Math.floor(cUp.seconds - 0.5))).toBeGreaterThan(
    0.6,
  );
  const [aDown, cDown] = [seen(a, CALL_ENDED), seen(c, CALL_ENDED)];
  await b.command("hangup");
  await until(callsNow, (all) => all.length === 1);
  expect(seen(a, CALL_ENDED)).toBe(aDown);
  expect(seen(c, CALL_ENDED)).toBe(cDown);
  await aAndCTalked();
}, 60_000);

test("302 keys *2303# then *: 303's call ends and 302 talks with 301 again", async () => {
  const [a, b, c] = [phones["301"]!, phones["302"]!, phones["303"]!];
  await aCallsB();
  const cIn = seen(c, INCOMING);
  await b.command("sndcode", "*2303#");
  await cAnswers(cIn);
  await Bun.sleep(1500);
  const cDown = seen(c, CALL_ENDED);
  await b.command("sndcode", "*");
  await untilSeen(c, CALL_ENDED, cDown);
  await Bun.sleep(3000);
  const aDown = seen(a, CALL_ENDED);
  await b.command("hangup");
  await untilSeen(a, CALL_ENDED, aDown);
  expect(heardAtEnd("301", TONE_HZ["302"]!)).toBeGreaterThan(0.6);
  expect(heardAtEnd("302", TONE_HZ["301"]!)).toBeGreaterThan(0.6);
}, 60_000);

test("304 (SIPp) REFERs its call with 301 to 303: NOTIFY 100 then 200 sipfrag, 301 and 303 talk", async () => {
  const [a, c] = [phones["301"]!, phones["303"]!];
  const [aIn, aUp, cIn] = [seen(a, INCOMING), seen(a, ESTABLISHED), seen(c, INCOMING)];
  const transferor = (async () =>
    sipp({
      scenario: "call-uac-refer.xml",
      target: pbx.ports.sip,
      service: "301",
      user: "304",
      password: password("304"),
      extra: [
        "-key",
        "caller",
        "304",
        "-key",
        "target",
        "303",
        "-mp",
        String(await freePort()),
        "-auth_uri",
        `301@127.0.0.1:${pbx.ports.sip}`,
      ],
      timeoutMs: 40_000,
    }))();
  await untilSeen(a, INCOMING, aIn);
  await a.command("accept");
  await untilSeen(a, ESTABLISHED, aUp);
  await cAnswers(cIn);
  // SIPp checked the 202, both NOTIFYs (Event: refer, 100 Trying, then 200 OK and the
  // subscription terminated) and its BYE's 200.
  const run = await transferor;
  expect(run.errors).toBe("");
  expect(run.code).toBe(0);
  const calls = await until(callsNow, (all) => all.length === 1);
  expect(calls[0]!.legs.map((l) => l.extension)).toEqual(["301", "303"]);
  await aAndCTalked();
}, 60_000);

test("305 (SIPp) has calls with 303 and 301 and REFERs one with Replaces naming the other: 301 and 303 talk", async () => {
  const [a, c] = [phones["301"]!, phones["303"]!];
  const dialogFile = join(tempDir("replaces-"), "dialog.txt");
  const [aIn, aUp, cIn, cUp] = [
    seen(a, INCOMING),
    seen(a, ESTABLISHED),
    seen(c, INCOMING),
    seen(c, ESTABLISHED),
  ];
  const caller = (extra: string[]) => ["-key", "caller", "305", "-mp", ...extra];
  const consultation = (async () =>
    sipp({
      scenario: "call-uac-consult.xml",
      target: pbx.ports.sip,
      service: "303",
      user: "305",
      password: password("305"),
      extra: caller([
        String(await freePort()),
        "-key",
        "dialogfile",
        dialogFile,
        "-auth_uri",
        `303@127.0.0.1:${pbx.ports.sip}`,
      ]),
      timeoutMs: 40_000,
    }))();
  await untilSeen(c, INCOMING, cIn);
  await c.command("accept");
  await untilSeen(c, ESTABLISHED, cUp);
  await until(
    async () => existsSync(dialogFile) && readFileSync(dialogFile, "utf8").trim().split(/\s+/),
    (parts) => Array.isArray(parts) && parts.length === 3,
  );
  const [cid, totag, fromtag] = readFileSync(dialogFile, "utf8").trim().split(/\s+/);
  const transferor = (async () =>
    sipp({
      scenario: "call-uac-replaces.xml",
      target: pbx.ports.sip,
      service: "301",
      user: "305",
      password: password("305"),
      extra: caller([
        String(await freePort()),
        "-key",
        "target",
        "303",
        "-key",
        "cid",
        // %-encoded as a URI header value must be (RFC 3261 §19.1.1).
        encodeURIComponent(cid!),
        "-key",
        "totag",
        totag!,
        "-key",
        "fromtag",
        fromtag!,
        "-auth_uri",
        `301@127.0.0.1:${pbx.ports.sip}`,
      ]),
      timeoutMs: 40_000,
    }))();
  await untilSeen(a, INCOMING, aIn);
  await a.command("accept");
  await untilSeen(a, ESTABLISHED, aUp);
  // SIPp checked the 202, both NOTIFYs and its BYE's 200; the consultation got the box's BYE.
  const [run, consulted] = await Promise.all([transferor, consultation]);
  expect(run.errors).toBe("");
  expect(run.code).toBe(0);
  expect(consulted.errors).toBe("");
  expect(consulted.code).toBe(0);
  const calls = await until(callsNow, (all) => all.length === 1);
  expect(calls[0]!.legs.map((l) => l.extension)).toEqual(["301", "303"]);
  await aAndCTalked();
}, 60_000);

test("handset 8001 flashes, dials 303# and hangs up once 303 answers: 301 and 303 talk", async () => {
  const [a, c] = [phones["301"]!, phones["303"]!];
  const [aUp, cIn] = [seen(a, ESTABLISHED), seen(c, INCOMING)];
  await a.command("dial", sipUri("8001"));
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.ringing === true,
  );
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await untilSeen(a, ESTABLISHED, aUp);
  expect((await api("POST", "/sim/fxs/1/flash")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "dial-tone",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "303#" })).status).toBe(200);
  await cAnswers(cIn);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  const aDown = seen(a, CALL_ENDED);
  await api("POST", "/sim/fxs/1/onhook");
  await until(callsNow, (all) => all.length === 1 && all[0]!.legs.length === 2);
  expect(seen(a, CALL_ENDED)).toBe(aDown);
  const calls = await callsNow();
  expect(calls[0]!.legs.map((l) => l.extension)).toEqual(["301", "303"]);
  await aAndCTalked();
}, 60_000);

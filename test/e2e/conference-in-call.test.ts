// A two-party call made a conference by *0 (SPEC CALL-5, manual 创建会议): the real program and
// real softphones (baresip, each sending its own tone and recording what it hears).
// (1) 301 calls 302; 301 keys *0#: both are taken into the lowest free room (90), 302 at once
// as a guest, 301 asked for the room's PIN; 301 keys the admin PIN 2345#, then 0, 303# and **:
// 303 is invited into the room. Each of the three then hears the other two; the first call's
// record ends answered and each party's time in the room is a call of its own.
// (2) 302 keys *0# in a call with 303, then the guest PIN 1234#: both are guests, and a
// guest's 0 invites nobody. (3) Handset 8001 keys *0# in-band in a call with 301 and the admin
// PIN: both are in the room, the handset hearing 301.

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
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare } from "../support/tone-audio.ts";

/** Each phone's own tone, so a recording says whom its phone heard. */
const TONE_HZ: Record<string, number> = { "301": 500, "302": 700, "303": 1100 };
const password = (n: string) => `Pass-${n}!`;
/** A frame carries one of two equally loud tones: about half of its energy. */
const OF_TWO = 0.3;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  for (const number of ["301", "302", "303"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      displayName: `Desk ${number}`,
    });
    expect(created.status).toBe(201);
  }
  const dir = tempDir("conference-in-call-");
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

interface Participant {
  id: string;
  number: string;
  admin: boolean;
}

async function participants(room: string): Promise<Participant[]> {
  const answer = await api("GET", `/conference-rooms/${room}`);
  expect(answer.status).toBe(200);
  return answer.json.participants;
}

const inRoom = (room: string, expected: [string, boolean][]) =>
  until(
    async () => (await participants(room)).map((p) => [p.number, p.admin]).sort(),
    (list) => JSON.stringify(list) === JSON.stringify(expected),
  );

/** `from` calls `to` and `to` answers. */
async function call(from: string, to: string) {
  const [a, b] = [phones[from]!, phones[to]!];
  const [aUp, bUp, bIn] = [seen(a, ESTABLISHED), seen(b, ESTABLISHED), seen(b, INCOMING)];
  await a.command("dial", sipUri(to));
  await untilSeen(b, INCOMING, bIn);
  await b.command("accept");
  await untilSeen(b, ESTABLISHED, bUp);
  await untilSeen(a, ESTABLISHED, aUp);
  await Bun.sleep(1000);
}

async function hangUp(number: string) {
  const phone = phones[number]!;
  const down = seen(phone, CALL_ENDED);
  await phone.command("hangup");
  await untilSeen(phone, CALL_ENDED, down);
}

/** The last call's recording of `number`'s phone, and its length in seconds. */
const lastDump = (number: string) => lastRecording(phones[number]!, number);

async function callsNow() {
  return (await api("GET", "/calls")).json.items as {
    id: string;
    callee: string;
    caller: string;
    legs: { extension: string }[];
  }[];
}

test("301 keys *0# in its call with 302: both go into room 90, 301 keys the admin PIN and invites 303; each hears the other two", async () => {
  const [a, c] = [phones["301"]!, phones["303"]!];
  await call("301", "302");
  const [first] = await callsNow();
  expect(first).toBeDefined();
  await a.command("sndcode", "*0#");
  // 302 is in the room at once, as a guest; 301 is asked for the PIN meanwhile.
  await inRoom("90", [["302", false]]);
  const twoCalls = await until(callsNow, (all) => all.length === 2);
  expect(twoCalls.map((x) => [x.caller, x.callee]).sort()).toEqual([
    ["301", "90"],
    ["302", "90"],
  ]);
  await Bun.sleep(800);
  await a.command("sndcode", "2345#");
  await inRoom("90", [
    ["301", true],
    ["302", false],
  ]);
  // The admin invites 303: 0, the number, and ** once 303 answered.
  const [cIn, cUp] = [seen(c, INCOMING), seen(c, ESTABLISHED)];
  await a.command("sndcode", "0");
  await Bun.sleep(500);
  await a.command("sndcode", "303#");
  await untilSeen(c, INCOMING, cIn);
  await c.command("accept");
  await untilSeen(c, ESTABLISHED, cUp);
  await Bun.sleep(1000);
  await a.command("sndcode", "**");
  await inRoom("90", [
    ["301", true],
    ["302", false],
    ["303", false],
  ]);
  await Bun.sleep(4000);
  const cDown = seen(c, CALL_ENDED);
  await hangUp("301");
  await hangUp("302");
  // The last one left is still in its call until it hangs up too.
  await c.command("hangup");
  await untilSeen(c, CALL_ENDED, cDown);
  for (const number of ["301", "302", "303"]) {
    const { file, seconds } = lastDump(number);
    // The three were together in the last seconds before 301 hung up (303's call began last).
    const to = Math.floor(seconds - 1.5);
    const from = to - 2;
    for (const other of ["301", "302", "303"]) {
      const share = toneShare(file, TONE_HZ[other]!, from, to, OF_TWO);
      if (other === number) expect(share).toBeLessThan(0.1);
      else expect(share).toBeGreaterThan(0.5);
    }
  }
  // The two-party call's record ends answered; each party's time in the room is its own call.
  const records = await until(
    () => api("GET", "/cdr?caller=301"),
    (r) => r.json.items.some((i: { callId: string }) => i.callId === first!.id),
  );
  expect(records.json.items.find((i: { callId: string }) => i.callId === first!.id)).toMatchObject({
    callee: "302",
    status: "answered",
  });
  const roomCalls = await until(
    () => api("GET", "/cdr?callee=90"),
    (r) => r.json.items.length >= 2,
  );
  expect(roomCalls.json.items.map((i: { caller: string }) => i.caller).sort()).toEqual(
    expect.arrayContaining(["301", "302"]),
  );
  expect(await participants("90")).toEqual([]);
}, 90_000);

test("302 keys *0# and the guest PIN in its call with 303: both go into the lowest free room as guests; 0 invites nobody", async () => {
  const b = phones["302"]!;
  await call("302", "303");
  await b.command("sndcode", "*0#");
  await inRoom("90", [["303", false]]);
  await Bun.sleep(800);
  await b.command("sndcode", "1234#");
  await inRoom("90", [
    ["302", false],
    ["303", false],
  ]);
  const incoming = seen(phones["301"]!, INCOMING);
  await b.command("sndcode", "0");
  await Bun.sleep(500);
  await b.command("sndcode", "301#");
  await Bun.sleep(3000);
  expect(seen(phones["301"]!, INCOMING)).toBe(incoming);
  expect((await callsNow()).length).toBe(2);
  await hangUp("302");
  await inRoom("90", [["303", false]]);
  await hangUp("303");
  await inRoom("90", []);
}, 60_000);

test("handset 8001 keys *0# in-band in its call with 301: 301 is in room 90 at once, the handset keys 2345# and hears 301 there", async () => {
  const a = phones["301"]!;
  const aUp = seen(a, ESTABLISHED);
  await a.command("dial", sipUri("8001"));
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.ringing === true,
  );
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await untilSeen(a, ESTABLISHED, aUp);
  await Bun.sleep(500);
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "*0#" })).status).toBe(200);
  await inRoom("90", [["301", false]]);
  await Bun.sleep(800);
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "2345#" })).status).toBe(200);
  await inRoom("90", [
    ["301", false],
    ["8001", true],
  ]);
  // In the room with 301 only: its tone reaches the earpiece.
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  await api("POST", "/sim/fxs/1/onhook");
  await inRoom("90", [["301", false]]);
  await hangUp("301");
  await inRoom("90", []);
}, 60_000);

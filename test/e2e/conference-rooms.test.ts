// Conference rooms end to end (SPEC CALL-5, REP-3): the real program and real softphones
// (baresip, each sending its own tone and recording what it hears; 301 speaks PCMU, 302 A-law
// and 303 G.722, so the room mixes parties of different codecs). (1) 301, 302 and 303 dial 91 and key
// the guest PIN 1234#: each hears the other two, none itself; the API lists the three; one
// removed from the API is hung up; the room's recording holds all three tones. (2) A wrong
// PIN is refused: three wrong ones and the box hangs up, nobody entered the room. (3) Wait
// for the admin: 301 (guest) hears music, not 302, until 302 keys the admin PIN 2345#.
// (4) Announce joiners: 304 (silent) joins 301's room; 301 then hears the box announce it,
// and 301 never hears its own announcement.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Baresip,
  CALL_ENDED,
  lastRecording,
  seen,
  startRegisteredBaresip,
  untilSeen as untilPhoneSeen,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { loudShare, toneShare, writeToneWav } from "../support/tone-audio.ts";

/** Each phone's own tone, so a recording says whom its phone heard; 304 sends silence. */
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
  const dir = tempDir("conference-");
  for (const number of ["301", "302", "303", "304"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      displayName: `Desk ${number}`,
    });
    expect(created.status).toBe(201);
  }
  for (const number of ["301", "302", "303", "304"]) {
    const wav = join(dir, `${number}.wav`);
    // baresip reads its microphone file at the codec's rate (G.722: 16 kHz).
    if (TONE_HZ[number])
      await writeToneWav(wav, TONE_HZ[number]!, 120, number === "303" ? 16000 : 8000);
    else writeFileSync(wav, silentWav(120));
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: wav,
      record: true,
      // Three codecs in one room: 301 PCMU, 302 PCMA, 303 G.722.
      ...(number === "302"
        ? { codecs: ["PCMA"] }
        : number === "303"
          ? { codecs: ["G722/16000/1"] }
          : {}),
    });
  }
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

function silentWav(seconds: number): Uint8Array {
  const samples = seconds * 8000;
  const out = new Uint8Array(44 + samples * 2);
  const v = new DataView(out.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  text(0, "RIFF");
  v.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVEfmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, 8000, true);
  v.setUint32(28, 16000, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  text(36, "data");
  v.setUint32(40, samples * 2, true);
  return out;
}

const sipUri = (user: string) => `sip:${user}@127.0.0.1:${pbx.ports.sip}`;

/** Waits for `pattern` in a phone's output, with the box's output when it does not come. */
const untilSeen = (phone: Baresip, pattern: RegExp, moreThan: number, ms?: number) =>
  untilPhoneSeen(phone, pattern, moreThan, ms, pbx);

const ESTABLISHED = /Call established/;

interface Participant {
  id: string;
  number: string;
  admin: boolean;
  muted: boolean;
  waiting: boolean;
}

async function participants(room: string): Promise<Participant[]> {
  const answer = await api("GET", `/conference-rooms/${room}`);
  expect(answer.status).toBe(200);
  return answer.json.participants;
}

/** `number` dials `room`, keys `pin` once the box answered; resolves at its answer time. */
async function dialRoom(number: string, room: string, pin: string): Promise<number> {
  const phone = phones[number]!;
  const up = seen(phone, ESTABLISHED);
  await phone.command("dial", sipUri(room));
  await untilSeen(phone, ESTABLISHED, up);
  const answeredAt = Date.now();
  // The prompt has begun; a key stops it.
  await Bun.sleep(800);
  await phone.command("sndcode", pin);
  return answeredAt;
}

async function hangUp(number: string) {
  const phone = phones[number]!;
  const down = seen(phone, CALL_ENDED);
  await phone.command("hangup");
  await untilSeen(phone, CALL_ENDED, down);
}

/** The last call's recording of `number`'s phone, and its length in seconds. */
const lastDump = (number: string) => lastRecording(phones[number]!, number);

test("301 (PCMU), 302 (PCMA) and 303 (G.722) key 1234# in room 91: each hears the other two; a kicked one is hung up; the recording holds all three", async () => {
  const saved = await api("PUT", "/conference-rooms/91", { record: true, name: "Sales" });
  expect(saved.status).toBe(200);
  expect(saved.json).toMatchObject({ guestPin: "1234", adminPin: "2345", record: true });
  for (const number of ["301", "302", "303"]) await dialRoom(number, "91", "1234#");
  const inRoom = await until(
    () => participants("91"),
    (list) => list.length === 3,
  );
  expect(inRoom.map((p) => [p.number, p.admin]).sort()).toEqual([
    ["301", false],
    ["302", false],
    ["303", false],
  ]);
  const codecs = Object.fromEntries(
    ((await api("GET", "/calls")).json.items as { legs: { extension: string; codec?: string }[] }[])
      .flatMap((call) => call.legs)
      .filter((leg) => leg.codec)
      .map((leg) => [leg.extension, leg.codec]),
  );
  expect(codecs).toMatchObject({ "301": "PCMU", "302": "PCMA", "303": "G722" });
  await Bun.sleep(3500);
  // 303 is removed from the web: the box hangs up its call.
  const down = seen(phones["303"]!, CALL_ENDED);
  const kicked = inRoom.find((p) => p.number === "303")!;
  const kickAt = Date.now();
  const kick = await api("DELETE", `/conference-rooms/91/participants/${kicked.id}`);
  expect(kick.status).toBe(204);
  await untilSeen(phones["303"]!, CALL_ENDED, down);
  await hangUp("301");
  await hangUp("302");
  const emptyAt = Date.now();
  for (const number of ["301", "302", "303"]) {
    const { file, seconds } = lastDump(number);
    const to = Math.floor(seconds - 0.6);
    const from = to - 3;
    for (const other of ["301", "302", "303"]) {
      const share = toneShare(file, TONE_HZ[other]!, from, to, OF_TWO);
      if (other === number) expect(share).toBeLessThan(0.1);
      else expect(share).toBeGreaterThan(0.6);
    }
  }
  const recordings = await until(
    () => api("GET", "/recordings?kind=conference"),
    (r) => r.json.items.length > 0,
  );
  const record = recordings.json.items[0];
  expect(record).toMatchObject({ kind: "conference", peerNumber: "91" });
  const audio = await pbx.api(`/api/v1/recordings/${record.id}/audio`, {
    token: await pbx.adminToken(),
  });
  expect(audio.status).toBe(200);
  const dir = tempDir("conference-recording-");
  const wavFile = join(dir, "room.wav");
  writeFileSync(wavFile, new Uint8Array(await audio.arrayBuffer()));
  // While all three were in: the 3 s before 303 was removed (the room's recording ends when
  // the last one leaves).
  const to = Math.floor(record.durationMs / 1000 - (emptyAt - kickAt) / 1000 - 0.5);
  for (const number of ["301", "302", "303"])
    expect(toneShare(wavFile, TONE_HZ[number]!, to - 3, to, 0.2)).toBeGreaterThan(0.6);
  expect((await participants("91")).length).toBe(0);
}, 90_000);

test("a wrong PIN is refused: asked again, and after three wrong ones the box hangs up", async () => {
  const phone = phones["301"]!;
  const down = seen(phone, CALL_ENDED);
  await dialRoom("301", "92", "9999#");
  await Bun.sleep(1500);
  expect(seen(phone, CALL_ENDED)).toBe(down);
  expect(await participants("92")).toEqual([]);
  await phone.command("sndcode", "1111#");
  await Bun.sleep(300);
  await phone.command("sndcode", "2222#");
  await untilSeen(phone, CALL_ENDED, down, 20_000);
  expect(await participants("92")).toEqual([]);
}, 60_000);

test("wait for the admin: guest 301 hears music until 302 keys the admin PIN 2345#", async () => {
  const saved = await api("PUT", "/conference-rooms/93", { waitForAdmin: true });
  expect(saved.status).toBe(200);
  await dialRoom("301", "93", "1234#");
  const waiting = await until(
    () => participants("93"),
    (list) => list.length === 1,
  );
  expect(waiting[0]).toMatchObject({ number: "301", waiting: true, admin: false });
  await Bun.sleep(4000);
  await dialRoom("302", "93", "2345#");
  await until(
    () => participants("93"),
    (list) => list.length === 2 && list.every((p) => !p.waiting),
  );
  await Bun.sleep(3000);
  await hangUp("302");
  await hangUp("301");
  const { file, seconds } = lastDump("301");
  // Second by second (the recording's own time, not the wall clock): music (loud, not 302's
  // tone) for a while, then 302's tone from the admin's arrival to the end.
  const second = Array.from({ length: Math.floor(seconds) }, (_, i) => ({
    loud: loudShare(file, i, i + 1),
    admin: toneShare(file, TONE_HZ["302"]!, i, i + 1, OF_TWO),
  }));
  const adminFrom = second.findIndex((s) => s.admin > 0.8);
  expect(adminFrom).toBeGreaterThan(0);
  const music = second.slice(0, adminFrom).filter((s) => s.loud > 0.8 && s.admin < 0.1);
  expect(music.length).toBeGreaterThanOrEqual(3);
  const end = Math.floor(seconds - 0.6);
  expect(toneShare(file, TONE_HZ["302"]!, end - 2, end)).toBeGreaterThan(0.8);
}, 60_000);

test("announce joiners: when 304 joins, 301 hears the announcement; a joiner not its own", async () => {
  const saved = await api("PUT", "/conference-rooms/94", { announceJoiners: true });
  expect(saved.status).toBe(200);
  await dialRoom("301", "94", "1234#");
  // 301 says its name (3 s of its tone) before it enters.
  await until(
    () => participants("94"),
    (list) => list.length === 1,
    20_000,
  );
  await Bun.sleep(6000);
  await dialRoom("304", "94", "1234#");
  await until(
    () => participants("94"),
    (list) => list.length === 2,
    20_000,
  );
  await Bun.sleep(8000);
  await hangUp("304");
  await hangUp("301");
  const { file, seconds } = lastDump("301");
  const loud = Array.from({ length: Math.floor(seconds) }, (_, i) => loudShare(file, i, i + 1));
  // After the box's prompts (PIN, "say your name"; silence while the PIN is keyed): quiet for
  // 9 s and more while 301 records its name and then sits alone in the room, for its own
  // announcement is not played to it.
  const quietFrom = loud.findIndex(
    (_, i) =>
      i > 0 && loud.slice(i, i + 9).length === 9 && Math.max(...loud.slice(i, i + 9)) < 0.05,
  );
  expect(quietFrom).toBeGreaterThan(0);
  // Heard before that: the prompts.
  expect(Math.max(...loud.slice(0, quietFrom))).toBeGreaterThan(0.3);
  // Then the announcement of 304 (its silent name, then "has joined the conference")...
  const announced = loud.findIndex((l, i) => i > quietFrom + 9 && l > 0.3);
  expect(announced).toBeGreaterThan(0);
  // ...and quiet again, as 304 sends silence.
  expect(Math.max(...loud.slice(announced + 4, -1))).toBeLessThan(0.05);
  expect(toneShare(file, TONE_HZ["301"]!, 0, seconds)).toBeLessThan(0.05);
}, 60_000);

test("the admin invites: 0, then 303#; 303 answers and talks with the admin alone; ** brings it in", async () => {
  await dialRoom("302", "96", "1234#");
  await dialRoom("301", "96", "2345#");
  await until(
    () => participants("96"),
    (list) => list.length === 2,
  );
  const invited = phones["303"]!;
  const ringing = seen(invited, /Incoming call/);
  const up = seen(invited, ESTABLISHED);
  await phones["301"]!.command("sndcode", "0");
  await Bun.sleep(1000);
  await phones["301"]!.command("sndcode", "303#");
  await untilSeen(invited, /Incoming call/, ringing);
  await invited.command("accept");
  await untilSeen(invited, ESTABLISHED, up);
  await Bun.sleep(3000);
  // Alone with the admin: 303 is not in the room yet.
  expect((await participants("96")).map((p) => p.number).sort()).toEqual(["301", "302"]);
  await phones["301"]!.command("sndcode", "**");
  await until(
    () => participants("96"),
    (list) => list.length === 3,
  );
  await Bun.sleep(3000);
  await hangUp("303");
  await hangUp("302");
  await hangUp("301");
  const { file, seconds } = lastDump("303");
  // First the admin alone (after the answer's first second), then the whole room.
  expect(toneShare(file, TONE_HZ["301"]!, 1, 3)).toBeGreaterThan(0.6);
  expect(toneShare(file, TONE_HZ["302"]!, 1, 3, OF_TWO)).toBeLessThan(0.1);
  const to = Math.floor(seconds - 0.6);
  expect(toneShare(file, TONE_HZ["301"]!, to - 2, to, OF_TWO)).toBeGreaterThan(0.6);
  expect(toneShare(file, TONE_HZ["302"]!, to - 2, to, OF_TWO)).toBeGreaterThan(0.6);
}, 60_000);

test("FXS handset 8001 dials 97 and keys 1234# in-band: it is in the room and hears 301", async () => {
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "dial-tone",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "97#" })).status).toBe(200);
  // The box answers and asks for the PIN.
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "1234#" })).status).toBe(200);
  await until(
    () => participants("97"),
    (list) => list.some((p) => p.number === "8001"),
  );
  // Alone in the room: quiet; 301 joins and its tone reaches the earpiece.
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "silence",
  );
  await dialRoom("301", "97", "1234#");
  await until(
    () => participants("97"),
    (list) => list.length === 2,
  );
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  await api("POST", "/sim/fxs/1/onhook");
  await until(
    () => participants("97"),
    (list) => list.length === 1,
  );
  await hangUp("301");
}, 60_000);

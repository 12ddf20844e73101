// Analog ports in calls, end to end on the simulated board (SPEC CALL-1, DEV-2, EXT-5,
// ROUTE-2, REP-1): the real program, a real softphone (baresip) as IP extension 301, the
// virtual analog phones and the virtual exchange line driven through /api/v1/sim/...
// (1) FXS 1 calls 301 and both hear each other (the handset's DTMF found by Goertzel in
// baresip's recording, baresip's 600 Hz tone heard as audio in the handset); (2) 301 calls
// FXS 2 (8002), which rings 1 s on / 4 s off and shows 301; (3) the exchange rings FXO 1 with
// 13800138000 and extension 301 rings with that number in From; (4) FXS 1 dials **13# and
// hears the box say its extension.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { type Baresip, CALL_ENDED, startBaresip } from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";

let pbx: RunningPbx;
let token: string;
let phone: Baresip;
const dir = mkdtempSync(join(tmpdir(), "analog-calls-"));

let api: ReturnType<typeof boxApi>;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await Bun.sleep(50);
    last = await read();
  }
  return last;
}

/** How often `pattern` appears in the phone's output so far. */
const seen = (pattern: RegExp) => (phone.output().match(new RegExp(pattern, "gi")) ?? []).length;

async function untilSeen(pattern: RegExp, moreThan: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (seen(pattern) <= moreThan) {
    if (Date.now() > deadline) throw new Error(`no ${pattern}:\n${await whatTheBoxSaw()}`);
    await Bun.sleep(50);
  }
}

/** For a failure message: the phone's output, the box's log, calls, records, registrations. */
async function whatTheBoxSaw(): Promise<string> {
  const read = async (path: string) => JSON.stringify((await api("GET", path)).json);
  return [
    phone.output(),
    `--- the box:\n${pbx.output().slice(-20_000)}`,
    `--- calls: ${await read("/calls")}`,
    `--- records: ${await read("/cdr")}`,
    `--- registrations: ${await read("/registrations")}`,
  ].join("\n");
}

/** A softphone that dumps what it hears, one WAV per call (phone.dumps()). */
function startPhone(extension: string, sourceWav: string) {
  return startBaresip({
    extension,
    password: `Pass-${extension}!`,
    pbxPort: pbx.ports.sip,
    sourceWav,
    record: true,
    displayName: `Desk ${extension}`,
  });
}

/** 20 ms frames of `file` in which both frequencies carry most of the energy. */
function framesWith(file: string, frequenciesHz: readonly number[]): number {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  const samples = wav.wav.channels[0]!;
  let found = 0;
  for (let at = 0; at + 160 <= samples.length; at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i++) energy += samples[i]! * samples[i]!;
    if (energy < 160 * 200 * 200) continue;
    const shares = frequenciesHz.map((hz) => (2 * goertzelPower(samples, at, 160, hz, 8000)) / 160);
    if (shares.every((p) => p > 0.15 * energy) && shares.reduce((a, b) => a + b) > 0.6 * energy)
      found++;
  }
  return found;
}

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  api = boxApi(pbx, token);
  const created = await api("POST", "/extensions", {
    number: "301",
    sipPassword: "Pass-301!",
    displayName: "Desk 301",
  });
  expect(created.status).toBe(201);
  const wav = join(dir, "tone-600.wav");
  await run(
    [requirePeer("sox", "sox"), "-n", "-r", "8000", "-c", "1", "-b", "16", wav].concat([
      "synth",
      "60",
      "sine",
      "600",
      "vol",
      "0.5",
    ]),
  );
  phone = await startPhone("301", wav);
  await phone.waitFor(/200 OK|registered successfully/i);
}, 20_000);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(phone?.output(), pbx?.output());
  await phone?.stop();
  await pbx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("FXS 1 calls extension 301: ringback, then both hear each other", async () => {
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "dial-tone",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "301#" })).status).toBe(200);
  await phone.waitFor(/Incoming call/i);
  expect(phone.output()).toMatch(/8001/);
  const ringing = await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "ringback",
  );
  expect(ringing.json.hears).toBe("ringback");
  await phone.command("accept");
  await phone.waitFor(/Call established|established/i);
  // baresip's 600 Hz tone reaches the earpiece as sound that is no call-progress tone.
  const talking = await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
    6000,
  );
  expect(talking.json.hears).toBe("audio");
  // The handset keys 5 (770 + 1336 Hz) six times: the tones reach baresip through the relay.
  await api("POST", "/sim/fxs/1/dial", { digits: "555555" });
  await Bun.sleep(1600);
  const calls = await api("GET", "/calls");
  expect(calls.json.items[0]).toMatchObject({ state: "answered", caller: "8001", callee: "301" });
  expect(calls.json.items[0].legs.map((l: { kind: string }) => l.kind)).toEqual(["fxs", "sip"]);
  await api("POST", "/sim/fxs/1/onhook");
  await phone.waitFor(CALL_ENDED);
  const dump = phone.dumps().at(-1);
  expect(dump).toBeDefined();
  expect(framesWith(dump!, [770, 1336])).toBeGreaterThan(10);
  const cdr = await until(
    () => api("GET", "/cdr?caller=8001"),
    (r) => r.json.items.length > 0,
  );
  expect(cdr.json.items[0]).toMatchObject({
    caller: "8001",
    callee: "301",
    status: "answered",
    type: "internal",
  });
}, 25_000);

test("301 calls FXS 2 (8002): it rings 1 s on, 4 s off and shows 301; lifting answers", async () => {
  await phone.command("dial", `sip:8002@127.0.0.1:${pbx.ports.sip}`);
  const rung = await until(
    () => api("GET", "/sim/fxs/2"),
    (r) => r.json.ringBursts.length >= 2,
    8000,
  );
  const bursts = rung.json.ringBursts as { startMs: number; endMs: number | null }[];
  expect(bursts[0]!.endMs! - bursts[0]!.startMs).toBeGreaterThan(900);
  expect(bursts[0]!.endMs! - bursts[0]!.startMs).toBeLessThan(1150);
  expect(bursts[1]!.startMs - bursts[0]!.endMs!).toBeGreaterThan(3850);
  expect(bursts[1]!.startMs - bursts[0]!.endMs!).toBeLessThan(4150);
  expect(rung.json.callerId?.number).toBe("301");
  expect((await api("POST", "/sim/fxs/2/offhook")).status).toBe(200);
  const answered = await until(
    () => api("GET", "/calls"),
    (r) => r.json.items[0]?.state === "answered",
  );
  expect(answered.json.items[0].legs.map((l: { kind: string }) => l.kind)).toEqual(["sip", "fxs"]);
  // baresip's tone reaches the answering handset too.
  const heard = await until(
    () => api("GET", "/sim/fxs/2"),
    (r) => r.json.hears === "audio",
  );
  expect(heard.json.hears).toBe("audio");
  await api("POST", "/sim/fxs/2/onhook");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
  const cdr = await api("GET", "/cdr?callee=8002");
  expect(cdr.json.items[0]).toMatchObject({ caller: "301", status: "answered", type: "internal" });
}, 20_000);

test("the exchange rings FXO 1: extension 301 rings with the caller's number in From", async () => {
  const before = seen(/Incoming call/);
  expect((await api("POST", "/sim/fxo/1/ring", { callerId: "13800138000" })).status).toBe(200);
  // Ring, caller ID after the first burst, then the extension: seconds, more on a loaded machine.
  await untilSeen(/Incoming call/, before, 20_000);
  expect(phone.output()).toMatch(/13800138000/);
  await phone.command("accept");
  const line = await until(
    () => api("GET", "/sim/fxo/1"),
    (r) => r.json.pbxOffHook === true,
  );
  expect(line.json.pbxOffHook).toBe(true);
  await api("POST", "/sim/fxo/1/hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
  const cdr = await api("GET", "/cdr?caller=13800138000");
  expect(cdr.json.items[0]).toMatchObject({ callee: "301", status: "answered", type: "inbound" });
}, 40_000);

test("301 records 'all' and calls FXS 2: the SIP-to-analog call leaves a stereo WAV and a recorded CDR", async () => {
  expect((await api("PATCH", "/extensions/301", { recording: "all" })).status).toBe(200);
  try {
    await phone.command("dial", `sip:8002@127.0.0.1:${pbx.ports.sip}`);
    await until(
      () => api("GET", "/sim/fxs/2"),
      (r) => r.json.ringing === true,
      8000,
    );
    expect((await api("POST", "/sim/fxs/2/offhook")).status).toBe(200);
    await until(
      () => api("GET", "/sim/fxs/2"),
      (r) => r.json.hears === "audio",
    );
    await Bun.sleep(1500);
    await api("POST", "/sim/fxs/2/onhook");
    await until(
      () => api("GET", "/calls"),
      (r) => r.json.items.length === 0,
    );
  } finally {
    await api("PATCH", "/extensions/301", { recording: "none" });
  }
  const list = await until(
    () => api("GET", "/recordings?extension=301"),
    (r) => r.json.items.length > 0,
  );
  const rec = list.json.items[0];
  expect(rec).toMatchObject({ kind: "call", extensions: ["301", "8002"] });
  expect(rec.durationMs).toBeGreaterThan(1000);
  const audio = await pbx.api(`/api/v1/recordings/${rec.id}/audio`, { token });
  const wav = readWav(new Uint8Array(await audio.arrayBuffer()));
  if (!wav.ok) throw new Error(wav.error);
  expect(wav.wav.channels.length).toBe(2);
  // Left is the caller: baresip's 600 Hz tone, taken from the relay through the bridge's tap.
  const left = wav.wav.channels[0]!;
  const from = left.length - 8000;
  let energy = 0;
  for (let i = from; i < from + 1600; i++) energy += left[i]! * left[i]!;
  expect(energy).toBeGreaterThan(1600 * 300 * 300);
  expect((2 * goertzelPower(left, from, 1600, 600, 8000)) / 1600).toBeGreaterThan(0.6 * energy);
  const cdr = await api("GET", "/cdr?callee=8002");
  expect(cdr.json.items[0]).toMatchObject({ caller: "301", status: "answered", recorded: true });
}, 25_000);

test("FXS 1 dials department 600 (301 and FXS 2): both ring, FXS 2 answers and 301 stops ringing", async () => {
  const dept = await api("POST", "/departments", {
    name: "Sales",
    number: "600",
    members: ["301"],
  });
  expect(dept.status).toBe(201);
  expect((await api("PATCH", "/analog-extensions/2", { departmentId: dept.json.id })).status).toBe(
    200,
  );
  const incoming = seen(/Incoming call/);
  // The softphone's call is cancelled while it rings: baresip ends a call never answered with
  // this one line (no "Call with ... terminated"); the caller's number keeps out the end lines
  // of the previous tests' calls, which may still be coming.
  const cancelled = /sip:8001@\S+: session closed/;
  const ended = seen(cancelled);
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "dial-tone",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "600#" })).status).toBe(200);
  await untilSeen(/Incoming call/, incoming);
  // FSK caller ID follows the first ring burst.
  const ringing = await until(
    () => api("GET", "/sim/fxs/2"),
    (r) => r.json.callerId?.number !== undefined,
    8000,
  );
  expect(ringing.json.callerId?.number).toBe("8001");
  const both = await api("GET", "/calls");
  expect(both.json.items[0].legs.map((l: { kind: string }) => l.kind).sort()).toEqual([
    "fxs",
    "fxs",
    "sip",
  ]);
  expect((await api("POST", "/sim/fxs/2/offhook")).status).toBe(200);
  const answered = await until(
    () => api("GET", "/calls"),
    (r) => r.json.items[0]?.state === "answered",
  );
  expect(answered.json.items[0]).toMatchObject({ caller: "8001", callee: "600" });
  expect(answered.json.items[0].legs.map((l: { kind: string }) => l.kind)).toEqual(["fxs", "fxs"]);
  // The first answer won: the softphone's ringing call was cancelled.
  await untilSeen(cancelled, ended);
  await api("POST", "/sim/fxs/1/onhook");
  await api("POST", "/sim/fxs/2/onhook");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
  const cdr = await api("GET", "/cdr?callee=600");
  expect(cdr.json.items[0]).toMatchObject({ caller: "8001", status: "answered" });
}, 45_000);

test("FXS 1 dials **13#: the box answers, says the extension, and ends the call (CALL-15)", async () => {
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "dial-tone",
  );
  expect((await api("POST", "/sim/fxs/1/dial", { digits: "**13#" })).status).toBe(200);
  const speaking = await until(
    () => api("GET", "/sim/fxs/1"),
    (r) => r.json.hears === "audio",
  );
  expect(speaking.json.hears).toBe("audio");
  const call = await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 1,
  );
  expect(call.json.items[0].legs.map((l: { kind: string }) => l.kind).sort()).toEqual([
    "application",
    "fxs",
  ]);
  // "您的分机号码是 8001" takes a few seconds; then the box hangs up by itself.
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
    20_000,
  );
  await api("POST", "/sim/fxs/1/onhook");
}, 40_000);

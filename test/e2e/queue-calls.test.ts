// End to end (SPEC CALL-13, manual 呼叫队列): four baresip phones, each sending its own tone
// and recording what it hears. 701 and 704 call queues; 702 and 703 are agents. A paused agent
// (*95#) is skipped by ring all; *095# brings it back and round robin rings the agents in turn;
// a caller hears the box (prompts, music) before an agent answers, then the agent's tone; past
// the maximum wait a caller goes to the queue's destination; *62# logs a dynamic agent in. The
// answered call leaves one call record (the queue's, naming the agent), and the agent who records
// the calls it takes has it recorded, both parties heard; waiting callers hear
// the position prompt with their own position, found in their recordings, and leaving unanswered
// are recorded as not answered; logins and pauses
// outlast a restart of the box on the same data.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import {
  type Baresip,
  CALL_ENDED,
  lastRecording,
  startRegisteredBaresip,
} from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { findClip, trimmed, wavSamples } from "../support/clip-search.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { loudShare, splitChannels, toneShare, writeToneWav } from "../support/tone-audio.ts";

const PROMPTS = join(import.meta.dir, "..", "..", "rootfs", "usr", "share", "pbx", "prompts");
const TONE_HZ: Record<string, number> = { "701": 500, "702": 700, "703": 1100, "704": 1400 };
const password = (n: string) => `Pass-${n}!`;
let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
let token: string;
const phones: Record<string, Baresip> = {};
/** The box's data, kept when it restarts. */
let dataDir: string;
let micDir: string;

/** Registers a phone for each extension with the box as it runs now (after a restart too). */
async function startPhones() {
  for (const number of Object.keys(TONE_HZ)) {
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: join(micDir, `${number}.wav`),
      record: true,
      codecs: ["PCMU"],
    });
  }
}

beforeAll(async () => {
  dataDir = tempDir("queues-box-");
  pbx = await startPbx({ dataDir });
  token = await pbx.adminToken();
  api = boxApi(pbx, token);
  micDir = tempDir("queues-");
  for (const number of Object.keys(TONE_HZ)) {
    const created = await api("POST", "/extensions", { number, sipPassword: password(number) });
    expect(created.status).toBe(201);
    await writeToneWav(join(micDir, `${number}.wav`), TONE_HZ[number]!, 180);
  }
  await startPhones();
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

const uri = (user: string) => `sip:${encodeURIComponent(user)}@127.0.0.1:${pbx.ports.sip}`;
const count = (n: string, pattern: RegExp) =>
  (phones[n]!.output().match(new RegExp(pattern.source, "gi")) ?? []).length;

async function more(n: string, pattern: RegExp, before: number, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (count(n, pattern) <= before) {
    if (Date.now() > deadline)
      throw new Error(
        `${n}: no ${pattern}:\n${phones[n]!.output()}\n--- box:\n${pbx.output().slice(-8000)}`,
      );
    await Bun.sleep(50);
  }
}

const RINGS = /Incoming call/;
const ESTABLISHED = /Call established/;

/** `n` dials a feature code; resolves once the box answered and hung up by itself. */
async function dialCode(n: string, code: string) {
  const ended = count(n, CALL_ENDED);
  await phones[n]!.command("dial", uri(code));
  await more(n, CALL_ENDED, ended, 20_000);
}

async function hangUpAll() {
  for (const phone of Object.values(phones)) await phone.command("hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
}

/** The last call's recording of `n`'s phone and its length in seconds. */
function lastDump(n: string): { file: string; seconds: number } {
  const recording = lastRecording(phones[n]!, n);
  // Whole seconds, so windows counted back from the end start on a sample.
  return { ...recording, seconds: Math.floor(recording.seconds) };
}

async function queueState(id: number) {
  const answer = await api("GET", `/queues/${id}`);
  expect(answer.status).toBe(200);
  return answer.json;
}

test("ring all skips the agent paused by *95#: 703 rings, answers, and caller and agent hear each other", async () => {
  const made = await api("POST", "/queues", {
    number: "800",
    name: "Sales",
    strategy: "ring-all",
    staticAgents: ["702", "703"],
    ringTimeS: 20,
    maxWaitS: 120,
  });
  expect(made.status).toBe(201);
  // 703 records the calls it takes (CALL-16): its queue call is recorded too.
  expect((await api("PATCH", "/extensions/703", { recording: "inbound" })).status).toBe(200);
  await dialCode("702", "*95#");
  const paused = await queueState(made.json.id);
  expect(paused.agents).toEqual([
    { number: "702", kind: "static", state: "paused" },
    { number: "703", kind: "static", state: "available" },
  ]);
  const rings702 = count("702", RINGS);
  const rings703 = count("703", RINGS);
  const up = count("701", ESTABLISHED);
  await phones["701"]!.command("dial", uri("800"));
  await more("701", ESTABLISHED, up);
  const waiting = await until(
    () => queueState(made.json.id),
    (q) => q.waiting.length === 1,
  );
  expect(waiting.waiting[0]).toMatchObject({ position: 1, caller: "701" });
  await more("703", RINGS, rings703);
  // The caller hears the box while the agent rings: 4 s of prompts and music.
  await Bun.sleep(4000);
  expect(count("702", RINGS)).toBe(rings702);
  const answeredAt = count("703", ESTABLISHED);
  await phones["703"]!.command("accept");
  await more("703", ESTABLISHED, answeredAt);
  await until(
    () => queueState(made.json.id),
    (q) => q.waiting.length === 0 && q.agents[1].state === "in-call",
  );
  await Bun.sleep(3000);
  await hangUpAll();
  const caller = lastDump("701");
  // Before the answer: the box spoke and played music (loud), no agent's tone.
  expect(loudShare(caller.file, 0.5, 4)).toBeGreaterThan(0.5);
  expect(toneShare(caller.file, TONE_HZ["703"]!, 0.5, 4)).toBeLessThan(0.1);
  // After it: 703's tone.
  expect(
    toneShare(caller.file, TONE_HZ["703"]!, caller.seconds - 2, caller.seconds),
  ).toBeGreaterThan(0.6);
  const agent = lastDump("703");
  expect(toneShare(agent.file, TONE_HZ["701"]!, agent.seconds - 2, agent.seconds)).toBeGreaterThan(
    0.6,
  );
  // One call record for the caller's call: to the queue, answered by 703; the caller waited
  // 4 s and more before the answer, then talked about 3 s.
  const records = await api("GET", "/cdr?caller=701");
  expect(records.json.items).toHaveLength(1);
  const record = records.json.items[0];
  expect(record).toMatchObject({
    caller: "701",
    callee: "800",
    finalCallee: "703",
    status: "answered",
  });
  expect(record.talkMs).toBeGreaterThan(2500);
  expect(record.talkMs).toBeLessThan(10_000);
  expect(record.durationMs - record.talkMs).toBeGreaterThan(4000);
  const csv = await (await pbx.api("/api/v1/cdr/export.csv?caller=701", { token })).text();
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(2);
  const fields = lines[1]!.split(",");
  expect([fields[3], fields[5], fields[6]]).toEqual(["701", "800", "703"]);
  // The talk with the agent is recorded as the caller's call: 701 on the left, 703 on the right.
  expect(record.recorded).toBe(true);
  const recordings = (await api("GET", "/recordings?kind=call")).json.items;
  expect(recordings).toHaveLength(1);
  expect(recordings[0]).toMatchObject({ callId: record.callId, extensions: ["701", "703"] });
  const talkS = record.talkMs / 1000;
  expect(Math.abs(recordings[0].durationMs / 1000 - talkS)).toBeLessThan(1.5);
  const audio = await pbx.api(`/api/v1/recordings/${recordings[0].id}/audio`, { token });
  const [left, right] = splitChannels(new Uint8Array(await audio.arrayBuffer()), micDir, "rec");
  const to = Math.floor(recordings[0].durationMs / 1000) - 0.5;
  expect(toneShare(left!, TONE_HZ["701"]!, 0.5, to)).toBeGreaterThan(0.6);
  expect(toneShare(right!, TONE_HZ["703"]!, 0.5, to)).toBeGreaterThan(0.6);
  expect((await api("PATCH", "/extensions/703", { recording: "none" })).status).toBe(200);
}, 90_000);

test("round robin after *095#: the first caller rings 702 alone, the next 703 alone", async () => {
  await dialCode("702", "*095#");
  const made = await api("POST", "/queues", {
    number: "801",
    strategy: "round-robin",
    staticAgents: ["702", "703"],
    ringTimeS: 20,
  });
  expect(made.status).toBe(201);
  for (const [caller, agent, other] of [
    ["701", "702", "703"],
    ["704", "703", "702"],
  ] as const) {
    const ringsAgent = count(agent, RINGS);
    const ringsOther = count(other, RINGS);
    const up = count(caller, ESTABLISHED);
    await phones[caller]!.command("dial", uri("801"));
    await more(caller, ESTABLISHED, up);
    await more(agent, RINGS, ringsAgent);
    await Bun.sleep(1000);
    expect(count(other, RINGS)).toBe(ringsOther);
    const answered = count(agent, ESTABLISHED);
    await phones[agent]!.command("accept");
    await more(agent, ESTABLISHED, answered);
    await Bun.sleep(3000);
    await hangUpAll();
    const heard = lastDump(caller);
    expect(
      toneShare(heard.file, TONE_HZ[agent]!, heard.seconds - 2, heard.seconds),
    ).toBeGreaterThan(0.6);
  }
}, 90_000);

test("past the maximum wait the caller goes to the destination; *62# logs a dynamic agent in", async () => {
  const made = await api("POST", "/queues", {
    number: "802",
    strategy: "ring-all",
    dynamicAgents: ["702"],
    maxWaitS: 10,
    destination: "extension:704",
  });
  expect(made.status).toBe(201);
  expect((await queueState(made.json.id)).agents).toEqual([
    { number: "702", kind: "dynamic", state: "logged-out" },
  ]);
  const rings702 = count("702", RINGS);
  const rings704 = count("704", RINGS);
  const up = count("701", ESTABLISHED);
  const started = Date.now();
  await phones["701"]!.command("dial", uri("802"));
  await more("701", ESTABLISHED, up);
  await more("704", RINGS, rings704, 20_000);
  expect(Date.now() - started).toBeGreaterThan(9000);
  // 702 is logged out: never rung.
  expect(count("702", RINGS)).toBe(rings702);
  const answered = count("704", ESTABLISHED);
  await phones["704"]!.command("accept");
  await more("704", ESTABLISHED, answered);
  await Bun.sleep(2500);
  await hangUpAll();
  const heard = lastDump("701");
  expect(toneShare(heard.file, TONE_HZ["704"]!, heard.seconds - 2, heard.seconds)).toBeGreaterThan(
    0.6,
  );
  await dialCode("702", "*62#");
  expect((await queueState(made.json.id)).agents).toEqual([
    { number: "702", kind: "dynamic", state: "available" },
  ]);
  await dialCode("702", "*062#");
  expect((await queueState(made.json.id)).agents[0].state).toBe("logged-out");
}, 90_000);

test('waiting callers hear their position: 701 "1" on entering and again after the interval, 704 "2"', async () => {
  // Nobody to answer: the one agent is dynamic and logged out.
  const made = await api("POST", "/queues", {
    number: "803",
    strategy: "ring-all",
    dynamicAgents: ["703"],
    maxWaitS: 60,
    announceEveryS: 6,
  });
  expect(made.status).toBe(201);
  const up701 = count("701", ESTABLISHED);
  await phones["701"]!.command("dial", uri("803"));
  await more("701", ESTABLISHED, up701);
  await until(
    () => queueState(made.json.id),
    (q) => q.waiting.length === 1,
  );
  const up704 = count("704", ESTABLISHED);
  await phones["704"]!.command("dial", uri("803"));
  await more("704", ESTABLISHED, up704);
  // 701 has heard its position twice once 6 s of music followed the first.
  await Bun.sleep(14_000);
  expect((await queueState(made.json.id)).waiting.map((w: { caller: string }) => w.caller)).toEqual(
    ["701", "704"],
  );
  await hangUpAll();
  // No agent answered either: both calls are recorded as not answered, with no talk time,
  // though the box answered them to play the queue.
  for (const caller of ["701", "704"]) {
    const records = await until(
      () => api("GET", `/cdr?caller=${caller}&callee=803`),
      (r) => r.json.items.length > 0,
    );
    expect(records.json.items).toHaveLength(1);
    expect(records.json.items[0]).toMatchObject({
      callee: "803",
      status: "not-answered",
      talkMs: 0,
      answeredAt: null,
    });
  }
  const prompt = (name: string) => trimmed(wavSamples(join(PROMPTS, "zh", `${name}.wav`)));
  const positionIs = prompt("queue/your-position-is");
  const heard701 = wavSamples(lastDump("701").file);
  const s = (seconds: number) => Math.round(seconds * 8000);
  // First: after "please hold" (0.5 s lead-in, about 2 s of speech).
  const first = findClip(heard701, positionIs, 0, s(6));
  expect(first.score).toBeGreaterThan(0.8);
  const afterFirst = first.at + positionIs.length;
  const one = findClip(heard701, prompt("digits/1"), afterFirst, afterFirst + s(0.6));
  expect(one.score).toBeGreaterThan(0.8);
  expect(
    findClip(heard701, prompt("digits/2"), afterFirst, afterFirst + s(0.6)).score,
  ).toBeLessThan(0.5);
  // Again 6 s after the first ended (music between).
  const again = findClip(heard701, positionIs, one.at + s(6), one.at + s(8));
  expect(again.score).toBeGreaterThan(0.8);
  const afterAgain = again.at + positionIs.length;
  expect(
    findClip(heard701, prompt("digits/1"), afterAgain, afterAgain + s(0.6)).score,
  ).toBeGreaterThan(0.8);
  // Nothing said in between: the music played.
  expect(findClip(heard701, positionIs, first.at + s(1), again.at - s(1)).score).toBeLessThan(0.5);
  // 704 came second.
  const heard704 = wavSamples(lastDump("704").file);
  const second = findClip(heard704, positionIs, 0, s(6));
  expect(second.score).toBeGreaterThan(0.8);
  const after704 = second.at + positionIs.length;
  expect(findClip(heard704, prompt("digits/2"), after704, after704 + s(0.6)).score).toBeGreaterThan(
    0.8,
  );
  expect(findClip(heard704, prompt("digits/1"), after704, after704 + s(0.6)).score).toBeLessThan(
    0.5,
  );
}, 90_000);

test("logins and pauses outlast a restart of the box: only the logged-in, unpaused agent rings", async () => {
  const made = await api("POST", "/queues", {
    number: "804",
    strategy: "ring-all",
    staticAgents: ["704"],
    dynamicAgents: ["702", "703"],
    ringTimeS: 20,
  });
  expect(made.status).toBe(201);
  await dialCode("702", "*62#");
  await dialCode("703", "*62#");
  await dialCode("703", "*062#");
  await dialCode("704", "*95#");
  const before = (await queueState(made.json.id)).agents;
  expect(before).toEqual([
    { number: "704", kind: "static", state: "paused" },
    { number: "702", kind: "dynamic", state: "available" },
    { number: "703", kind: "dynamic", state: "logged-out" },
  ]);
  // The box restarts on the same data; the phones register with it again.
  for (const phone of Object.values(phones)) await phone.stop();
  const adminPassword = pbx.adminPassword;
  await pbx.stop();
  pbx = await startPbx({ dataDir, adminPassword });
  token = await pbx.adminToken();
  api = boxApi(pbx, token);
  await startPhones();
  const after = await until(
    () => queueState(made.json.id),
    (q) => q.agents[1].state !== "unregistered",
  );
  expect(after.agents).toEqual(before);
  const rings702 = count("702", RINGS);
  const up = count("701", ESTABLISHED);
  await phones["701"]!.command("dial", uri("804"));
  await more("701", ESTABLISHED, up);
  await more("702", RINGS, rings702);
  await Bun.sleep(2000);
  expect(count("703", RINGS)).toBe(0);
  expect(count("704", RINGS)).toBe(0);
  const answered = count("702", ESTABLISHED);
  await phones["702"]!.command("accept");
  await more("702", ESTABLISHED, answered);
  await Bun.sleep(2500);
  await hangUpAll();
  const heard = lastDump("701");
  expect(toneShare(heard.file, TONE_HZ["702"]!, heard.seconds - 2, heard.seconds)).toBeGreaterThan(
    0.6,
  );
}, 120_000);

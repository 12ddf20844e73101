// End to end (SPEC CALL-3, manual 高级功能 — 跟随), "always connect" mode: four baresip phones.
// 601 has follow-me on: it rings 5 s, then 602 for 5 s, then 603. 604 calls 601; nobody at 601
// or 602 answers, so 603 rings after them and answers, and 604 talks with 603 (the call record
// names 601 as the number called).
// "Ask the answerer to accept" mode: after 601, the caller (604, whose microphone is a 1100 Hz
// tone) is asked its name and the box keeps 3 s of it; 602 answers, hears that name (the tone)
// and "press 1", presses nothing and is dropped after the timeout; 603 rings, answers, presses
// 1 (RFC 4733) and talks with 604 both ways (603's microphone is a 600 Hz tone).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import { ACCEPT_TIMEOUT_MS } from "../../firmware/calls/apps/accepting-leg.ts";
import { type Baresip, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

const password = (n: string) => `Pass-${n}!`;
let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};
const RINGS = /Incoming call/g;
const rings = (n: string) => (phones[n]!.output().match(RINGS) ?? []).length;
const CALLER_HZ = 1100;
const ANSWERER_HZ = 600;
const OTHER_HZ = 1400;

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("follow-me-");
  const mic = (hz: number) => join(dir, `mic-${hz}.wav`);
  for (const hz of [CALLER_HZ, ANSWERER_HZ, OTHER_HZ]) await writeToneWav(mic(hz), hz, 180);
  const mics: Record<string, number> = { "602": OTHER_HZ, "603": ANSWERER_HZ, "604": CALLER_HZ };
  for (const number of ["601", "602", "603", "604"]) {
    expect(
      (await api("POST", "/extensions", { number, sipPassword: password(number) })).status,
    ).toBe(201);
    phones[number] = await startRegisteredBaresip({
      extension: number,
      password: password(number),
      pbxPort: pbx.ports.sip,
      sourceWav: mic(mics[number] ?? OTHER_HZ),
      record: number !== "601",
      codecs: ["PCMU"],
    });
  }
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

test("601 unanswered, then 602 unanswered: 603 rings, answers and talks with the caller", async () => {
  const set = await api("PUT", "/follow-me/601", {
    enabled: true,
    ringFirstS: 5,
    mode: "always",
    numbers: [
      { number: "602", ringS: 5 },
      { number: "603", ringS: 20 },
    ],
  });
  expect(set.status).toBe(200);
  const before = { "601": rings("601"), "602": rings("602"), "603": rings("603") };
  const started = Date.now();
  await phones["604"]!.command("dial", `sip:601@127.0.0.1:${pbx.ports.sip}`);
  await until(
    async () => rings("601"),
    (n) => n > before["601"],
  );
  expect(rings("602")).toBe(before["602"]);
  await until(
    async () => rings("602"),
    (n) => n > before["602"],
    10_000,
  );
  const at602 = Date.now() - started;
  expect(at602).toBeGreaterThan(4000);
  expect(rings("603")).toBe(before["603"]);
  await until(
    async () => rings("603"),
    (n) => n > before["603"],
    10_000,
  );
  expect(Date.now() - started - at602).toBeGreaterThan(4000);
  await phones["603"]!.command("accept");
  await phones["604"]!.waitFor(/established/i);
  const live = await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 1 && r.json.items[0].state === "answered",
  );
  expect(live.json.items[0]).toMatchObject({ caller: "604", callee: "601" });
  await phones["604"]!.command("hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
}, 60_000);

test("confirm mode: the caller's name to each answerer; no 1 drops 602, 1 connects 603", async () => {
  const set = await api("PUT", "/follow-me/601", {
    enabled: true,
    ringFirstS: 5,
    mode: "confirm",
    numbers: [
      { number: "602", ringS: 30 },
      { number: "603", ringS: 30 },
    ],
  });
  expect(set.status).toBe(200);
  const before = { "602": rings("602"), "603": rings("603") };
  const dumps = { "602": phones["602"]!.dumps().length, "603": phones["603"]!.dumps().length };
  await phones["604"]!.command("dial", `sip:601@127.0.0.1:${pbx.ports.sip}`);
  // 601 unanswered: the box answers the caller to record its name, then 602 rings.
  await until(
    async () => rings("602"),
    (n) => n > before["602"],
    20_000,
  );
  await phones["602"]!.command("accept");
  await phones["602"]!.waitFor(/established/i);
  const answered602 = Date.now();
  // 602 presses nothing: dropped once the prompt and the timeout are over; 603 rings next.
  await until(
    async () => rings("603"),
    (n) => n > before["603"],
    ACCEPT_TIMEOUT_MS + 15_000,
  );
  expect(Date.now() - answered602).toBeGreaterThan(ACCEPT_TIMEOUT_MS);
  await phones["603"]!.command("accept");
  await until(
    async () => (phones["603"]!.output().match(/established/gi) ?? []).length,
    (n) => n >= 1,
  );
  // The name (about 4 s in) is said before "press 1".
  await Bun.sleep(6000);
  await phones["603"]!.command("sndcode", "1");
  await Bun.sleep(6000);
  await phones["604"]!.command("hangup");
  await until(
    () => api("GET", "/calls"),
    (r) => r.json.items.length === 0,
  );
  await Bun.sleep(500);
  const dump602 = phones["602"]!.dumps()[dumps["602"]]!;
  const dump603 = phones["603"]!.dumps()[dumps["603"]]!;
  const dump604 = phones["604"]!.dumps().at(-1)!;
  // Each answerer heard the caller's recorded name: the caller's tone, while still asked.
  expect(toneShare(dump602, CALLER_HZ, 0, 6)).toBeGreaterThan(0.3);
  expect(toneShare(dump603, CALLER_HZ, 0, 6)).toBeGreaterThan(0.3);
  // 602 never talked with the caller: nothing of it after the name.
  expect(toneShare(dump602, CALLER_HZ, 6, 14)).toBeLessThan(0.1);
  // After 1, audio both ways: 603 hears the caller's tone, the caller hears 603's.
  expect(toneShare(dump603, CALLER_HZ, 8, 11)).toBeGreaterThan(0.5);
  expect(toneShare(dump604, ANSWERER_HZ, 0, 600)).toBeGreaterThan(0.05);
  // Meanwhile the caller heard ringback (450 Hz), never the answerer it was not given.
  expect(toneShare(dump604, 450, 0, 600)).toBeGreaterThan(0.1);
  expect(toneShare(dump604, OTHER_HZ, 0, 600)).toBeLessThan(0.02);
}, 90_000);

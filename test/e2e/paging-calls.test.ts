// Paging and intercom end to end (SPEC CALL-6): the real program and real softphones (baresip,
// each sending its own tone and recording what it hears). 502 and 503 are desk phones that
// answer by themselves: this baresip (1.0) does not read Call-Info or Alert-Info, so its
// account's answermode=auto stands for the desk phone's auto-answer, and its SIP trace shows
// the auto-answer header the box sent. (1) 501 dials *50502: 502's phone answers with nobody
// pressing answer, the INVITE carried Call-Info answer-after=0, and each hears the other.
// (2) *51502: 502 hears 501, 501 does not hear 502 (one-way). (3) A simplex paging group 600
// of 502 and 503 made through the API: 501 dials 600, both members answer by themselves and
// hear 501's tone, 501 hears neither; when 501 hangs up both calls end. (4) The group made
// duplex: 501 hears both members.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { join } from "node:path";
import {
  type Baresip,
  CALL_ENDED,
  lastRecording,
  startRegisteredBaresip,
} from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { toneShare, writeToneWav } from "../support/tone-audio.ts";

const TONE_HZ: Record<string, number> = { "501": 500, "502": 700, "503": 1100 };
const password = (n: string) => `Pass-${n}!`;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("paging-");
  for (const number of ["501", "502", "503"]) {
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
      ...(number === "501" ? {} : { autoAnswer: true, sipTrace: true }),
    });
  }
}, SETUP_BOUND_MS);

afterAll(async () => {
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

const sipUri = (user: string) => `sip:${user}@127.0.0.1:${pbx.ports.sip}`;

const seen = (phone: Baresip, pattern: RegExp) =>
  (phone.output().match(new RegExp(pattern, "gi")) ?? []).length;

async function untilSeen(phone: Baresip, pattern: RegExp, moreThan: number, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (seen(phone, pattern) <= moreThan) {
    if (Date.now() > deadline)
      throw new Error(`no ${pattern}:\n${phone.output()}\n--- box:\n${pbx.output().slice(-8000)}`);
    await Bun.sleep(50);
  }
}

const ESTABLISHED = /Call established/;

/** The last call's recording of `number`'s phone, and its length in seconds. */
const lastDump = (number: string) => lastRecording(phones[number]!, number);

/** The last `seconds` of the call, less the end's tail, as recorded by `number`'s phone. */
function lastSeconds(number: string, seconds = 2.5): { file: string; from: number; to: number } {
  const { file, seconds: length } = lastDump(number);
  const to = Math.floor(length - 0.6);
  return { file, from: Math.max(0, to - seconds), to };
}

/** 501 dials `number`; the members answer by themselves; 501 hangs up after `talkMs`. */
async function page(number: string, members: string[], talkMs = 3500): Promise<void> {
  const caller = phones["501"]!;
  const up = Object.fromEntries(members.map((m) => [m, seen(phones[m]!, ESTABLISHED)]));
  const down = Object.fromEntries(members.map((m) => [m, seen(phones[m]!, CALL_ENDED)]));
  const callerUp = seen(caller, ESTABLISHED);
  await caller.command("dial", sipUri(number));
  await untilSeen(caller, ESTABLISHED, callerUp);
  // Nobody presses answer on the members' phones.
  for (const m of members) await untilSeen(phones[m]!, ESTABLISHED, up[m]!);
  await Bun.sleep(talkMs);
  const callerDown = seen(caller, CALL_ENDED);
  await caller.command("hangup");
  await untilSeen(caller, CALL_ENDED, callerDown);
  // The page ends with the caller: every member's call is hung up by the box.
  for (const m of members) await untilSeen(phones[m]!, CALL_ENDED, down[m]!);
}

test("*50502: 502's phone answers by itself (Call-Info answer-after) and both hear each other", async () => {
  await page("*50502%23", ["502"]);
  expect(phones["502"]!.output()).toMatch(/Call-Info: <sip:[^>]+>;answer-after=0/i);
  const heard502 = lastSeconds("502");
  expect(toneShare(heard502.file, TONE_HZ["501"]!, heard502.from, heard502.to)).toBeGreaterThan(
    0.6,
  );
  const heard501 = lastSeconds("501");
  expect(toneShare(heard501.file, TONE_HZ["502"]!, heard501.from, heard501.to)).toBeGreaterThan(
    0.6,
  );
}, 60_000);

test("*51502: a one-way page: 502 hears 501, 501 does not hear 502", async () => {
  await page("*51502", ["502"]);
  const heard502 = lastSeconds("502");
  expect(toneShare(heard502.file, TONE_HZ["501"]!, heard502.from, heard502.to)).toBeGreaterThan(
    0.6,
  );
  const heard501 = lastSeconds("501");
  expect(toneShare(heard501.file, TONE_HZ["502"]!, heard501.from, heard501.to, 0.3)).toBeLessThan(
    0.1,
  );
}, 60_000);

test("simplex paging group 600 (502, 503): both answer by themselves and hear 501; 501 hears neither", async () => {
  const clash = await api("POST", "/paging-groups", {
    number: "502",
    name: "Taken",
    mode: "simplex",
    members: ["503"],
  });
  expect(clash.status).toBe(409);
  expect(clash.json.error).toMatchObject({ code: "taken", field: "number" });
  const created = await api("POST", "/paging-groups", {
    number: "600",
    name: "Warehouse",
    mode: "simplex",
    members: ["502", "503"],
  });
  expect(created.status).toBe(201);
  await page("600", ["502", "503"]);
  for (const member of ["502", "503"]) {
    const heard = lastSeconds(member);
    expect(toneShare(heard.file, TONE_HZ["501"]!, heard.from, heard.to)).toBeGreaterThan(0.6);
    // Simplex: members are not heard by each other either.
    const other = member === "502" ? "503" : "502";
    expect(toneShare(heard.file, TONE_HZ[other]!, heard.from, heard.to, 0.3)).toBeLessThan(0.1);
  }
  const heard501 = lastSeconds("501");
  for (const member of ["502", "503"])
    expect(
      toneShare(heard501.file, TONE_HZ[member]!, heard501.from, heard501.to, 0.3),
    ).toBeLessThan(0.1);
}, 60_000);

test("the group made duplex: 501 hears both members, and each member hears 501", async () => {
  const groups = (await api("GET", "/paging-groups")).json.items as { id: number }[];
  const changed = await api("PATCH", `/paging-groups/${groups[0]!.id}`, { mode: "duplex" });
  expect(changed.status).toBe(200);
  await page("600", ["502", "503"]);
  const heard501 = lastSeconds("501");
  for (const member of ["502", "503"]) {
    expect(
      toneShare(heard501.file, TONE_HZ[member]!, heard501.from, heard501.to, 0.3),
    ).toBeGreaterThan(0.6);
    const heard = lastSeconds(member);
    expect(toneShare(heard.file, TONE_HZ["501"]!, heard.from, heard.to, 0.3)).toBeGreaterThan(0.6);
  }
}, 60_000);

// Call monitoring end to end (SPEC CALL-12, manual 通话监听): the real program and three baresip
// phones, each sending its own tone and recording what it hears. 401 (which the admin lets be
// monitored) talks with 402; the supervisor 403 dials *90401 and hears both, unheard; *91401
// and 401 hears the supervisor but 402 does not; *92401 and both do. When 401 hangs up, the
// supervisor's call ends too. 402 may not be monitored: *90402 gets "not available" and the
// box hangs up without 403 hearing a word of the call.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  type Baresip,
  CALL_ENDED,
  lastRecording,
  seen,
  startRegisteredBaresip,
  untilSeen as untilPhoneSeen,
} from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { loudShare, toneShare, writeToneWav } from "../support/tone-audio.ts";

/** Each phone's own tone, so a recording says whom its phone heard. */
const TONE_HZ: Record<string, number> = { "401": 500, "402": 700, "403": 1100 };
const password = (n: string) => `Pass-${n}!`;
/** A frame carries one of two equally loud tones: about half of its energy. */
const OF_TWO = 0.3;
const ESTABLISHED = /Call established/;
const INCOMING = /Incoming call/;

let pbx: RunningPbx;
let api: ReturnType<typeof boxApi>;
const phones: Record<string, Baresip> = {};

beforeAll(async () => {
  pbx = await startPbx();
  api = boxApi(pbx, await pbx.adminToken());
  const dir = tempDir("monitoring-");
  for (const number of ["401", "402", "403"]) {
    const created = await api("POST", "/extensions", {
      number,
      sipPassword: password(number),
      mayBeMonitored: number === "401",
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
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(pbx?.output());
  for (const phone of Object.values(phones)) await phone.stop();
  await pbx?.stop();
});

const untilSeen = (phone: Baresip, pattern: RegExp, moreThan: number, ms?: number) =>
  untilPhoneSeen(phone, pattern, moreThan, ms, pbx);
const sipUri = (user: string) => `sip:${encodeURIComponent(user)}@127.0.0.1:${pbx.ports.sip}`;

/** The last call's recording of `number`'s phone, and its length in seconds. */
const lastDump = (number: string) => lastRecording(phones[number]!, number);

/** Share of `hz` in the 2 s of `number`'s last recording that end at least 0.6 s before it. */
function heard(number: string, hz: number, minPart = OF_TWO): number {
  const { file, seconds } = lastDump(number);
  // Whole seconds: the window starts on a sample.
  const to = Math.floor(seconds - 0.6);
  return toneShare(file, hz, to - 2, to, minPart);
}

/** 401 calls 402, who answers. */
async function talk(): Promise<void> {
  const [rang, up] = [seen(phones["402"]!, INCOMING), seen(phones["401"]!, ESTABLISHED)];
  await phones["401"]!.command("dial", sipUri("402"));
  await untilSeen(phones["402"]!, INCOMING, rang);
  await phones["402"]!.command("accept");
  await untilSeen(phones["401"]!, ESTABLISHED, up);
}

/** 403 dials `code`; the box answers. */
async function supervise(code: string): Promise<void> {
  const up = seen(phones["403"]!, ESTABLISHED);
  await phones["403"]!.command("dial", sipUri(code));
  await untilSeen(phones["403"]!, ESTABLISHED, up);
}

/** 401 hangs up after `ms`: 402's call ends, and the supervisor's with it. */
async function endAfter(ms: number): Promise<void> {
  await Bun.sleep(ms);
  const down = ["402", "403"].map((n) => seen(phones[n]!, CALL_ENDED));
  await phones["401"]!.command("hangup");
  await untilSeen(phones["402"]!, CALL_ENDED, down[0]!);
  await untilSeen(phones["403"]!, CALL_ENDED, down[1]!, 5000);
}

describe("call monitoring (CALL-12)", () => {
  test("*90 listens: the supervisor hears both parties, who do not hear it; it ends with the call", async () => {
    await talk();
    await supervise("*90401");
    await endAfter(4000);
    expect(heard("403", TONE_HZ["401"]!)).toBeGreaterThan(0.6);
    expect(heard("403", TONE_HZ["402"]!)).toBeGreaterThan(0.6);
    expect(heard("401", TONE_HZ["403"]!, 0.2)).toBeLessThan(0.1);
    expect(heard("402", TONE_HZ["403"]!, 0.2)).toBeLessThan(0.1);
    // The parties still heard each other.
    expect(heard("401", TONE_HZ["402"]!, 0.6)).toBeGreaterThan(0.6);
  }, 60_000);

  test("*91 whispers: the monitored extension hears the supervisor, the other party does not", async () => {
    await talk();
    await supervise("*91401#");
    await endAfter(4000);
    expect(heard("403", TONE_HZ["402"]!)).toBeGreaterThan(0.6);
    expect(heard("401", TONE_HZ["403"]!)).toBeGreaterThan(0.6);
    expect(heard("401", TONE_HZ["402"]!)).toBeGreaterThan(0.6);
    expect(heard("402", TONE_HZ["403"]!, 0.2)).toBeLessThan(0.1);
  }, 60_000);

  test("*91 whispering goes on after the other party holds and resumes", async () => {
    await talk();
    await supervise("*91401#");
    await Bun.sleep(1500);
    await phones["402"]!.command("hold");
    await Bun.sleep(2000);
    await phones["402"]!.command("resume");
    await endAfter(4000);
    expect(heard("401", TONE_HZ["403"]!)).toBeGreaterThan(0.6);
    expect(heard("401", TONE_HZ["402"]!)).toBeGreaterThan(0.6);
    expect(heard("402", TONE_HZ["403"]!, 0.2)).toBeLessThan(0.1);
  }, 60_000);

  test("*92 barges in: all three hear each other", async () => {
    await talk();
    await supervise("*92401");
    await endAfter(4000);
    expect(heard("401", TONE_HZ["403"]!)).toBeGreaterThan(0.6);
    expect(heard("402", TONE_HZ["403"]!)).toBeGreaterThan(0.6);
    expect(heard("403", TONE_HZ["401"]!)).toBeGreaterThan(0.6);
  }, 60_000);

  test("an extension not allowed to be monitored is refused: the box says so and hangs up", async () => {
    await talk();
    const down = seen(phones["403"]!, CALL_ENDED);
    await supervise("*90402");
    await untilSeen(phones["403"]!, CALL_ENDED, down, 10_000);
    const { file, seconds } = lastDump("403");
    // The prompt's speech, not the two tones (which a monitor hears in 9 frames of 10).
    const whole = Math.floor(seconds);
    expect(loudShare(file, 0, whole)).toBeGreaterThan(0.2);
    for (const party of ["401", "402"])
      expect(toneShare(file, TONE_HZ[party]!, 0, whole, OF_TWO)).toBeLessThan(0.3);
    const over = seen(phones["402"]!, CALL_ENDED);
    await phones["401"]!.command("hangup");
    await untilSeen(phones["402"]!, CALL_ENDED, over);
  }, 60_000);
});

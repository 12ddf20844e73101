// Two real softphones (baresip) registered to the box call each other with the media through
// the box: each plays a WAV of its own tone and records what it hears; the recordings must
// carry the other phone's tone, at its frequency and without long gaps, both ways. Then the
// caller holds (the callee hears music on hold instead) and resumes. The call record follows.

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { startBaresip } from "../support/baresip.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";

let pbx: RunningPbx;
let token: string;
const dir = mkdtempSync(join(tmpdir(), "call-baresip-"));

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  for (const number of ["301", "302"]) {
    const response = await pbx.api("/api/v1/extensions", {
      method: "POST",
      token,
      body: JSON.stringify({
        number,
        sipPassword: `Pass-${number}!`,
        displayName: `Desk ${number}`,
      }),
    });
    expect(response.status).toBe(201);
  }
  const sox = requirePeer("sox", "sox");
  for (const [name, hz] of [
    ["a", 1000],
    ["b", 600],
  ] as const) {
    await run([
      sox,
      "-n",
      "-r",
      "8000",
      "-c",
      "1",
      "-b",
      "16",
      join(dir, `${name}.wav`),
      "synth",
      "30",
      "sine",
      String(hz),
      "vol",
      "0.5",
    ]);
  }
}, 30_000);

afterAll(async () => {
  await pbx.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A softphone that dumps what it hears (the one WAV of this test's single call). */
async function startPhone(extension: string, sourceWav: string) {
  const phone = await startBaresip({
    extension,
    password: `Pass-${extension}!`,
    pbxPort: pbx.ports.sip,
    sourceWav,
    record: true,
    displayName: `Desk ${extension}`,
  });
  return {
    ...phone,
    heard(): string {
      const dump = phone.dumps()[0];
      if (!dump) throw new Error(`baresip ${extension} recorded nothing:\n${phone.output()}`);
      return dump;
    },
  };
}

/** Per 20 ms frame: is `hz` clearly present (well above the signal's other content)? */
function toneFrames(samples: Int16Array, hz: number): boolean[] {
  const frames: boolean[] = [];
  for (let at = 0; at + 160 <= samples.length; at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i++) energy += samples[i]! * samples[i]!;
    const tone = (2 * goertzelPower(samples, at, 160, hz, 8000)) / 160;
    frames.push(energy > 160 * 300 * 300 && tone > 0.6 * energy);
  }
  return frames;
}

/** Frames with the tone, and the longest run without it once the tone started. */
function analyse(file: string, hz: number, fromS: number, toS: number) {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  expect(wav.wav.sampleRateHz).toBe(8000);
  const frames = toneFrames(wav.wav.channels[0]!, hz).slice(fromS * 50, toS * 50);
  let longestGap = 0;
  let gap = 0;
  for (const present of frames) {
    gap = present ? 0 : gap + 1;
    longestGap = Math.max(longestGap, gap);
  }
  return {
    present: frames.filter(Boolean).length,
    frames: frames.length,
    longestGapMs: longestGap * 20,
  };
}

/** Frames between fromS and toS louder than -40 dBFS (something is playing, not silence). */
function loudFrames(file: string, fromS: number, toS: number): number {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  const x = wav.wav.channels[0]!;
  let loud = 0;
  for (let at = fromS * 8000; at + 160 <= Math.min(x.length, toS * 8000); at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i++) energy += x[i]! * x[i]!;
    if (Math.sqrt(energy / 160) > 328) loud++;
  }
  return loud;
}

test("two baresip phones talk through the box both ways, hold and resume", async () => {
  const caller = await startPhone("301", join(dir, "a.wav"));
  const callee = await startPhone("302", join(dir, "b.wav"));
  try {
    await caller.waitFor(/200 OK|registered successfully/i);
    await callee.waitFor(/200 OK|registered successfully/i);
    await caller.command("dial", `sip:302@127.0.0.1:${pbx.ports.sip}`);
    await callee.waitFor(/Incoming call|ringing/i);
    await callee.command("accept");
    await caller.waitFor(/Call established|established/i);
    const calls = (await (await pbx.api("/api/v1/calls", { token })).json()) as {
      items: { state: string; caller: string; callee: string; legs: { codec?: string }[] }[];
    };
    expect(calls.items[0]?.state).toBe("answered");
    expect(calls.items[0]?.caller).toBe("301");
    expect(calls.items[0]?.legs.map((l) => l.codec)).toEqual(["PCMU", "PCMU"]);
    // Caller ID: the callee saw the caller's number and name.
    expect(callee.output()).toMatch(/Desk 301|301@/);
    await Bun.sleep(4000);
    await caller.command("hold");
    await Bun.sleep(3000);
    await caller.command("resume");
    await Bun.sleep(3000);
    await caller.command("hangup");
    await callee.waitFor(/terminated|closed|BYE/i);
  } finally {
    if (process.env.CALL_DEBUG)
      console.log(caller.output(), "\n----\n", callee.output(), pbx.output());
    await caller.stop();
    await callee.stop();
  }
  const heardBy301 = caller.heard();
  const heardBy302 = callee.heard();
  // 302 heard 301's 1000 Hz tone in the first seconds of talk, without gaps over 100 ms.
  const first = analyse(heardBy302, 1000, 1, 4);
  expect(first.present / first.frames).toBeGreaterThan(0.9);
  expect(first.longestGapMs).toBeLessThanOrEqual(100);
  const back = analyse(heardBy301, 600, 1, 4);
  expect(back.present / back.frames).toBeGreaterThan(0.9);
  expect(back.longestGapMs).toBeLessThanOrEqual(100);
  // While held, 302 heard music on hold (301's class, "default"), not 301's tone.
  const held = analyse(heardBy302, 1000, 5.5, 7);
  expect(held.present).toBeLessThan(held.frames / 4);
  expect(loudFrames(heardBy302, 5.5, 7)).toBeGreaterThan(0.5 * 75);
  // After resume the tone is back.
  const resumed = analyse(heardBy302, 1000, 9, 10);
  expect(resumed.present / resumed.frames).toBeGreaterThan(0.8);

  const cdr = (await (await pbx.api("/api/v1/cdr?caller=301", { token })).json()) as {
    items: { caller: string; callee: string; status: string; talkMs: number; type: string }[];
  };
  expect(cdr.items[0]?.status).toBe("answered");
  expect(cdr.items[0]?.callee).toBe("302");
  expect(cdr.items[0]?.type).toBe("internal");
  expect(cdr.items[0]?.talkMs).toBeGreaterThan(9000);
}, 60_000);

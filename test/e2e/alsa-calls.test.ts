// An analog call with the ports' audio on ALSA, end to end (SPEC CALL-1, DEV-2): the real
// program on board "sim-alsa" (the simulated chips, the PCM highway the ALSA device
// "pbx_highway"), a real softphone (baresip) as extension 301 that answers by itself and plays
// a 1000 Hz tone. ALSA's own file plugins are the far end of the highway: what the box sends to
// FXS 1 (channel 0) is read back from a raw file, what its handset says is appended to another.
// FXS 1 lifts (over the simulated SLIC), hears dial tone in the file, keys 301# as DTMF into
// ALSA, and then: baresip's tone lands in FXS 1's channel at 1000 Hz, and a 1400 Hz tone put
// into the handset's channel is found in baresip's recording. ALSA_TIMING=1 prints the periods a
// second and which frames of the tone were lost.
// test/run.ts: alone (the highway must keep its 20 ms periods to count lost frames).

import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classifyCallProgress } from "../../firmware/lines/call-progress.ts";
import { generateDtmf } from "../../media/dsp/dtmf-generator.ts";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { type AlsaHandsets, alsaHandsets } from "../support/alsa-handsets.ts";
import { type Baresip, CALL_ENDED, startRegisteredBaresip } from "../support/baresip.ts";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";
import { requirePeer, run } from "../support/peers.ts";

const CHANNELS = 8;
/** FXS 1's channel in "pbx_highway" (bsp/sim-alsa.ts). */
const FXS1 = 0;
const PHONE_HZ = 1000;
const HANDSET_HZ = 1400;

const dir = mkdtempSync(join(tmpdir(), "alsa-calls-"));
let handsets: AlsaHandsets;
let pbx: RunningPbx;
let phone: Baresip;
let api: ReturnType<typeof boxApi>;

async function until(ok: () => boolean, what: () => string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline)
      throw new Error(`${what()}\n--- the box:\n${pbx.output().slice(-8000)}`);
    await Bun.sleep(50);
  }
}

/** Whether one 20 ms frame is a tone of `hz`: audible, and most of its energy at that frequency. */
function isTone(samples: ArrayLike<number>, at: number, hz: number): boolean {
  let energy = 0;
  for (let i = at; i < at + 160; i++) energy += (samples[i] ?? 0) ** 2;
  if (energy < 160 * 300 * 300) return false;
  return (2 * goertzelPower(samples, at, 160, hz, 8000)) / 160 > 0.7 * energy;
}

const toneFrames = (frames: readonly Int16Array[], hz: number) =>
  frames.filter((f) => isTone(f, 0, hz));

/** `ms` of a sine at `hz`, in 20 ms frames, at about -10 dBm0. */
function sine(hz: number, ms: number): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let k = 0; k < ms / 20; k++)
    frames.push(
      Int16Array.from({ length: 160 }, (_, i) =>
        Math.round(8000 * Math.sin((2 * Math.PI * hz * (k * 160 + i)) / 8000)),
      ),
    );
  return frames;
}

/** Keys on a phone: 100 ms of each digit's DTMF, 100 ms apart. */
function dtmf(digits: string): Int16Array[] {
  const frames: Int16Array[] = [];
  for (const d of digits) {
    const tone = generateDtmf(d, { durationMs: 100 });
    for (let k = 0; k < 5; k++) frames.push(tone.slice(k * 160, (k + 1) * 160));
    for (let k = 0; k < 5; k++) frames.push(new Int16Array(160));
  }
  return frames;
}

beforeAll(async () => {
  handsets = alsaHandsets(dir, CHANNELS);
  pbx = await startPbx({ env: { PBX_BOARD: "sim-alsa", ...handsets.env } });
  api = boxApi(pbx, await pbx.adminToken());
  const created = await api("POST", "/extensions", {
    number: "301",
    sipPassword: "Pass-301!",
    displayName: "Desk 301",
  });
  expect(created.status).toBe(201);
  const wav = join(dir, `tone-${PHONE_HZ}.wav`);
  await run([
    requirePeer("sox", "sox"),
    ...["-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "60", "sine", `${PHONE_HZ}`],
    ...["vol", "0.5"],
  ]);
  phone = await startRegisteredBaresip({
    extension: "301",
    password: "Pass-301!",
    pbxPort: pbx.ports.sip,
    sourceWav: wav,
    record: true,
    autoAnswer: true,
  });
}, SETUP_BOUND_MS);

afterAll(async () => {
  if (process.env.CALL_DEBUG) console.log(phone?.output(), pbx?.output());
  await phone?.stop();
  await pbx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("the ALSA highway runs: every port started, a period of every channel every 20 ms", async () => {
  const ports = await api("GET", "/ports");
  expect(ports.status).toBe(200);
  const fxs1 = ports.json.items.find((p: { port: string }) => p.port === "fxs1");
  expect(fxs1?.state).not.toBe("faulty");
  const [p0, t0] = [handsets.periods(), performance.now()];
  await Bun.sleep(1000);
  const rate = (handsets.periods() - p0) / ((performance.now() - t0) / 1000);
  // 50 periods a second, give or take the file plugin's buffering of up to 60 ms each side.
  if (process.env.ALSA_TIMING) console.log(`highway: ${rate.toFixed(1)} periods/s`);
  expect(rate).toBeGreaterThan(40);
  expect(rate).toBeLessThan(60);
});

test("FXS 1 calls 301 over ALSA: dial tone in the file, DTMF from it, then each hears the other's tone", async () => {
  expect((await api("POST", "/sim/fxs/1/offhook")).status).toBe(200);
  // China's dial tone (450 Hz, continuous) in the last second the box sent FXS 1.
  await until(
    () => classifyCallProgress(handsets.heard(FXS1).slice(-50), "cn") === "dial-tone",
    () => `no dial tone: ${classifyCallProgress(handsets.heard(FXS1).slice(-50), "cn")}`,
  );
  handsets.say(FXS1, dtmf("301#"));
  // baresip answers by itself: "answering call on line 1 from sip:8001@...".
  await phone.waitFor(/answering call .* from sip:8001@/i, 10_000);
  await phone.waitFor(/Call established/i, 10_000);
  const answeredAt = handsets.heard(FXS1).length;

  // baresip's tone reaches FXS 1's channel of the ALSA device, at its frequency.
  await until(
    () => toneFrames(handsets.heard(FXS1).slice(answeredAt), PHONE_HZ).length >= 50,
    () =>
      `${toneFrames(handsets.heard(FXS1).slice(answeredAt), PHONE_HZ).length} frames of ${PHONE_HZ} Hz`,
  );
  const calls = await api("GET", "/calls");
  expect(calls.json.items[0]).toMatchObject({ state: "answered", caller: "8001", callee: "301" });

  // The handset says 1400 Hz for 2 s through the ALSA capture.
  handsets.say(FXS1, sine(HANDSET_HZ, 2000));
  await Bun.sleep(2600);
  await api("POST", "/sim/fxs/1/onhook");
  await phone.waitFor(CALL_ENDED);

  const heard = handsets.heard(FXS1).slice(answeredAt);
  const first = heard.findIndex((f) => isTone(f, 0, PHONE_HZ));
  const last = heard.findLastIndex((f) => isTone(f, 0, PHONE_HZ));
  const during = heard.slice(first, last + 1);
  const gaps = during.filter((f) => !isTone(f, 0, PHONE_HZ)).length;
  // The tone as baresip sent it, steady, with at most a few frames lost: when the box's main
  // thread is held up past the 3 queued frames, the highway's worker writes silence instead of
  // under-running (board/pcm/README.md).
  expect(during.length).toBeGreaterThan(100);
  expect(gaps).toBeLessThan(during.length * 0.1);
  if (process.env.ALSA_TIMING)
    console.log(
      `${PHONE_HZ} Hz: ${during.length} periods, ${gaps} not the tone at`,
      during.flatMap((f, k) =>
        isTone(f, 0, PHONE_HZ) ? [] : [`${k}:${f.some((x) => x !== 0) ? "part" : "silent"}`],
      ),
    );

  const dump = phone.dumps().at(-1);
  expect(dump).toBeDefined();
  const wav = readWav(new Uint8Array(readFileSync(dump!)));
  if (!wav.ok) throw new Error(wav.error);
  const samples = wav.wav.channels[0]!;
  let found = 0;
  for (let at = 0; at + 160 <= samples.length; at += 160)
    if (isTone(samples, at, HANDSET_HZ)) found++;
  // 2 s of tone is 100 frames; baresip's frames need not line up with ours.
  expect(found).toBeGreaterThan(60);
  if (process.env.ALSA_TIMING) console.log(`${HANDSET_HZ} Hz in baresip: ${found} frames`);
}, 45_000);

// Media engine benchmark: codec frames/s per core, transcoded calls one core carries, and the
// cost of a 10-party conference. Run with `npx bun test/bench/media.ts` (or media.sh).
// A call is two directions of 50 frames/s each. Targets: >= 300 transcoded calls per core,
// a 10-party conference under 3% of a core.
import { loadavg } from "node:os";
import type { Codec, CodecFactory } from "../../media/codec/codec.ts";
import { g722 } from "../../media/codec/g722.ts";
import { l16 } from "../../media/codec/l16.ts";
import { pcma } from "../../media/codec/pcma.ts";
import { pcmu } from "../../media/codec/pcmu.ts";
import { Resampler } from "../../media/codec/resampler.ts";
import { sweep } from "../../media/codec/signal.ts";
import { Transcoder } from "../../media/codec/transcoder.ts";
import { Mixer } from "../../media/mix/mixer.ts";

const FRAMES_PER_SECOND = 50;
const RUN_MS = Number(process.env.BENCH_MS ?? 400);

/**
 * Calls per second of `fn` on one core: after a warm-up (so the JIT has compiled it), the best
 * of several short batches, which discounts time stolen by other processes on a shared host.
 */
function rate(fn: () => void): number {
  const warmUntil = performance.now() + RUN_MS / 4;
  while (performance.now() < warmUntil) for (let i = 0; i < 100; i++) fn();
  let best = 0;
  for (let batch = 0; batch < 8; batch++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    while (now - start < RUN_MS / 8) {
      for (let i = 0; i < 100; i++) fn();
      calls += 100;
      now = performance.now();
    }
    best = Math.max(best, (calls * 1000) / (now - start));
  }
  return best;
}

function speechLike(factory: CodecFactory): Int16Array[] {
  const rateHz = factory.sampleRateHz;
  const signal = sweep(100, rateHz * 0.45, -12, rateHz, factory.frameSamples * 50);
  const frames: Int16Array[] = [];
  for (let at = 0; at < signal.length; at += factory.frameSamples) {
    frames.push(signal.subarray(at, at + factory.frameSamples));
  }
  return frames;
}

function encodedFrames(factory: CodecFactory, frames: Int16Array[]): Uint8Array[] {
  const codec = factory.create();
  return frames.map((f) => codec.encode(f));
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const print = (line: string) => console.log(line);

print(
  `media benchmark (Bun ${Bun.version}, ${process.arch}, load average ${loadavg()[0]!.toFixed(2)}), ` +
    "one thread, best of 8 batches",
);
print("");
print("codec            encode frames/s   decode frames/s   (20 ms frames, one core)");
for (const factory of [pcmu, pcma, g722, l16(8000), l16(16000)]) {
  const frames = speechLike(factory);
  const payloads = encodedFrames(factory, frames);
  const codec: Codec = factory.create();
  const out = new Uint8Array(factory.frameBytes);
  const pcm = new Int16Array(factory.frameSamples);
  let i = 0;
  const enc = rate(() => {
    codec.encodeInto(frames[i++ % frames.length]!, out);
  });
  const dec = rate(() => {
    codec.decodeInto(payloads[i++ % payloads.length]!, pcm);
  });
  const name = `${factory.name}/${factory.sampleRateHz}`.padEnd(16);
  print(`${name} ${fmt(enc).padStart(15)}   ${fmt(dec).padStart(15)}`);
}

print("");
for (const [from, to] of [
  [8000, 16000],
  [16000, 8000],
] as const) {
  const resampler = new Resampler(from, to);
  const input = sweep(100, 3400, -12, from, from / FRAMES_PER_SECOND);
  const out = new Int16Array(resampler.outputSamplesFor(input.length));
  const r = rate(() => {
    resampler.processInto(input, out);
  });
  print(`resample ${from} -> ${to} Hz: ${fmt(r)} frames/s`);
}

print("");
print("transcoded calls per core (a call = both directions, 50 frames/s each)");
for (const [a, b] of [
  [pcmu, g722],
  [pcmu, pcma],
] as const) {
  const forward = new Transcoder(a.create(), b.create());
  const backward = new Transcoder(b.create(), a.create());
  const aPayloads = encodedFrames(a, speechLike(a));
  const bPayloads = encodedFrames(b, speechLike(b));
  const aOut = new Uint8Array(b.frameBytes);
  const bOut = new Uint8Array(a.frameBytes);
  let i = 0;
  // One call-frame: one payload each way.
  const pairs = rate(() => {
    forward.transcodeInto(aPayloads[i % aPayloads.length]!, aOut);
    backward.transcodeInto(bPayloads[i % bPayloads.length]!, bOut);
    i++;
  });
  print(`${a.name} <-> ${b.name}: ${fmt(pairs / FRAMES_PER_SECOND)} calls`);
}

print("");
for (const sampleRateHz of [8000, 16000] as const) {
  const parties = 10;
  const mixer = new Mixer({ sampleRateHz });
  const ids = Array.from({ length: parties }, (_, k) => `p${k}`);
  for (const id of ids) mixer.add(id);
  const frames = ids.map((_, k) =>
    sweep(200 + 50 * k, 3400, -20, sampleRateHz, sampleRateHz / FRAMES_PER_SECOND),
  );
  const mixes = rate(() => {
    for (let k = 0; k < parties; k++) mixer.put(ids[k]!, frames[k]!);
    mixer.mix();
  });
  const corePercent = (FRAMES_PER_SECOND / mixes) * 100;
  print(
    `mixer ${parties} parties at ${sampleRateHz} Hz: ${corePercent.toFixed(3)}% of a core ` +
      `(${(corePercent / parties).toFixed(4)}% per participant)`,
  );
}

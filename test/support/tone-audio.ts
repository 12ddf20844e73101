// Test audio: a sine tone for a phone's microphone (sox), and how much of a recording carries a
// tone (Goertzel per 20 ms frame), which is how tests hear that audio went through.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { readWav } from "../../media/file/wav-reader.ts";
import { writeWav } from "../../media/file/wav-writer.ts";
import { requirePeer, run } from "./peers.ts";

/** Writes `file`: `seconds` of `hz` at half scale, mono 16 bit at `rateHz` (8 kHz). */
export async function writeToneWav(
  file: string,
  hz: number,
  seconds = 30,
  rateHz = 8000,
): Promise<void> {
  const sox = requirePeer("sox", "sox");
  await run(
    [sox, "-n", "-r", String(rateHz), "-c", "1", "-b", "16", file, "synth", String(seconds)].concat(
      ["sine", String(hz), "vol", "0.5"],
    ),
  );
}

/** A WAV file's bytes: `seconds` of `hz`, 16 bit at `rateHz`, the same on each of `channels`. */
export function toneWavBytes(seconds: number, hz: number, rateHz = 8000, channels = 1): Uint8Array {
  const x = new Int16Array(rateHz * seconds);
  for (let i = 0; i < x.length; i++)
    x[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rateHz));
  return writeWav(
    rateHz,
    Array.from({ length: channels }, () => x),
  );
}

/**
 * A WAV file's channels as mono WAV files in `dir` (`<name>-0.wav`, `<name>-1.wav`...), for
 * toneShare to look at each party of a stereo recording (left = caller, right = answerer).
 */
export function splitChannels(bytes: Uint8Array, dir: string, name: string): string[] {
  const wav = readWav(bytes);
  if (!wav.ok) throw new Error(`${name}: ${wav.error}`);
  return wav.wav.channels.map((samples, i) => {
    const file = join(dir, `${name}-${i}.wav`);
    writeFileSync(file, writeWav(wav.wav.sampleRateHz, [samples]));
    return file;
  });
}

/**
 * Per 20 ms frame: is `hz` clearly present (at least `minPart` of the frame's energy; lower it
 * when several tones are mixed)? The share of such frames between fromS and toS.
 */
export function toneShare(
  file: string,
  hz: number,
  fromS: number,
  toS: number,
  minPart = 0.6,
): number {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  const x = wav.wav.channels[0]!;
  // 20 ms frames at the file's rate (a G.722 phone's recording is 16 kHz).
  const rate = wav.wav.sampleRateHz;
  const n = rate / 50;
  let present = 0;
  let frames = 0;
  for (let at = fromS * rate; at + n <= Math.min(x.length, toS * rate); at += n) {
    let energy = 0;
    for (let i = at; i < at + n; i++) energy += x[i]! * x[i]!;
    const tone = (2 * goertzelPower(x, at, n, hz, rate)) / n;
    frames++;
    if (energy > n * 300 * 300 && tone > minPart * energy) present++;
  }
  return frames === 0 ? 0 : present / frames;
}

/** Share of 20 ms frames between fromS and toS louder than -40 dBFS. */
export function loudShare(file: string, fromS: number, toS: number): number {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  const x = wav.wav.channels[0]!;
  let loud = 0;
  let frames = 0;
  for (let at = fromS * 8000; at + 160 <= Math.min(x.length, toS * 8000); at += 160) {
    let energy = 0;
    for (let i = at; i < at + 160; i++) energy += x[i]! * x[i]!;
    frames++;
    if (Math.sqrt(energy / 160) > 328) loud++;
  }
  return frames === 0 ? 0 : loud / frames;
}

// Where a known prompt was heard in a phone's recording: the normalised cross-correlation of
// the prompt's samples with the recording at each offset (G.711 through the box keeps the
// waveform, so a prompt heard scores near 1 where it lies; other speech, music or silence score
// low). How tests prove that a given prompt, not just some sound, reached the caller.

import { readFileSync } from "node:fs";
import { readWav } from "../../media/file/wav-reader.ts";

/** The first channel of a WAV file (8 kHz mono recordings and prompts). */
export function wavSamples(file: string): Int16Array {
  const wav = readWav(new Uint8Array(readFileSync(file)));
  if (!wav.ok) throw new Error(`${file}: ${wav.error}`);
  return wav.wav.channels[0]!;
}

/** The clip without its leading and trailing quiet (below -40 dBFS per 10 ms). */
export function trimmed(clip: Int16Array): Int16Array {
  const loud = (at: number) => {
    let e = 0;
    for (let i = at; i < Math.min(clip.length, at + 80); i++) e += clip[i]! * clip[i]!;
    return Math.sqrt(e / 80) > 328;
  };
  let from = 0;
  while (from < clip.length && !loud(from)) from += 80;
  let to = clip.length;
  while (to > from && !loud(Math.max(from, to - 80))) to -= 80;
  return clip.subarray(from, to);
}

export interface ClipMatch {
  /** The sample of the recording where the clip starts. */
  at: number;
  /** Normalised cross-correlation there, -1..1. */
  score: number;
}

/**
 * The offset between `fromSample` and `toSample` (where the clip would start) at which
 * `clip` best matches `heard`.
 */
export function findClip(
  heard: Int16Array,
  clip: Int16Array,
  fromSample = 0,
  toSample = heard.length,
): ClipMatch {
  const n = clip.length;
  let clipEnergy = 0;
  for (let i = 0; i < n; i++) clipEnergy += clip[i]! * clip[i]!;
  let best: ClipMatch = { at: -1, score: 0 };
  const last = Math.min(toSample, heard.length - n);
  if (clipEnergy === 0) return best;
  // The recording's energy under the clip, slid along.
  let energy = 0;
  const start = Math.max(0, fromSample);
  for (let i = start; i < start + n && i < heard.length; i++) energy += heard[i]! * heard[i]!;
  for (let at = start; at <= last; at++) {
    if (energy > 0) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += heard[at + i]! * clip[i]!;
      const score = dot / Math.sqrt(energy * clipEnergy);
      if (score > best.score) best = { at, score };
    }
    energy += (heard[at + n] ?? 0) ** 2 - heard[at]! ** 2;
  }
  return best;
}

// A tiny PhoneDsp for board tests: real DTMF sines, a zero-crossing tone classifier for China's
// 450 Hz call-progress tones, and a stand-in caller ID "modem" that writes the characters as sample
// values behind a marker. The real FSK modem comes from media/ through the composition root.
import { PCM_FRAME_SAMPLES, PCM_SAMPLE_RATE_HZ } from "../pcm/pcm-channel.ts";
import type { CallerIdInfo, HeardSound, PhoneDsp } from "./phone-dsp.ts";

const DTMF: Record<string, [number, number]> = {
  "1": [697, 1209],
  "2": [697, 1336],
  "3": [697, 1477],
  A: [697, 1633],
  "4": [770, 1209],
  "5": [770, 1336],
  "6": [770, 1477],
  B: [770, 1633],
  "7": [852, 1209],
  "8": [852, 1336],
  "9": [852, 1477],
  C: [852, 1633],
  "*": [941, 1209],
  "0": [941, 1336],
  "#": [941, 1477],
  D: [941, 1633],
};

const CID_MARKER = 12345;

/** Frames of a sum of sines, 20 ms each. */
export function toneFrames(
  frequenciesHz: readonly number[],
  durationMs: number,
  amplitude = 6000,
): Int16Array[] {
  const frames: Int16Array[] = [];
  const total = Math.round((durationMs * PCM_SAMPLE_RATE_HZ) / 1000);
  for (let start = 0; start < total; start += PCM_FRAME_SAMPLES) {
    const f = new Int16Array(PCM_FRAME_SAMPLES);
    for (let i = 0; i < PCM_FRAME_SAMPLES; i++) {
      const t = (start + i) / PCM_SAMPLE_RATE_HZ;
      let v = 0;
      for (const hz of frequenciesHz) v += amplitude * Math.sin(2 * Math.PI * hz * t);
      f[i] = Math.round(v);
    }
    frames.push(f);
  }
  return frames;
}

export const silenceFrames = (durationMs: number): Int16Array[] =>
  Array.from({ length: Math.round(durationMs / 20) }, () => new Int16Array(PCM_FRAME_SAMPLES));

/** Cadenced 450 Hz: onMs of tone then offMs of silence, repeated to fill totalMs. */
export function cadencedTone(onMs: number, offMs: number, totalMs: number): Int16Array[] {
  const frames: Int16Array[] = [];
  while (frames.length * 20 < totalMs)
    frames.push(...toneFrames([450], onMs), ...silenceFrames(offMs));
  return frames.slice(0, totalMs / 20);
}

const rms = (f: Int16Array): number => Math.sqrt(f.reduce((s, v) => s + v * v, 0) / f.length);

function zeroCrossingHz(f: Int16Array): number {
  let crossings = 0;
  for (let i = 1; i < f.length; i++) if (f[i - 1]! < 0 !== f[i]! < 0) crossings++;
  return (crossings / 2) * (PCM_SAMPLE_RATE_HZ / f.length);
}

export const testPhoneDsp: PhoneDsp = {
  dtmfFrames(digit, durationMs) {
    const pair = DTMF[digit.toUpperCase()];
    if (!pair) throw new Error(`not a DTMF digit: ${digit}`);
    return toneFrames(pair, durationMs);
  },

  classifyHeard(frames): HeardSound {
    const loud = frames.map((f) => rms(f) > 200);
    if (!loud.includes(true)) return "silence";
    const tonal = frames
      .filter((_, i) => loud[i])
      .every((f) => Math.abs(zeroCrossingHz(f) - 450) <= 40);
    if (!tonal) return "audio";
    if (loud.every((l) => l)) return "dial-tone";
    const runs: number[] = [];
    let run = 0;
    for (const l of loud) {
      if (l) run++;
      else if (run > 0) {
        runs.push(run);
        run = 0;
      }
    }
    const longest = Math.max(...runs, run);
    if (longest >= 40) return "ringback";
    if (longest >= 15) return "busy";
    return "congestion";
  },

  decodeCallerId(frames): CallerIdInfo | null {
    for (const f of frames) {
      if (f[0] !== CID_MARKER) continue;
      let text = "";
      for (let i = 1; i < f.length && f[i] !== 0; i++) text += String.fromCharCode(f[i]!);
      const [number = "", name] = text.split("|");
      return name ? { number, name } : { number };
    }
    return null;
  },

  callerIdFrames(info) {
    const f = new Int16Array(PCM_FRAME_SAMPLES);
    f[0] = CID_MARKER;
    const text = info.name ? `${info.number}|${info.name}` : info.number;
    for (let i = 0; i < text.length && i < PCM_FRAME_SAMPLES - 2; i++)
      f[i + 1] = text.charCodeAt(i);
    return [...silenceFrames(40), f, ...silenceFrames(40)];
  },
};

// Call-progress tones as heard on an analog line (ITU-T E.180 and its Supplement 2; China
// YD/T 1501: 450 Hz dial tone continuous, ringback 1 s on 4 s off, busy 0.35/0.35 s, congestion
// 0.7/0.7 s). Frames are sorted into tone / quiet / other by Goertzel power at the country's
// tone frequencies, then the on/off run lengths are matched against the country's cadences.
import { goertzelPower } from "../../media/dsp/goertzel.ts";
import { TONE_TABLES, type ToneName, toneSpec } from "../../media/dsp/tone-tables.ts";
import { FRAME_MS, SAMPLE_RATE_HZ } from "./pcm-frames.ts";

/** What a handset hears, the names the virtual front panel shows. */
export type CallProgress =
  | "dial-tone"
  | "ringback"
  | "busy"
  | "congestion"
  | "silence"
  | "audio"
  /** Dial tone broken by gaps of at most `STUTTER_GAP_MS`: messages wait (SPEC CALL-7). */
  | "stutter-dial-tone";

type FrameKind = "tone" | "quiet" | "other";

/** RMS below this (about -47 dBm0) is quiet. */
const QUIET_RMS = 100;
/** Share of a frame's energy at the tone frequencies that makes it a tone. */
const TONE_SHARE = 0.6;
/** Longer than any off period of a cadence (ringback's 4 s) plus margin: the tone has ended. */
const ENDED_QUIET_MS = 4500;
/** A steady tone longer than any cadenced burst is dial tone. */
const STEADY_MS = 1500;
/**
 * Gaps this short between bursts are a stutter (China 400/40 ms, US 100/100 ms), shorter than
 * any busy or congestion pause (250 ms and up).
 */
const STUTTER_GAP_MS = 120;

/** The frequencies a country's call-progress tones use. */
export function toneFrequencies(country: string): number[] {
  const table = TONE_TABLES[country as keyof typeof TONE_TABLES] ?? TONE_TABLES.cn;
  const all = Object.values(table).flatMap((t) => t.components.map((c) => c.freqHz));
  return [...new Set(all)];
}

/** A tone that starts or stops inside a frame fills only part of it, so its share drops. */
const EDGE_SHARE = 0.2;

/** Share of a frame's energy at the tone frequencies; -1 when the frame is quiet. */
function toneShare(frame: Int16Array, frequenciesHz: readonly number[]): number {
  let energy = 0;
  for (const v of frame) energy += v * v;
  if (Math.sqrt(energy / frame.length) < QUIET_RMS) return -1;
  let share = 0;
  for (const hz of frequenciesHz) {
    // A pure sine at hz has Goertzel power (A N / 2)^2 and energy A^2 N / 2.
    share +=
      (2 * goertzelPower(frame, 0, frame.length, hz, SAMPLE_RATE_HZ)) / (frame.length * energy);
  }
  return share;
}

/** Sorts one frame on its own: quiet, a call-progress tone, or other sound. */
export function frameKind(frame: Int16Array, frequenciesHz: readonly number[]): FrameKind {
  const share = toneShare(frame, frequenciesHz);
  if (share < 0) return "quiet";
  return share >= TONE_SHARE ? "tone" : "other";
}

/** Sorts frames, taking a partly tonal frame next to a tone frame as that tone's edge. */
function frameKinds(frames: readonly Int16Array[], frequenciesHz: readonly number[]): FrameKind[] {
  const shares = frames.map((f) => toneShare(f, frequenciesHz));
  return shares.map((share, i) => {
    const between = (shares[i - 1] ?? 0) >= TONE_SHARE && (shares[i + 1] ?? 0) >= TONE_SHARE;
    // One lost frame inside a tone is a gap in delivery, not a cadence break.
    if (share < 0) return between ? "tone" : "quiet";
    if (share >= TONE_SHARE) return "tone";
    const nextToTone = (shares[i - 1] ?? 0) >= TONE_SHARE || (shares[i + 1] ?? 0) >= TONE_SHARE;
    return share >= EDGE_SHARE && nextToTone ? "tone" : "other";
  });
}

interface Run {
  tone: boolean;
  frames: number;
  first: boolean;
  last: boolean;
}

function runsOf(kinds: readonly FrameKind[]): Run[] {
  const runs: Run[] = [];
  for (const k of kinds) {
    const tone = k === "tone";
    const prev = runs.at(-1);
    if (prev && prev.tone === tone) prev.frames++;
    else runs.push({ tone, frames: 1, first: runs.length === 0, last: false });
  }
  const end = runs.at(-1);
  if (end) end.last = true;
  return runs;
}

type Cadenced = Extract<ToneName, "ringback" | "busy" | "congestion">;

/** The cadenced tone whose first burst is nearest (by ratio) to `onMs`. */
function nearestCadence(onMs: number, country: string): Cadenced {
  let best: Cadenced = "busy";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of ["ringback", "busy", "congestion"] as const) {
    const burstMs = toneSpec(name, country).cadenceMs[0];
    if (burstMs === undefined) continue;
    const distance = Math.abs(Math.log(onMs / burstMs));
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Classifies the last few seconds heard (oldest frame first). Six seconds are needed to see a
 * whole ringback cadence; shorter windows still tell dial tone, busy and congestion.
 */
export function classifyCallProgress(frames: readonly Int16Array[], country = "cn"): CallProgress {
  const freqs = toneFrequencies(country);
  const kinds = frameKinds(frames, freqs);
  if (!kinds.some((k) => k !== "quiet")) return "silence";
  const recentFrames = 1000 / FRAME_MS;
  if (kinds.slice(-recentFrames).includes("other")) return "audio";
  const segment = kinds.slice(kinds.lastIndexOf("other") + 1);
  if (!segment.includes("tone")) return "silence";
  const runs = runsOf(segment);
  const last = runs.at(-1)!;
  const trailingQuietMs = last.tone ? 0 : last.frames * FRAME_MS;
  if (trailingQuietMs >= ENDED_QUIET_MS) return "silence";
  if (runs.length === 1 || (last.tone && last.frames * FRAME_MS >= STEADY_MS)) return "dial-tone";
  const gaps = runs.filter((r) => !r.tone && !r.first && !r.last);
  if (gaps.length >= 2 && gaps.every((r) => r.frames * FRAME_MS <= STUTTER_GAP_MS))
    return "stutter-dial-tone";
  const bursts = runs.filter((r) => r.tone);
  const whole = bursts.filter((r) => !r.first && !r.last);
  const onMs =
    (whole.length > 0 ? whole.at(-1)!.frames : Math.max(...bursts.map((r) => r.frames))) * FRAME_MS;
  const cadence = nearestCadence(onMs, country);
  if (cadence !== "ringback" && trailingQuietMs > 1000) return "silence";
  return cadence;
}

/**
 * Streaming busy (or congestion) tone detector for a line the far end has left (SPEC DEV-2 FXO
 * disconnect detection): true once two whole on/off cycles matching the country's busy or
 * congestion cadence within 25 % have been heard.
 */
export class BusyToneDetector {
  private readonly freqs: number[];
  private readonly cadences: Array<readonly number[]>;
  private readonly runs: Array<{ tone: boolean; ms: number }> = [];

  constructor(country = "cn") {
    this.freqs = toneFrequencies(country);
    this.cadences = [
      toneSpec("busy", country).cadenceMs,
      toneSpec("congestion", country).cadenceMs,
    ];
  }

  /** Feeds one frame; true when the busy cadence has just been recognised. */
  push(frame: Int16Array): boolean {
    // Edges of a burst count as tone: the cadence check allows a frame either way.
    const tone = toneShare(frame, this.freqs) >= EDGE_SHARE;
    const last = this.runs.at(-1);
    if (last && last.tone === tone) {
      last.ms += FRAME_MS;
      return false;
    }
    this.runs.push({ tone, ms: FRAME_MS });
    if (this.runs.length > 6) this.runs.shift();
    // A run just ended: check the four before the new one (on, off, on, off).
    const whole = this.runs.slice(-5, -1);
    if (whole.length < 4 || !whole[0]!.tone) return false;
    return this.cadences.some((c) =>
      whole.every((r, i) => {
        const want = c[i % c.length]!;
        return r.ms >= want * 0.75 && r.ms <= want * 1.25;
      }),
    );
  }

  reset(): void {
    this.runs.length = 0;
  }
}

// DTMF signalling tones, ITU-T Q.23: row (low group) and column (high group) frequencies.
import { addTones, toInt16 } from "./tone-synth.ts";

export const DTMF_ROW_HZ = [697, 770, 852, 941] as const;
export const DTMF_COL_HZ = [1209, 1336, 1477, 1633] as const;
export const DTMF_KEYS = ["123A", "456B", "789C", "*0#D"] as const;

export interface DtmfToneOptions {
  durationMs?: number;
  /** Low-group (row) level; Q.23 senders run about -9..-4 dBm0. */
  lowLevelDbm0?: number;
  /** High-group (column) level; phones pre-emphasise it by about 2 dB. */
  highLevelDbm0?: number;
  sampleRateHz?: number;
}

/** Row and column frequencies of a key, or undefined for a character that is not a DTMF key. */
export function dtmfFrequencies(digit: string): { rowHz: number; colHz: number } | undefined {
  const key = digit.toUpperCase();
  for (let r = 0; r < 4; r++) {
    const c = (DTMF_KEYS[r] as string).indexOf(key);
    if (key.length === 1 && c >= 0) {
      return { rowHz: DTMF_ROW_HZ[r] as number, colHz: DTMF_COL_HZ[c] as number };
    }
  }
  return undefined;
}

/** PCM of one key press; an empty array for an unknown key. */
export function generateDtmf(digit: string, options: DtmfToneOptions = {}): Int16Array {
  const f = dtmfFrequencies(digit);
  const rate = options.sampleRateHz ?? 8000;
  if (!f) return new Int16Array(0);
  const n = Math.round(((options.durationMs ?? 100) * rate) / 1000);
  const out = new Float64Array(n);
  const components = [
    { freqHz: f.rowHz, levelDbm0: options.lowLevelDbm0 ?? -7 },
    { freqHz: f.colHz, levelDbm0: options.highLevelDbm0 ?? -5 },
  ];
  addTones(out, 0, n, components, [0, 0], rate);
  return toInt16(out);
}

/** PCM of a digit string, each tone `toneMs` long followed by `gapMs` of silence. */
export function generateDtmfSequence(
  digits: string,
  toneMs = 100,
  gapMs = 100,
  options: DtmfToneOptions = {},
): Int16Array {
  const rate = options.sampleRateHz ?? 8000;
  const gap = Math.round((gapMs * rate) / 1000);
  const parts = [...digits].map((d) => generateDtmf(d, { ...options, durationMs: toneMs }));
  const total = parts.reduce((sum, p) => sum + p.length + gap, 0);
  const out = new Int16Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length + gap;
  }
  return out;
}

// DTMF receiver per ITU-T Q.24 (Q.23 frequencies). Goertzel analysis of 20 ms windows every
// 5 ms classifies candidate keys; a tone-pair envelope then measures each press to the
// millisecond, so 40 ms tones are accepted and 30 ms ones rejected, and 40 ms pauses split
// presses of the same key.
//
// Acceptance per window:
// - frequency deviation: the nominal bin must beat bins at +-5 %, i.e. deviation < 2.5 %
//   (Q.24: accept <= 1.5 %, reject >= 3.5 %);
// - twist (Q.24 table): low group above high group ("normal") up to 8 dB, high above low
//   ("reverse") up to 4 dB;
// - the two tones must hold most of the window's energy, and their 2nd harmonics must be
//   weak: speech and music have rich harmonic spectra, a DTMF pair has none.
import { DTMF_COL_HZ, DTMF_KEYS, DTMF_ROW_HZ } from "./dtmf-generator.ts";
import { goertzelPower } from "./goertzel.ts";
import { dbm0ToPeak } from "./levels.ts";
import { ToneEnvelope } from "./tone-envelope.ts";

/** One key press: the key and its span in absolute samples [startSample, endSample). */
export interface DtmfEvent {
  digit: string;
  startSample: number;
  endSample: number;
}

export interface DtmfDetectorOptions {
  sampleRateHz?: number;
  /** Shortest tone reported; between Q.24's 40 ms accept and the shorter reject. */
  minToneMs?: number;
  /** Interruptions shorter than this are bridged; pauses of 40 ms always separate. */
  bridgeMs?: number;
  normalTwistDb?: number;
  reverseTwistDb?: number;
  /** Weakest tone accepted, per frequency. */
  minLevelDbm0?: number;
}

interface Hit {
  digit: string;
  rowHz: number;
  colHz: number;
}

interface Candidate {
  digit: string;
  envelope: ToneEnvelope;
  hitCenters: number[];
  misses: number;
}

const WINDOW_MS = 20;
const HOP_MS = 5;
const ENVELOPE_MS = 10;
const CLOSE_AFTER_MISSES = 6;
const MIN_PURITY = 0.8;
const MAX_HARMONIC_RATIO = 0.06;
const MIN_HITS = 3;
const REFINE_PROBE_HZ = 12;
// Allowance for the level estimate's own error at the twist limits.
const TWIST_MARGIN_DB = 1;

export class DtmfDetector {
  private readonly rate: number;
  private readonly win: number;
  private readonly hop: number;
  private readonly ring: Float64Array;
  private readonly buf: Float64Array;
  private readonly minTone: number;
  private readonly bridge: number;
  private readonly maxNormal: number;
  private readonly maxReverse: number;
  private readonly minPeak: number;
  private written = 0;
  private nextAnalysis: number;
  private cand: Candidate | undefined;

  constructor(options: DtmfDetectorOptions = {}) {
    this.rate = options.sampleRateHz ?? 8000;
    this.win = Math.round((WINDOW_MS * this.rate) / 1000);
    this.hop = Math.round((HOP_MS * this.rate) / 1000);
    this.ring = new Float64Array(4 * this.win);
    this.buf = new Float64Array(this.win);
    this.minTone = Math.round(((options.minToneMs ?? 35) * this.rate) / 1000);
    this.bridge = Math.round(((options.bridgeMs ?? 20) * this.rate) / 1000);
    this.maxNormal = 10 ** (((options.normalTwistDb ?? 8) + TWIST_MARGIN_DB) / 20);
    this.maxReverse = 10 ** (((options.reverseTwistDb ?? 4) + TWIST_MARGIN_DB) / 20);
    this.minPeak = dbm0ToPeak(options.minLevelDbm0 ?? -36);
    this.nextAnalysis = this.win;
  }

  /** Feeds one frame; returns the key presses that ended by now. */
  process(frame: Int16Array): DtmfEvent[] {
    const events: DtmfEvent[] = [];
    for (let i = 0; i < frame.length; i++) {
      const x = frame[i] as number;
      this.ring[this.written % this.ring.length] = x;
      this.written++;
      this.cand?.envelope.push(x);
      if (this.written === this.nextAnalysis) {
        this.nextAnalysis += this.hop;
        this.analyze(events);
      }
    }
    return events;
  }

  /** Ends the stream: reports a press still in progress. */
  flush(): DtmfEvent[] {
    const events: DtmfEvent[] = [];
    this.close(events);
    return events;
  }

  private analyze(events: DtmfEvent[]): void {
    const start = this.written - this.win;
    for (let i = 0; i < this.win; i++) {
      this.buf[i] = this.ring[(start + i) % this.ring.length] as number;
    }
    const hit = this.classify();
    const cand = this.cand;
    if (cand && hit?.digit === cand.digit) {
      cand.hitCenters.push(start + this.win / 2);
      cand.misses = 0;
    } else if (cand) {
      cand.misses++;
      if (hit || cand.misses >= CLOSE_AFTER_MISSES) this.close(events);
    }
    if (hit && !this.cand) this.open(hit, start);
  }

  private open(hit: Hit, windowStart: number): void {
    const avg = Math.round((ENVELOPE_MS * this.rate) / 1000);
    // Start the envelope before the window so the rising edge is seen whole.
    const from = Math.max(0, windowStart - avg, this.written - this.ring.length);
    const envelope = new ToneEnvelope([hit.rowHz, hit.colHz], this.rate, avg, from);
    for (let n = from; n < this.written; n++) {
      envelope.push(this.ring[n % this.ring.length] as number);
    }
    this.cand = {
      digit: hit.digit,
      envelope,
      hitCenters: [windowStart + this.win / 2],
      misses: 0,
    };
  }

  private close(events: DtmfEvent[]): void {
    const cand = this.cand;
    this.cand = undefined;
    if (!cand) return;
    for (const span of cand.envelope.spans(this.bridge)) {
      const hits = cand.hitCenters.filter((c) => c >= span.start && c < span.end).length;
      if (span.end - span.start >= this.minTone && hits >= MIN_HITS) {
        events.push({ digit: cand.digit, startSample: span.start, endSample: span.end });
      }
    }
  }

  private power(freqHz: number): number {
    return goertzelPower(this.buf, 0, this.win, freqHz, this.rate);
  }

  /** Refines a group's strongest tone; undefined when it is off-frequency by >= 2.5 %. */
  private refine(nominalHz: number): { freqHz: number; power: number } | undefined {
    const m0 = Math.sqrt(this.power(nominalHz));
    if (Math.sqrt(this.power(nominalHz * 0.95)) > m0) return undefined;
    if (Math.sqrt(this.power(nominalHz * 1.05)) > m0) return undefined;
    // Two parabolic steps on probes well inside the main lobe find the true frequency, so
    // the purity test sees the full tone energy even at the edge of the tolerance.
    let freqHz = nominalHz;
    let centre = m0;
    for (let step = 0; step < 2; step++) {
      const lo = Math.sqrt(this.power(freqHz - REFINE_PROBE_HZ));
      const hi = Math.sqrt(this.power(freqHz + REFINE_PROBE_HZ));
      const denom = lo - 2 * centre + hi;
      const p = denom < 0 ? (0.5 * (lo - hi)) / denom : 0;
      freqHz += REFINE_PROBE_HZ * Math.max(-2, Math.min(2, p));
      centre = Math.sqrt(this.power(freqHz));
    }
    return { freqHz, power: centre * centre };
  }

  private classify(): Hit | undefined {
    let energy = 0;
    for (let i = 0; i < this.win; i++) energy += (this.buf[i] as number) ** 2;
    const minToneEnergy = (this.minPeak * this.minPeak * this.win) / 2;
    if (energy < 2 * minToneEnergy) return undefined;
    const r = this.strongest(DTMF_ROW_HZ);
    const c = this.strongest(DTMF_COL_HZ);
    const row = this.refine(DTMF_ROW_HZ[r] as number);
    const col = this.refine(DTMF_COL_HZ[c] as number);
    if (!row || !col) return undefined;
    // Tone energy over the window from the DFT power: E = 2|X|^2 / N.
    const rowEnergy = (2 * row.power) / this.win;
    const colEnergy = (2 * col.power) / this.win;
    if (rowEnergy < minToneEnergy || colEnergy < minToneEnergy) return undefined;
    if (rowEnergy > colEnergy * this.maxNormal ** 2) return undefined;
    if (colEnergy > rowEnergy * this.maxReverse ** 2) return undefined;
    if (rowEnergy + colEnergy < MIN_PURITY * energy) return undefined;
    // Against the pair's power, not each tone's: a row's 2nd harmonic lies 58-71 Hz from a
    // column, whose side lobe would otherwise fail a quiet row under reverse twist.
    const maxHarmonic = MAX_HARMONIC_RATIO * (row.power + col.power);
    if (this.power(2 * row.freqHz) > maxHarmonic) return undefined;
    if (this.power(2 * col.freqHz) > maxHarmonic) return undefined;
    const digit = (DTMF_KEYS[r] as string)[c] as string;
    return { digit, rowHz: row.freqHz, colHz: col.freqHz };
  }

  private strongest(freqs: readonly number[]): number {
    let best = 0;
    let bestPower = -1;
    freqs.forEach((f, i) => {
      const p = this.power(f);
      if (p > bestPower) {
        bestPower = p;
        best = i;
      }
    });
    return best;
  }
}

// Non-coherent FSK receiver for V.23 and Bell 202 with an async (UART) character decoder.
// Mark and space energies come from quadrature correlators averaged over one bit; their
// difference is level independent, so the receiver works from line level down to about
// -40 dBm0 and in noise. A carrier detector holds the line at mark while only noise is
// present, so silence decodes to nothing.
import type { FskStandard } from "./fsk-modulator.ts";
import { dbm0ToPeak } from "./levels.ts";

/** A received character and the sample where its start bit began. */
export interface FskByte {
  value: number;
  sample: number;
}

interface Correlator {
  cos: number;
  sin: number;
  rotCos: number;
  rotSin: number;
  re: Float64Array;
  im: Float64Array;
  sumRe: number;
  sumIm: number;
}

function correlator(freqHz: number, len: number, sampleRateHz: number): Correlator {
  const w = (2 * Math.PI * freqHz) / sampleRateHz;
  return {
    cos: 1,
    sin: 0,
    rotCos: Math.cos(w),
    rotSin: Math.sin(w),
    re: new Float64Array(len),
    im: new Float64Array(len),
    sumRe: 0,
    sumIm: 0,
  };
}

// Minimum in-band share of the signal energy for "carrier present".
const MIN_BAND_SHARE = 0.25;

export class FskDemodulator {
  private readonly len: number;
  private readonly samplesPerBit: number;
  private readonly mark: Correlator;
  private readonly space: Correlator;
  private readonly energy: Float64Array;
  private energySum = 0;
  private readonly minEnergy: number;
  private n = 0;
  /** Absolute sample where the current character's start edge was seen, or -1. */
  private edge = -1;
  private bitIndex = 0;
  private value = 0;
  private lastLevel = 1;
  private lastDiff = 0;

  constructor(standard: FskStandard, sampleRateHz = 8000, minLevelDbm0 = -45) {
    this.samplesPerBit = sampleRateHz / standard.baud;
    this.len = Math.round(this.samplesPerBit);
    this.mark = correlator(standard.markHz, this.len, sampleRateHz);
    this.space = correlator(standard.spaceHz, this.len, sampleRateHz);
    this.energy = new Float64Array(this.len);
    this.minEnergy = (dbm0ToPeak(minLevelDbm0) ** 2 * this.len) / 2;
  }

  /** Feeds samples; returns the characters completed in them. */
  process(samples: ArrayLike<number>): FskByte[] {
    const out: FskByte[] = [];
    for (let i = 0; i < samples.length; i++) this.step(samples[i] as number, out);
    return out;
  }

  private step(x: number, out: FskByte[]): void {
    const slot = this.n % this.len;
    const m = this.correlate(this.mark, x, slot);
    const s = this.correlate(this.space, x, slot);
    const e = x * x;
    this.energySum += e - (this.energy[slot] as number);
    this.energy[slot] = e;
    // |X|^2 of a tone over L samples is L/2 times its energy there.
    const band = ((m + s) * 2) / this.len;
    const carrier = this.energySum > this.minEnergy && band > MIN_BAND_SHARE * this.energySum;
    const diff = m - s;
    const level = carrier ? (diff >= 0 ? 1 : 0) : 1;
    const prevDiff = this.lastDiff;
    this.lastDiff = diff;
    const t = this.n;
    this.n++;
    if (!carrier) {
      this.edge = -1;
      this.lastLevel = 1;
      return;
    }
    if (this.edge < 0) {
      // A mark-to-space transition is a candidate start bit.
      if (this.lastLevel === 1 && level === 0) {
        // Sub-sample crossing time: the bit clock has only 6.67 samples per bit to spare.
        this.edge = t - 1 + prevDiff / (prevDiff - diff);
        this.bitIndex = 0;
        this.value = 0;
      }
      this.lastLevel = level;
      return;
    }
    this.lastLevel = level;
    // Sample at the integer time nearest the bit centre; later sampling closes the eye fast
    // at V.23's 800 Hz shift.
    const centre = this.edge + (this.bitIndex + 0.5) * this.samplesPerBit;
    if (t < centre - 0.5) return;
    if (this.bitIndex === 0) {
      if (level !== 0) this.edge = -1;
    } else if (this.bitIndex <= 8) {
      this.value |= level << (this.bitIndex - 1);
    } else {
      // The stop bit must be mark, otherwise the framing is wrong and the byte dropped.
      if (level === 1) out.push({ value: this.value, sample: this.edge });
      this.edge = -1;
      return;
    }
    this.bitIndex++;
  }

  private correlate(c: Correlator, x: number, slot: number): number {
    const pr = x * c.cos;
    const pi = -x * c.sin;
    c.sumRe += pr - (c.re[slot] as number);
    c.sumIm += pi - (c.im[slot] as number);
    c.re[slot] = pr;
    c.im[slot] = pi;
    let nc = c.cos * c.rotCos - c.sin * c.rotSin;
    let ns = c.sin * c.rotCos + c.cos * c.rotSin;
    if ((this.n & 1023) === 0) {
      const mag = Math.hypot(nc, ns);
      nc /= mag;
      ns /= mag;
    }
    c.cos = nc;
    c.sin = ns;
    return c.sumRe * c.sumRe + c.sumIm * c.sumIm;
  }
}

// Sample-accurate envelope of a known tone pair, used to measure DTMF tone and pause
// durations to the millisecond that ITU-T Q.24 separates (40 ms accepted, shorter rejected).
// Each tone is mixed to baseband and averaged over a short moving window; the sum of the two
// magnitudes is a trapezoid whose half-height crossings sit on the tone's true edges.

export class ToneEnvelope {
  /** Envelope value per sample, index 0 = absolute sample `firstSample`. */
  readonly values: number[] = [];
  private readonly cos: number[];
  private readonly sin: number[];
  private readonly rotCos: number[];
  private readonly rotSin: number[];
  private readonly re: Float64Array[];
  private readonly im: Float64Array[];
  private readonly sumRe: number[];
  private readonly sumIm: number[];
  private pos = 0;

  constructor(
    freqsHz: readonly number[],
    sampleRateHz: number,
    readonly averageSamples: number,
    readonly firstSample: number,
  ) {
    this.cos = freqsHz.map(() => 1);
    this.sin = freqsHz.map(() => 0);
    this.rotCos = freqsHz.map((f) => Math.cos((2 * Math.PI * f) / sampleRateHz));
    this.rotSin = freqsHz.map((f) => Math.sin((2 * Math.PI * f) / sampleRateHz));
    this.re = freqsHz.map(() => new Float64Array(averageSamples));
    this.im = freqsHz.map(() => new Float64Array(averageSamples));
    this.sumRe = freqsHz.map(() => 0);
    this.sumIm = freqsHz.map(() => 0);
  }

  /** Feeds the next sample and appends its envelope value. */
  push(x: number): void {
    let env = 0;
    const slot = this.pos % this.averageSamples;
    for (let k = 0; k < this.cos.length; k++) {
      const c = this.cos[k] as number;
      const s = this.sin[k] as number;
      const pr = x * c;
      const pi = -x * s;
      const re = this.re[k] as Float64Array;
      const im = this.im[k] as Float64Array;
      this.sumRe[k] = (this.sumRe[k] as number) + pr - (re[slot] as number);
      this.sumIm[k] = (this.sumIm[k] as number) + pi - (im[slot] as number);
      re[slot] = pr;
      im[slot] = pi;
      env += Math.hypot(this.sumRe[k] as number, this.sumIm[k] as number);
      // Rotate the local oscillator; renormalise now and then against rounding drift.
      const rc = this.rotCos[k] as number;
      const rs = this.rotSin[k] as number;
      let nc = c * rc - s * rs;
      let ns = s * rc + c * rs;
      if ((this.pos & 1023) === 0) {
        const m = Math.hypot(nc, ns);
        nc /= m;
        ns /= m;
      }
      this.cos[k] = nc;
      this.sin[k] = ns;
    }
    this.values.push((2 * env) / this.averageSamples);
    this.pos++;
  }

  /**
   * Spans [start, end) in absolute samples where the envelope is above half its peak,
   * with gaps shorter than `bridgeSamples` joined.
   */
  spans(bridgeSamples: number): { start: number; end: number }[] {
    let peak = 0;
    for (const v of this.values) if (v > peak) peak = v;
    const half = peak / 2;
    const raw: { start: number; end: number }[] = [];
    let runStart = -1;
    this.values.forEach((v, i) => {
      if (v >= half && runStart < 0) runStart = i;
      if (v < half && runStart >= 0) {
        raw.push({ start: runStart, end: i });
        runStart = -1;
      }
    });
    if (runStart >= 0) raw.push({ start: runStart, end: this.values.length });
    const merged: { start: number; end: number }[] = [];
    for (const r of raw) {
      const last = merged[merged.length - 1];
      if (last && r.start - last.end < bridgeSamples) last.end = r.end;
      else merged.push({ ...r });
    }
    // The moving average lags the signal by half its length.
    const lag = Math.round(this.averageSamples / 2) - 1;
    return merged.map((r) => ({
      start: this.firstSample + r.start - lag,
      end: this.firstSample + r.end - lag,
    }));
  }
}

// Sample-rate conversion between 8 kHz and 16 kHz by a factor of two, with a linear-phase
// half-band FIR low-pass (windowed sinc, Kaiser window, 63 taps, about 70 dB stop-band
// rejection beyond 4.55 kHz at 16 kHz, flat to 3.4 kHz). Half-band: every other tap is zero,
// so each output costs 16 multiplies. State carries across frames; delay is about 2 ms.

/** Odd taps per side of the half-band filter. */
const HALF_TAPS = 16;
const KAISER_BETA = 6.8;

/** Zeroth-order modified Bessel function, by its power series. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** h[2j-1] for j = 1..HALF_TAPS of a half-band low-pass (the centre tap is 0.5). */
function halfBandTaps(): Float64Array {
  const taps = new Float64Array(HALF_TAPS);
  const span = 2 * HALF_TAPS; // window half-length in taps
  for (let j = 1; j <= HALF_TAPS; j++) {
    const n = 2 * j - 1;
    const sinc = Math.sin((Math.PI * n) / 2) / (Math.PI * n);
    const w = besselI0(KAISER_BETA * Math.sqrt(1 - (n / span) ** 2)) / besselI0(KAISER_BETA);
    taps[j - 1] = sinc * w;
  }
  return taps;
}

function toInt16(x: number): number {
  return Math.min(32767, Math.max(-32768, Math.round(x)));
}

/** Converts a stream between 8000 and 16000 Hz (or passes it through at equal rates). */
export class Resampler {
  readonly inputRateHz: number;
  readonly outputRateHz: number;
  readonly #taps = halfBandTaps();
  readonly #history: number;
  // Previous input samples followed by the current block, so the filter reads one flat array.
  #buffer: Float64Array;

  constructor(inputRateHz: 8000 | 16000, outputRateHz: 8000 | 16000) {
    this.inputRateHz = inputRateHz;
    this.outputRateHz = outputRateHz;
    this.#history = inputRateHz < outputRateHz ? 2 * HALF_TAPS - 1 : 4 * HALF_TAPS - 2;
    this.#buffer = new Float64Array(this.#history + 320);
  }

  /** Output samples produced for `inputSamples` input samples. */
  outputSamplesFor(inputSamples: number): number {
    if (this.inputRateHz === this.outputRateHz) return inputSamples;
    return this.inputRateHz < this.outputRateHz ? inputSamples * 2 : inputSamples >> 1;
  }

  /** Converts a block (even length when decimating) into a new array. */
  process(input: Int16Array): Int16Array {
    const out = new Int16Array(this.outputSamplesFor(input.length));
    this.processInto(input, out);
    return out;
  }

  /** Converts a block into `out`; returns the samples written. */
  processInto(input: Int16Array, out: Int16Array): number {
    const n = this.outputSamplesFor(input.length);
    if (out.length < n) throw new RangeError(`resampler output needs ${n} samples`);
    if (this.inputRateHz === this.outputRateHz) {
      out.set(input);
      return n;
    }
    const h = this.#history;
    if (this.#buffer.length < h + input.length) {
      const grown = new Float64Array(h + input.length);
      grown.set(this.#buffer.subarray(0, h));
      this.#buffer = grown;
    }
    const buf = this.#buffer;
    for (let i = 0; i < input.length; i++) buf[h + i] = input[i]!;
    if (this.inputRateHz < this.outputRateHz) this.#interpolate(buf, input.length, out);
    else this.#decimate(buf, input.length, out);
    buf.copyWithin(0, input.length, input.length + h);
    return n;
  }

  // y[2m] = x[m]; y[2m+1] = 2 * sum_j h[2j-1] (x[m-j+1] + x[m+j]), delayed HALF_TAPS inputs.
  #interpolate(buf: Float64Array, count: number, out: Int16Array): void {
    const taps = this.#taps;
    const h = this.#history;
    for (let k = 0; k < count; k++) {
      const centre = h + k - HALF_TAPS;
      let acc = 0;
      for (let j = 1; j <= HALF_TAPS; j++) {
        acc += taps[j - 1]! * (buf[centre - j + 1]! + buf[centre + j]!);
      }
      out[2 * k] = buf[centre]!;
      out[2 * k + 1] = toInt16(2 * acc);
    }
  }

  // y[m] = 0.5 x[2m] + sum_j h[2j-1] (x[2m-2j+1] + x[2m+2j-1]), delayed 2*HALF_TAPS-1 inputs.
  #decimate(buf: Float64Array, count: number, out: Int16Array): void {
    const taps = this.#taps;
    const h = this.#history;
    for (let k = 0, m = 0; k + 1 < count; k += 2, m++) {
      const centre = h + k + 1 - (2 * HALF_TAPS - 1);
      let acc = 0.5 * buf[centre]!;
      for (let j = 1; j <= HALF_TAPS; j++) {
        acc += taps[j - 1]! * (buf[centre - 2 * j + 1]! + buf[centre + 2 * j - 1]!);
      }
      out[m] = toInt16(acc);
    }
  }
}

// Band-limited resampling by windowed-sinc interpolation (J. O. Smith, "Digital Audio
// Resampling"): any ratio, e.g. 44.1 kHz -> 8 kHz for uploads. The Kaiser-windowed sinc is
// tabulated once per call and linearly interpolated, so each output sample costs one short
// dot product. The cut-off sits at 90 % of the lower Nyquist frequency.

const ZERO_CROSSINGS = 16;
const TABLE_STEPS = 512;
const KAISER_BETA = 8;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

function kernelTable(): Float64Array {
  const n = ZERO_CROSSINGS * TABLE_STEPS + 2;
  const table = new Float64Array(n);
  const norm = besselI0(KAISER_BETA);
  for (let i = 0; i < n; i++) {
    const u = i / TABLE_STEPS;
    const r = Math.min(1, u / ZERO_CROSSINGS);
    const window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / norm;
    table[i] = (u === 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u)) * window;
  }
  return table;
}

/** Resamples `input` from `fromHz` to `toHz`. */
export function resample(input: Float32Array, fromHz: number, toHz: number): Float32Array {
  if (fromHz === toHz) return input.slice();
  const table = kernelTable();
  // Cut-off in cycles per input sample; the kernel is sinc(2 * fc * t) in input samples.
  const fc = (0.45 * Math.min(fromHz, toHz)) / fromHz;
  const scale = 2 * fc;
  const halfWidth = ZERO_CROSSINGS / scale;
  const outLength = Math.floor((input.length * toHz) / fromHz);
  const out = new Float32Array(outLength);
  const step = fromHz / toHz;
  const last = input.length - 1;
  for (let n = 0; n < outLength; n++) {
    const t = n * step;
    const lo = Math.max(0, Math.ceil(t - halfWidth));
    const hi = Math.min(last, Math.floor(t + halfWidth));
    let sum = 0;
    for (let j = lo; j <= hi; j++) {
      const pos = Math.abs(j - t) * scale * TABLE_STEPS;
      const i = pos | 0;
      const frac = pos - i;
      const a = table[i] as number;
      const w = a + ((table[i + 1] as number) - a) * frac;
      sum += (input[j] as number) * w;
    }
    out[n] = sum * scale;
  }
  return out;
}

// Reproducible test signals for the DSP tests: seeded white noise, sine mixes and frame
// slicing. Deterministic so a failing test fails the same way every run.

/** Seeded uniform generator in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian white noise with the given RMS. */
export function whiteNoise(samples: number, rms: number, seed = 1): Float64Array {
  const rnd = seededRandom(seed);
  const out = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const u = Math.max(rnd(), 1e-12);
    out[i] = rms * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  }
  return out;
}

/** RMS of a signal. */
export function rms(x: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i] as number) ** 2;
  return Math.sqrt(sum / Math.max(1, x.length));
}

/** Sum of sines: [freqHz, peak][] over `samples` at `sampleRateHz`. */
export function sines(
  parts: readonly (readonly [number, number])[],
  samples: number,
  sampleRateHz = 8000,
): Float64Array {
  const out = new Float64Array(samples);
  for (const [f, a] of parts) {
    for (let i = 0; i < samples; i++)
      out[i] = (out[i] as number) + a * Math.sin((2 * Math.PI * f * i) / sampleRateHz);
  }
  return out;
}

/** Saturating conversion of a float signal to 16-bit PCM. */
export function pcm(x: ArrayLike<number>): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i] as number);
    out[i] = Math.min(32767, Math.max(-32768, v));
  }
  return out;
}

/** Splits PCM into frames of `frameSamples` (the last one zero-padded). */
export function frames(x: Int16Array, frameSamples = 160): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0; i < x.length; i += frameSamples) {
    const f = new Int16Array(frameSamples);
    f.set(x.subarray(i, Math.min(x.length, i + frameSamples)));
    out.push(f);
  }
  return out;
}

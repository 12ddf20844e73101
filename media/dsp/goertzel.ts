// Goertzel single-bin DFT (G. Goertzel, 1958), the filter ITU-T Q.24 receivers are built on.
// Evaluates the DFT at any frequency, not only at bin centres, so detectors can probe
// nominal, offset and harmonic frequencies of the same window.

/** Power |X(f)|^2 of `length` samples of `x` starting at `start`, at `freqHz`. */
export function goertzelPower(
  x: ArrayLike<number>,
  start: number,
  length: number,
  freqHz: number,
  sampleRateHz: number,
): number {
  const coeff = 2 * Math.cos((2 * Math.PI * freqHz) / sampleRateHz);
  let s1 = 0;
  let s2 = 0;
  const end = start + length;
  for (let i = start; i < end; i++) {
    const s0 = (x[i] as number) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** Amplitude of a sinusoid at `freqHz` in the window (peak, same unit as the samples). */
export function goertzelAmplitude(
  x: ArrayLike<number>,
  start: number,
  length: number,
  freqHz: number,
  sampleRateHz: number,
): number {
  return (2 * Math.sqrt(goertzelPower(x, start, length, freqHz, sampleRateHz))) / length;
}

// Reference test signals and quality measures for codec and DSP tests (ITU-T P.501-style
// sines and sweeps, and the plain signal-to-noise ratio of G.712-style tests).

/** A sine at `frequencyHz` and `levelDbfs` (0 dBFS = full-scale peak), `samples` long. */
export function sine(
  frequencyHz: number,
  levelDbfs: number,
  sampleRateHz: number,
  samples: number,
): Int16Array {
  const amplitude = 32767 * 10 ** (levelDbfs / 20);
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz));
  }
  return out;
}

/** A logarithmic sweep from `fromHz` to `toHz` at `levelDbfs`. */
export function sweep(
  fromHz: number,
  toHz: number,
  levelDbfs: number,
  sampleRateHz: number,
  samples: number,
): Int16Array {
  const amplitude = 32767 * 10 ** (levelDbfs / 20);
  const durationS = samples / sampleRateHz;
  const k = Math.log(toHz / fromHz) / durationS;
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / sampleRateHz;
    out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * fromHz * (Math.exp(k * t) - 1)) / k));
  }
  return out;
}

/**
 * SNR in dB of `actual` against `reference`, trying delays 0..maxDelay (codecs and filters
 * delay the signal) and skipping `skip` leading samples of settling; returns the best.
 */
export function snrDb(
  reference: Int16Array,
  actual: Int16Array,
  maxDelay = 0,
  skip = 0,
): { snrDb: number; delay: number } {
  let best = { snrDb: Number.NEGATIVE_INFINITY, delay: 0 };
  for (let delay = 0; delay <= maxDelay; delay++) {
    let signal = 0;
    let noise = 0;
    for (let i = skip; i + delay < actual.length && i < reference.length; i++) {
      const r = reference[i]!;
      const e = actual[i + delay]! - r;
      signal += r * r;
      noise += e * e;
    }
    const snr = noise === 0 ? Number.POSITIVE_INFINITY : 10 * Math.log10(signal / noise);
    if (snr > best.snrDb) best = { snrDb: snr, delay };
  }
  return best;
}

/** Largest absolute sample value. */
export function peak(samples: Int16Array): number {
  let max = 0;
  for (const s of samples) max = Math.max(max, Math.abs(s));
  return max;
}

/** Runs `signal` through encode/decode in consecutive frames of `frameSamples`. */
export function roundTrip(
  codec: { encode(f: Int16Array): Uint8Array; decode(p: Uint8Array): Int16Array },
  signal: Int16Array,
  frameSamples: number,
): Int16Array {
  const out = new Int16Array(signal.length);
  for (let at = 0; at + frameSamples <= signal.length; at += frameSamples) {
    out.set(codec.decode(codec.encode(signal.subarray(at, at + frameSamples))), at);
  }
  return out;
}

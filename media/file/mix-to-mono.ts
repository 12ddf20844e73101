// Mixing any number of channels down to mono (the box stores 8 kHz mono): the mean of the
// channels, over the shortest channel, or over the first `lengthSamples` when given.

export function mixToMono(channels: readonly Float32Array[], lengthSamples?: number): Float32Array {
  const n = lengthSamples ?? Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  for (const c of channels)
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (c[i] as number);
  if (channels.length > 1)
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) / channels.length;
  return out;
}

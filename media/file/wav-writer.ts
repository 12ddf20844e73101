// RIFF/WAVE writer for 16-bit PCM (Microsoft RIFF spec): the format of the box's prompts,
// music on hold and recordings.

/** The 44-byte header of a 16-bit PCM WAV with `dataBytes` of samples. */
export function wavHeader(dataBytes: number, sampleRateHz: number, channels: number): Uint8Array {
  const h = new Uint8Array(44);
  const v = new DataView(h.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i);
  };
  ascii(0, "RIFF");
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRateHz, true);
  v.setUint32(28, sampleRateHz * channels * 2, true);
  v.setUint16(32, channels * 2, true);
  v.setUint16(34, 16, true);
  ascii(36, "data");
  v.setUint32(40, dataBytes, true);
  return h;
}

/** Interleaves channels into little-endian 16-bit sample bytes. */
export function interleave(channels: readonly Int16Array[]): Uint8Array {
  const frames = Math.min(...channels.map((c) => c.length));
  const out = new Uint8Array(frames * channels.length * 2);
  const v = new DataView(out.buffer);
  for (let i = 0; i < frames; i++) {
    channels.forEach((c, k) => {
      v.setInt16((i * channels.length + k) * 2, c[i] as number, true);
    });
  }
  return out;
}

/** A complete WAV file of 16-bit PCM channels (all the same length). */
export function writeWav(sampleRateHz: number, channels: readonly Int16Array[]): Uint8Array {
  const data = interleave(channels);
  const out = new Uint8Array(44 + data.length);
  out.set(wavHeader(data.length, sampleRateHz, channels.length));
  out.set(data, 44);
  return out;
}

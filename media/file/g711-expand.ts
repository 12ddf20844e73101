// G.711 expansion (ITU-T G.711 A-law and mu-law to 16-bit linear) for WAV files stored in
// those formats (WAVE_FORMAT_ALAW 6, WAVE_FORMAT_MULAW 7). Decoding only; the codecs
// proper live with the RTP payload code.

/** A-law byte to 16-bit linear. */
export function alawToLinear(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude =
    exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if ((a & 0x80) === 0) magnitude = -magnitude;
  return magnitude;
}

/** mu-law byte to 16-bit linear. */
export function mulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

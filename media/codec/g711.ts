// ITU-T G.711 (11/88) mu-law and A-law companding, with the sign handling of the ITU-T G.191
// reference code: negative inputs are taken as one's complement, so -1 lands in the "negative
// zero" code just as the recommendation's decision values place it.
// Encoding is a 64K-entry table lookup (one load per sample): measured faster in Bun than the
// segment search (see media/codec/README.md); the segment method below builds the tables once.

/** Mu-law encode of one 16-bit sample by the segment method (G.711 table 2a). */
export function ulawFromLinear(sample: number): number {
  const negative = sample < 0;
  // 14-bit magnitude plus the 33 bias that makes segment ends powers of two.
  let biased = (negative ? ~sample : sample) >> 2;
  biased += 33;
  if (biased > 0x1fff) biased = 0x1fff;
  let segment = 1;
  for (let i = biased >> 6; i !== 0; i >>= 1) segment++;
  const mantissa = 0x0f - ((biased >> segment) & 0x0f);
  const code = ((8 - segment) << 4) | mantissa;
  return negative ? code : code | 0x80;
}

/** Mu-law decode of one code to a 16-bit sample (G.711 table 2a, mid-step values). */
export function linearFromUlaw(code: number): number {
  const u = ~code & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude | 0 : magnitude;
}

/** A-law encode of one 16-bit sample by the segment method (G.711 table 1a). */
export function alawFromLinear(sample: number): number {
  let ix = (sample < 0 ? ~sample : sample) >> 4;
  if (ix > 15) {
    let exponent = 1;
    while (ix > 31) {
      ix >>= 1;
      exponent++;
    }
    ix = ix - 16 + (exponent << 4);
  }
  if (sample >= 0) ix |= 0x80;
  // Even bits are inverted on the line so idle channels carry transitions.
  return ix ^ 0x55;
}

/** A-law decode of one code to a 16-bit sample (G.711 table 1a, mid-step values). */
export function linearFromAlaw(code: number): number {
  const ix = (code ^ 0x55) & 0x7f;
  const exponent = ix >> 4;
  let mantissa = ix & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 8;
  if (exponent > 1) mantissa <<= exponent - 1;
  return code & 0x80 ? mantissa : -mantissa;
}

/** Encode and decode tables for one law; built once, never written after. */
export interface G711Tables {
  /** Indexed by the sample's 16 bits (sample & 0xffff). */
  readonly encode: Uint8Array;
  /** Indexed by the code. */
  readonly decode: Int16Array;
}

function buildTables(
  encodeOne: (sample: number) => number,
  decodeOne: (code: number) => number,
): G711Tables {
  const encode = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) encode[i] = encodeOne((i << 16) >> 16);
  const decode = new Int16Array(256);
  for (let c = 0; c < 256; c++) decode[c] = decodeOne(c);
  return { encode, decode };
}

/** Mu-law lookup tables (read-only by convention). */
export const ULAW: G711Tables = buildTables(ulawFromLinear, linearFromUlaw);
/** A-law lookup tables (read-only by convention). */
export const ALAW: G711Tables = buildTables(alawFromLinear, linearFromAlaw);

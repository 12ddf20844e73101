// G.711 A-law and µ-law (ITU-T G.711), for a highway whose chips are set to companded PCM: the
// worker converts at the device so every channel above it stays 16-bit linear.
// Segment searches as in the ITU reference implementation.

const A_SEG_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
const U_SEG_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff];
const U_BIAS = 0x84;
const U_CLIP = 8159;

const segment = (value: number, ends: readonly number[]): number => {
  const i = ends.findIndex((end) => value <= end);
  return i < 0 ? ends.length : i;
};

export function linearToAlaw(sample: number): number {
  let v = sample >> 3;
  let mask = 0xd5;
  if (v < 0) {
    mask = 0x55;
    v = -v - 1;
  }
  const seg = segment(v, A_SEG_END);
  if (seg >= 8) return 0x7f ^ mask;
  const mantissa = (seg < 2 ? v >> 1 : v >> seg) & 0xf;
  return ((seg << 4) | mantissa) ^ mask;
}

export function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0xf) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

export function linearToUlaw(sample: number): number {
  let v = sample >> 2;
  let mask = 0xff;
  if (v < 0) {
    v = -v;
    mask = 0x7f;
  }
  v = Math.min(v, U_CLIP) + (U_BIAS >> 2);
  const seg = segment(v, U_SEG_END);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((v >> (seg + 1)) & 0xf)) ^ mask;
}

export function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const t = (((u & 0x0f) << 3) + U_BIAS) << ((u & 0x70) >> 4);
  return u & 0x80 ? U_BIAS - t : t - U_BIAS;
}

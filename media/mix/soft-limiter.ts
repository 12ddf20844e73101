// Static soft-knee limiter for summed audio: samples below the knee pass untouched; above it
// the curve bends exponentially towards full scale, so a loud conference sum is compressed
// instead of hard-clipped (hard clipping folds harmonics into the band and sounds harsh).

/** Start of the knee: about -3 dBFS. */
export const KNEE = 23197;
const FULL_SCALE = 32767;
const RANGE = FULL_SCALE - KNEE;

/** Limits a 32-bit sum to 16 bits along the soft knee; identity below KNEE. */
export function softLimit(sum: number): number {
  if (sum > KNEE) return KNEE + Math.round(RANGE * (1 - Math.exp((KNEE - sum) / RANGE)));
  if (sum < -KNEE) return -KNEE - Math.round(RANGE * (1 - Math.exp((sum + KNEE) / RANGE)));
  return sum;
}

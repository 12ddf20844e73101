// Signal level references. ITU-T G.711 puts the 0 dBm0 sine 3.17 dB below the mu-law
// overload point, so a 0 dBm0 sine has a 16-bit peak of about 22627.

/** Peak amplitude of a 0 dBm0 sine in 16-bit linear PCM (G.711 digital milliwatt). */
export const DBM0_PEAK = 22627;

/** Peak amplitude of a sine at `levelDbm0`. */
export function dbm0ToPeak(levelDbm0: number): number {
  return DBM0_PEAK * 10 ** (levelDbm0 / 20);
}

/** Linear factor for a gain in dB. */
export function dbToLinear(gainDb: number): number {
  return 10 ** (gainDb / 20);
}

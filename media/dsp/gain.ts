// Linear gain in dB with saturation, as applied to analog ports' receive/transmit levels
// (ITU-T G.711 samples saturate at the 16-bit range rather than wrap).
import { dbToLinear } from "./levels.ts";

/** A new frame scaled by `gainDb`, clipped to the 16-bit range. */
export function applyGainDb(frame: Int16Array, gainDb: number): Int16Array {
  const out = new Int16Array(frame.length);
  if (gainDb === 0) {
    out.set(frame);
    return out;
  }
  const k = dbToLinear(gainDb);
  for (let i = 0; i < frame.length; i++) {
    const v = Math.round((frame[i] as number) * k);
    out[i] = Math.min(32767, Math.max(-32768, v));
  }
  return out;
}

// Phase-continuous multi-sine synthesis used by the DTMF, call-progress and FSK generators
// (ITU-T Q.23, E.180): a component keeps its phase across frames so cadenced tones never click.
import { dbm0ToPeak } from "./levels.ts";

/** One sine component of a tone: frequency and level. */
export interface ToneComponent {
  freqHz: number;
  levelDbm0: number;
}

/** Adds `count` samples of the components into `out` from `offset`, advancing `phases` (radians). */
export function addTones(
  out: Float64Array,
  offset: number,
  count: number,
  components: readonly ToneComponent[],
  phases: number[],
  sampleRateHz: number,
): void {
  components.forEach((c, k) => {
    const step = (2 * Math.PI * c.freqHz) / sampleRateHz;
    const peak = dbm0ToPeak(c.levelDbm0);
    let phase = phases[k] ?? 0;
    for (let i = 0; i < count; i++) {
      out[offset + i] = (out[offset + i] as number) + peak * Math.sin(phase);
      phase += step;
    }
    phases[k] = phase % (2 * Math.PI);
  });
}

/** Rounds and saturates float samples to 16-bit PCM. */
export function toInt16(x: Float64Array | Float32Array): Int16Array {
  const out = new Int16Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = Math.round(x[i] as number);
    out[i] = Math.min(32767, Math.max(-32768, v));
  }
  return out;
}

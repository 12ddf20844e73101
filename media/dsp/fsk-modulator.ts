// Binary FSK at 1200 baud, phase continuous: ITU-T V.23 (mark 1300 Hz, space 2100 Hz; the
// Chinese caller ID standard YD/T 1008 and ETSI EN 300 659 use it) and Bell 202 (mark 1200,
// space 2200 Hz; Telcordia GR-30). Async characters are framed as V.23 / Bell 202 UARTs send
// them: one space start bit, eight data bits LSB first, one mark stop bit.
import { dbm0ToPeak } from "./levels.ts";

export interface FskStandard {
  name: string;
  markHz: number;
  spaceHz: number;
  baud: number;
}

export const V23: FskStandard = { name: "v23", markHz: 1300, spaceHz: 2100, baud: 1200 };
export const BELL202: FskStandard = { name: "bell202", markHz: 1200, spaceHz: 2200, baud: 1200 };

/** Bits of bytes in async framing: start 0, data LSB first, stop 1. */
export function uartBits(bytes: ArrayLike<number>): number[] {
  const bits: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    bits.push(0);
    for (let k = 0; k < 8; k++) bits.push((b >> k) & 1);
    bits.push(1);
  }
  return bits;
}

/** PCM of a bit sequence (1 = mark, 0 = space); bit edges fall on fractional sample times. */
export function modulateFsk(
  bits: ArrayLike<number>,
  standard: FskStandard,
  levelDbm0 = -13,
  sampleRateHz = 8000,
): Int16Array {
  const samplesPerBit = sampleRateHz / standard.baud;
  const total = Math.round(bits.length * samplesPerBit);
  const out = new Int16Array(total);
  const peak = dbm0ToPeak(levelDbm0);
  let phase = 0;
  for (let n = 0; n < total; n++) {
    const bit = bits[Math.min(bits.length - 1, Math.floor(n / samplesPerBit))];
    const f = bit ? standard.markHz : standard.spaceHz;
    out[n] = Math.round(peak * Math.sin(phase));
    phase = (phase + (2 * Math.PI * f) / sampleRateHz) % (2 * Math.PI);
  }
  return out;
}

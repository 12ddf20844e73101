// On-hook FSK caller ID transmission (ETSI EN 300 659-1 and YD/T 1008 with V.23; Telcordia
// GR-30 with Bell 202): channel seizure of alternating bits, a mark signal, then the message
// as async characters. Decoding runs the FSK receiver and looks for a message whose
// checksum holds.
import {
  type CallerIdDecodeResult,
  type CallerIdFormat,
  type CallerIdInfo,
  encodeMdmf,
  encodeSdmf,
  findCallerIdMessage,
} from "./caller-id-message.ts";
import { FskDemodulator } from "./fsk-demodulator.ts";
import { type FskStandard, modulateFsk, uartBits, V23 } from "./fsk-modulator.ts";

export interface CallerIdFskOptions {
  standard?: FskStandard;
  format?: CallerIdFormat;
  levelDbm0?: number;
  /** Channel seizure length: 300 bits of 0101... */
  seizureBits?: number;
  /** Mark signal before the message: GR-30 180 bits, EN 300 659 80 ms (96 bits). */
  markBits?: number;
  sampleRateHz?: number;
}

/** PCM of a complete caller ID transmission. */
export function encodeCallerIdFsk(
  info: CallerIdInfo,
  options: CallerIdFskOptions = {},
): Int16Array {
  const message = options.format === "sdmf" ? encodeSdmf(info) : encodeMdmf(info);
  const bits: number[] = [];
  for (let i = 0; i < (options.seizureBits ?? 300); i++) bits.push(i & 1);
  for (let i = 0; i < (options.markBits ?? 180); i++) bits.push(1);
  bits.push(...uartBits(message));
  // A few trailing mark bits so the last stop bit is not cut by the line switching.
  bits.push(1, 1, 1, 1);
  return modulateFsk(
    bits,
    options.standard ?? V23,
    options.levelDbm0 ?? -13,
    options.sampleRateHz ?? 8000,
  );
}

/** Decodes caller ID from received PCM. */
export function decodeCallerIdFsk(
  samples: ArrayLike<number>,
  standard: FskStandard = V23,
  sampleRateHz = 8000,
): CallerIdDecodeResult {
  const demod = new FskDemodulator(standard, sampleRateHz);
  const bytes = demod.process(samples).map((b) => b.value);
  return findCallerIdMessage(bytes);
}

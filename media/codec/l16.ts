// L16: 16-bit linear PCM in network byte order (RFC 3551 section 4.5.11). Only the 44.1 kHz
// variants have static payload types (10, 11); 8 and 16 kHz use dynamic ones, defaulted here.
import { type Codec, type CodecFactory, type CodecInfo, codecInfo } from "./codec.ts";

/** Default dynamic payload type for L16 at each supported rate. */
export const L16_DEFAULT_PAYLOAD_TYPES: Readonly<Record<8000 | 16000, number>> = {
  8000: 118,
  16000: 119,
};

/** A stateless L16 mono codec. */
export class L16Codec implements Codec {
  readonly name: string;
  readonly payloadType: number;
  readonly sampleRateHz: number;
  readonly clockRateHz: number;
  readonly frameSamples: number;
  readonly frameBytes: number;
  readonly frameTimestampUnits: number;

  constructor(info: CodecInfo) {
    this.name = info.name;
    this.payloadType = info.payloadType;
    this.sampleRateHz = info.sampleRateHz;
    this.clockRateHz = info.clockRateHz;
    this.frameSamples = info.frameSamples;
    this.frameBytes = info.frameBytes;
    this.frameTimestampUnits = info.frameTimestampUnits;
  }

  payloadBytesFor(samples: number): number {
    return samples * 2;
  }

  samplesFor(bytes: number): number {
    return bytes >> 1;
  }

  encode(frame: Int16Array): Uint8Array {
    const out = new Uint8Array(frame.length * 2);
    this.encodeInto(frame, out);
    return out;
  }

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length >> 1);
    this.decodeInto(payload, out);
    return out;
  }

  encodeInto(frame: Int16Array, out: Uint8Array): number {
    const n = Math.min(frame.length, out.length >> 1);
    for (let i = 0, j = 0; i < n; i++, j += 2) {
      const s = frame[i]!;
      out[j] = s >> 8;
      out[j + 1] = s;
    }
    return n * 2;
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const n = Math.min(payload.length >> 1, out.length);
    for (let i = 0, j = 0; i < n; i++, j += 2) out[i] = (payload[j]! << 8) | payload[j + 1]!;
    return n;
  }
}

/** L16 mono factory at 8 or 16 kHz (clock rate equals the sample rate). */
export function l16(sampleRateHz: 8000 | 16000, payloadType?: number): CodecFactory {
  const info = codecInfo(
    "L16",
    payloadType ?? L16_DEFAULT_PAYLOAD_TYPES[sampleRateHz],
    sampleRateHz,
    sampleRateHz,
    2,
  );
  return { ...info, create: () => new L16Codec(info) };
}

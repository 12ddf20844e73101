// G.711 as an RTP payload (RFC 3551 section 4.5.14): one octet per sample, 8000 Hz.
import type { Codec, CodecInfo } from "./codec.ts";
import type { G711Tables } from "./g711.ts";

/** A stateless G.711 codec over one law's lookup tables. */
export class G711Codec implements Codec {
  readonly name: string;
  readonly payloadType: number;
  readonly sampleRateHz: number;
  readonly clockRateHz: number;
  readonly frameSamples: number;
  readonly frameBytes: number;
  readonly frameTimestampUnits: number;
  readonly #encodeTable: Uint8Array;
  readonly #decodeTable: Int16Array;

  constructor(info: CodecInfo, tables: G711Tables) {
    this.name = info.name;
    this.payloadType = info.payloadType;
    this.sampleRateHz = info.sampleRateHz;
    this.clockRateHz = info.clockRateHz;
    this.frameSamples = info.frameSamples;
    this.frameBytes = info.frameBytes;
    this.frameTimestampUnits = info.frameTimestampUnits;
    this.#encodeTable = tables.encode;
    this.#decodeTable = tables.decode;
  }

  payloadBytesFor(samples: number): number {
    return samples;
  }

  samplesFor(bytes: number): number {
    return bytes;
  }

  encode(frame: Int16Array): Uint8Array {
    const out = new Uint8Array(frame.length);
    this.encodeInto(frame, out);
    return out;
  }

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length);
    this.decodeInto(payload, out);
    return out;
  }

  encodeInto(frame: Int16Array, out: Uint8Array): number {
    const table = this.#encodeTable;
    const n = Math.min(frame.length, out.length);
    for (let i = 0; i < n; i++) out[i] = table[frame[i]! & 0xffff]!;
    return n;
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    const table = this.#decodeTable;
    const n = Math.min(payload.length, out.length);
    for (let i = 0; i < n; i++) out[i] = table[payload[i]!]!;
    return n;
  }
}

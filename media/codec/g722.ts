// G722 as an RTP payload (RFC 3551 section 4.5.2): static payload type 9, 16 kHz audio but an
// RTP clock of 8000 Hz, one octet per pair of samples (64 kbit/s).
import { type Codec, type CodecFactory, codecInfo } from "./codec.ts";
import { G722Decoder } from "./g722-decoder.ts";
import { G722Encoder } from "./g722-encoder.ts";

const INFO = codecInfo("G722", 9, 16000, 8000, 0.5);

/** One stream's G.722 codec: an encoder and a decoder with independent state. */
export class G722Codec implements Codec {
  readonly name = INFO.name;
  readonly payloadType = INFO.payloadType;
  readonly sampleRateHz = INFO.sampleRateHz;
  readonly clockRateHz = INFO.clockRateHz;
  readonly frameSamples = INFO.frameSamples;
  readonly frameBytes = INFO.frameBytes;
  readonly frameTimestampUnits = INFO.frameTimestampUnits;
  readonly #encoder = new G722Encoder();
  readonly #decoder = new G722Decoder();

  payloadBytesFor(samples: number): number {
    return samples >> 1;
  }

  samplesFor(bytes: number): number {
    return bytes * 2;
  }

  encode(frame: Int16Array): Uint8Array {
    const out = new Uint8Array(frame.length >> 1);
    this.#encoder.encodeInto(frame, out);
    return out;
  }

  decode(payload: Uint8Array): Int16Array {
    const out = new Int16Array(payload.length * 2);
    this.#decoder.decodeInto(payload, out);
    return out;
  }

  encodeInto(frame: Int16Array, out: Uint8Array): number {
    return this.#encoder.encodeInto(frame, out);
  }

  decodeInto(payload: Uint8Array, out: Int16Array): number {
    return this.#decoder.decodeInto(payload, out);
  }
}

/** G.722 factory: every create() starts a fresh encoder and decoder state. */
export const g722: CodecFactory = { ...INFO, create: () => new G722Codec() };

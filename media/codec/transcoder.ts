// Payload conversion between two codecs for a bridged call whose legs negotiated different
// codecs (decode, resample 8 <-> 16 kHz when the audio rates differ, encode). One Transcoder
// serves one direction of one stream: it owns the codecs' state and its scratch buffers.
import type { Codec } from "./codec.ts";
import { Resampler } from "./resampler.ts";

/** Turns payloads of codec `from` into payloads of codec `to`. */
export class Transcoder {
  readonly from: Codec;
  readonly to: Codec;
  readonly #resampler: Resampler | undefined;
  #decoded = new Int16Array(320);
  #resampled = new Int16Array(320);

  /** Both codecs must be fresh instances dedicated to this direction. */
  constructor(from: Codec, to: Codec) {
    this.from = from;
    this.to = to;
    const inRate = from.sampleRateHz;
    const outRate = to.sampleRateHz;
    if ((inRate !== 8000 && inRate !== 16000) || (outRate !== 8000 && outRate !== 16000)) {
      throw new RangeError(`cannot transcode ${inRate} Hz to ${outRate} Hz`);
    }
    this.#resampler = inRate === outRate ? undefined : new Resampler(inRate, outRate);
  }

  /** Output payload bytes for an input payload of `bytes`. */
  outputBytesFor(bytes: number): number {
    const samples = this.from.samplesFor(bytes);
    const out = this.#resampler ? this.#resampler.outputSamplesFor(samples) : samples;
    return this.to.payloadBytesFor(out);
  }

  /** Converts one payload into a new array. */
  transcode(payload: Uint8Array): Uint8Array {
    const out = new Uint8Array(this.outputBytesFor(payload.length));
    this.transcodeInto(payload, out);
    return out;
  }

  /** Converts one payload into `out` without allocating (after warm-up); returns bytes written. */
  transcodeInto(payload: Uint8Array, out: Uint8Array): number {
    const samples = this.from.samplesFor(payload.length);
    if (this.#decoded.length < samples) this.#decoded = new Int16Array(samples);
    const decoded = this.#decoded.subarray(0, this.from.decodeInto(payload, this.#decoded));
    const resampler = this.#resampler;
    if (!resampler) return this.to.encodeInto(decoded, out);
    const outSamples = resampler.outputSamplesFor(decoded.length);
    if (this.#resampled.length < outSamples) this.#resampled = new Int16Array(outSamples);
    const resampled = this.#resampled.subarray(0, outSamples);
    resampler.processInto(decoded, resampled);
    return this.to.encodeInto(resampled, out);
  }
}

// Codec interface shared by every audio codec (RFC 3551 section 4.5 for names, clock rates and
// static payload types). Frames are 20 ms of 16-bit PCM at the codec's audio rate.

/** What a codec is, independent of any one stream's state. */
export interface CodecInfo {
  /** RTP encoding name as written in SDP rtpmap (RFC 3551 table 4), e.g. "PCMU". */
  readonly name: string;
  /** Static payload type, or the default for a dynamic one (96-127). */
  readonly payloadType: number;
  /** Rate of the PCM the codec takes and gives. */
  readonly sampleRateHz: number;
  /** RTP timestamp rate; G.722 keeps 8000 for historical reasons (RFC 3551 4.5.2). */
  readonly clockRateHz: number;
  /** PCM samples in one 20 ms frame at sampleRateHz. */
  readonly frameSamples: number;
  /** Payload bytes produced for one 20 ms frame. */
  readonly frameBytes: number;
  /** RTP timestamp increment for one 20 ms frame. */
  readonly frameTimestampUnits: number;
}

/**
 * One stream's encoder and decoder. Stateful codecs (G.722) keep separate encoder and decoder
 * state, so one instance serves one direction pair of one call; never share it between streams.
 */
export interface Codec extends CodecInfo {
  /** Encodes PCM (any whole number of samples that the codec accepts) to a new payload. */
  encode(frame: Int16Array): Uint8Array;
  /** Decodes a payload of any length to new PCM. */
  decode(payload: Uint8Array): Int16Array;
  /** Encodes into `out` without allocating; returns the bytes written. */
  encodeInto(frame: Int16Array, out: Uint8Array): number;
  /** Decodes into `out` without allocating; returns the samples written. */
  decodeInto(payload: Uint8Array, out: Int16Array): number;
  /** Payload bytes that `samples` PCM samples encode to. */
  payloadBytesFor(samples: number): number;
  /** PCM samples that a payload of `bytes` decodes to. */
  samplesFor(bytes: number): number;
}

/** Makes a fresh codec per stream; stateless codecs may hand out cheap new wrappers. */
export interface CodecFactory extends CodecInfo {
  create(): Codec;
}

/** 20 ms, the packetisation every frame in the media engine uses. */
export const FRAME_MS = 20;

/** Fills the derived frame fields of a CodecInfo from its rates. */
export function codecInfo(
  name: string,
  payloadType: number,
  sampleRateHz: number,
  clockRateHz: number,
  bytesPerSample: number,
): CodecInfo {
  const frameSamples = (sampleRateHz * FRAME_MS) / 1000;
  return {
    name,
    payloadType,
    sampleRateHz,
    clockRateHz,
    frameSamples,
    frameBytes: frameSamples * bytesPerSample,
    frameTimestampUnits: (clockRateHz * FRAME_MS) / 1000,
  };
}

// RFC 3551 §6 tables 4-5 (static payload types), RFC 4733 §2.4 / §7 (telephone-event in SDP),
// RFC 7587 §7 (opus/48000/2), RFC 6184 §8 (H264), RFC 7741 §6 (VP8): codecs by name, and the
// mapping from an m= format to a codec (rtpmap first, else the static table).

import type { MediaDescription } from "./session-description.ts";

/** A codec as SDP names it: encoding name, RTP clock rate and channel count. */
export interface Codec {
  name: string;
  clockRateHz: number;
  channels: number;
  media: "audio" | "video";
  /** Payload type assigned by RFC 3551, when there is one. */
  staticPayloadType?: number;
  /** Dynamic payload type this box uses when it offers the codec. */
  dynamicPayloadType?: number;
  /** fmtp parameters this box puts in its own offers. */
  fmtp?: string;
}

/** A codec bound to the payload type a peer uses for it. */
export interface PayloadCodec {
  payloadType: number;
  name: string;
  clockRateHz: number;
  channels: number;
  fmtp?: string;
}

/** Anything a preference list may name: "PCMU", "L16/16000", "opus/48000/2", or a Codec. */
export type CodecRef = string | Codec;

export const TELEPHONE_EVENT = "telephone-event";

/** Codecs this box knows by name. opus and video are recognised but not in the default offer. */
export const KNOWN_CODECS: readonly Codec[] = [
  { name: "PCMU", clockRateHz: 8000, channels: 1, media: "audio", staticPayloadType: 0 },
  { name: "PCMA", clockRateHz: 8000, channels: 1, media: "audio", staticPayloadType: 8 },
  // RFC 3551 §4.5.2: G.722 samples at 16 kHz but its RTP clock runs at 8000 Hz.
  { name: "G722", clockRateHz: 8000, channels: 1, media: "audio", staticPayloadType: 9 },
  { name: "L16", clockRateHz: 8000, channels: 1, media: "audio", dynamicPayloadType: 118 },
  { name: "L16", clockRateHz: 16000, channels: 1, media: "audio", dynamicPayloadType: 119 },
  {
    name: TELEPHONE_EVENT,
    clockRateHz: 8000,
    channels: 1,
    media: "audio",
    dynamicPayloadType: 101,
    fmtp: "0-16",
  },
  {
    name: "opus",
    clockRateHz: 48000,
    channels: 2,
    media: "audio",
    dynamicPayloadType: 111,
    fmtp: "useinbandfec=1",
  },
  {
    name: "H264",
    clockRateHz: 90000,
    channels: 1,
    media: "video",
    dynamicPayloadType: 99,
    fmtp: "profile-level-id=42e01f;packetization-mode=1",
  },
  { name: "VP8", clockRateHz: 90000, channels: 1, media: "video", dynamicPayloadType: 100 },
];

/** The default audio preference of an offer: G.711 first, every phone has it. */
export const DEFAULT_AUDIO_CODECS: readonly string[] = ["PCMU", "PCMA", "G722"];

type StaticEntry = readonly [string, number, number, "audio" | "video"];

/** RFC 3551 tables 4 and 5. */
const STATIC_PAYLOAD_TYPES: ReadonlyMap<number, StaticEntry> = new Map<number, StaticEntry>([
  [0, ["PCMU", 8000, 1, "audio"]],
  [3, ["GSM", 8000, 1, "audio"]],
  [4, ["G723", 8000, 1, "audio"]],
  [5, ["DVI4", 8000, 1, "audio"]],
  [6, ["DVI4", 16000, 1, "audio"]],
  [7, ["LPC", 8000, 1, "audio"]],
  [8, ["PCMA", 8000, 1, "audio"]],
  [9, ["G722", 8000, 1, "audio"]],
  [10, ["L16", 44100, 2, "audio"]],
  [11, ["L16", 44100, 1, "audio"]],
  [12, ["QCELP", 8000, 1, "audio"]],
  [13, ["CN", 8000, 1, "audio"]],
  [14, ["MPA", 90000, 1, "audio"]],
  [15, ["G728", 8000, 1, "audio"]],
  [16, ["DVI4", 11025, 1, "audio"]],
  [17, ["DVI4", 22050, 1, "audio"]],
  [18, ["G729", 8000, 1, "audio"]],
  [25, ["CelB", 90000, 1, "video"]],
  [26, ["JPEG", 90000, 1, "video"]],
  [28, ["nv", 90000, 1, "video"]],
  [31, ["H261", 90000, 1, "video"]],
  [32, ["MPV", 90000, 1, "video"]],
  [33, ["MP2T", 90000, 1, "video"]],
  [34, ["H263", 90000, 1, "video"]],
]);

/** Resolves a preference entry to a codec; undefined for a name this box cannot place. */
export function resolveCodec(ref: CodecRef): Codec | undefined {
  if (typeof ref !== "string") return ref;
  const [name, rate, channels] = ref.split("/");
  if (name === undefined || name.length === 0) return undefined;
  const clockRateHz = rate === undefined ? undefined : Number(rate);
  const channelCount = channels === undefined ? undefined : Number(channels);
  const known = KNOWN_CODECS.find(
    (c) =>
      sameName(c.name, name) &&
      (clockRateHz === undefined || c.clockRateHz === clockRateHz) &&
      (channelCount === undefined || c.channels === channelCount),
  );
  if (known !== undefined) return known;
  if (clockRateHz === undefined || !Number.isInteger(clockRateHz) || clockRateHz <= 0) {
    return undefined;
  }
  const count = channelCount ?? 1;
  if (!Number.isInteger(count) || count <= 0) return undefined;
  return { name, clockRateHz, channels: count, media: clockRateHz === 90000 ? "video" : "audio" };
}

/** Encoding names compare without case (RFC 4855 §3: media subtype names are case-insensitive). */
export function sameName(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b.toLowerCase();
}

/** Same encoding, clock rate and channel count. */
export function sameCodec(
  a: { name: string; clockRateHz: number; channels: number },
  b: { name: string; clockRateHz: number; channels: number },
): boolean {
  return sameName(a.name, b.name) && a.clockRateHz === b.clockRateHz && a.channels === b.channels;
}

/** The codecs of an m= section in m= line order; formats that cannot be resolved are left out. */
export function mediaCodecs(media: MediaDescription): PayloadCodec[] {
  const out: PayloadCodec[] = [];
  for (const format of media.formats) {
    const codec = formatCodec(media, format);
    if (codec !== undefined) out.push(codec);
  }
  return out;
}

/** The codec of one payload type of an m= section: its rtpmap, else the RFC 3551 static entry. */
export function formatCodec(media: MediaDescription, format: string): PayloadCodec | undefined {
  const payloadType = Number(format);
  if (!Number.isInteger(payloadType) || format.length === 0) return undefined;
  const fmtp = media.fmtps.find((f) => f.format === format)?.parameters;
  const rtpmap = media.rtpmaps.find((r) => r.payloadType === payloadType);
  const codec: PayloadCodec | undefined =
    rtpmap !== undefined
      ? {
          payloadType,
          name: rtpmap.encodingName,
          clockRateHz: rtpmap.clockRateHz,
          channels: rtpmap.channels ?? 1,
        }
      : staticCodec(payloadType);
  if (codec !== undefined && fmtp !== undefined) codec.fmtp = fmtp;
  return codec;
}

function staticCodec(payloadType: number): PayloadCodec | undefined {
  const entry = STATIC_PAYLOAD_TYPES.get(payloadType);
  if (entry === undefined) return undefined;
  return { payloadType, name: entry[0], clockRateHz: entry[1], channels: entry[2] };
}

/** True when the payload type is one RFC 3551 assigns statically (no rtpmap strictly needed). */
export function isStaticPayloadType(payloadType: number): boolean {
  return payloadType < 96;
}

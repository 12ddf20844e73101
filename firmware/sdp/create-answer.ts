// RFC 3264 §6: the answer has exactly as many m= lines as the offer, in the same order; a
// rejected stream gets port 0 (§6: "the port number ... MUST be set to zero") and keeps at least
// one format; accepted streams reuse the offerer's payload type numbers (§6.1) and take the
// direction of §6.1. RFC 4733 §7.1.1 for telephone-event.

import type { PayloadCodec } from "./codec.ts";
import { addressType } from "./create-offer.ts";
import {
  type LocalPreference,
  type Negotiation,
  type NegotiationFailure,
  negotiate,
  type StreamNegotiation,
} from "./negotiate.ts";
import {
  type Attribute,
  emptyMedia,
  type MediaDescription,
  type SessionDescription,
} from "./session-description.ts";

export interface AnswerOptions extends LocalPreference {
  /** Local RTP address written in c= and o=. */
  address: string;
  /** Local RTP port for the accepted audio stream. */
  port: number;
  /** Local port for an accepted video stream; without it video is rejected. */
  videoPort?: number;
  sessionId: string;
  sessionVersion: string;
  username?: string;
  sessionName?: string;
  ptimeMs?: number;
  /**
   * List every common codec instead of only the chosen one. Off by default: one codec in the
   * answer keeps the peer from switching codecs mid-call, which a packet relay cannot follow.
   */
  allCommonCodecs?: boolean;
  /** Extra media-level attributes for the accepted audio stream. */
  attributes?: Attribute[];
}

export type AnswerResult =
  | {
      ok: true;
      answer: SessionDescription;
      negotiation: Extract<Negotiation, { ok: true }>;
    }
  | { ok: false; reason: NegotiationFailure };

/** Negotiates `offer` against local preferences and builds the matching answer. */
export function createAnswer(offer: SessionDescription, options: AnswerOptions): AnswerResult {
  const local: LocalPreference =
    options.videoPort === undefined ? { ...options, video: undefined } : options;
  const negotiation = negotiate(offer, local);
  if (!negotiation.ok) return { ok: false, reason: negotiation.reason };
  const addrType = addressType(options.address);
  const media = offer.media.map((offered, i) =>
    answerMedia(offered, negotiation.streams.find((s) => s.index === i)!, options),
  );
  const answer: SessionDescription = {
    origin: {
      username: options.username ?? "-",
      sessionId: options.sessionId,
      sessionVersion: options.sessionVersion,
      netType: "IN",
      addrType,
      address: options.address,
    },
    sessionName: options.sessionName ?? "-",
    emails: [],
    phones: [],
    connection: { netType: "IN", addrType, address: options.address },
    bandwidths: [],
    // RFC 3264 §6: the t= line of the answer MUST equal the offer's.
    timings: offer.timings.map((t) => ({ start: t.start, stop: t.stop, repeats: [...t.repeats] })),
    attributes: [],
    media,
  };
  return { ok: true, answer, negotiation };
}

function answerMedia(
  offered: MediaDescription,
  stream: StreamNegotiation,
  options: AnswerOptions,
): MediaDescription {
  if (!stream.accepted) {
    const rejected = emptyMedia(offered.type, 0, offered.proto);
    rejected.formats = offered.formats.length > 0 ? [...offered.formats] : ["0"];
    return rejected;
  }
  const port = stream.type === "audio" ? options.port : options.videoPort!;
  const media = emptyMedia(offered.type, port, stream.proto);
  const codecs = options.allCommonCodecs ? stream.codecs : stream.codecs.slice(0, 1);
  for (const codec of codecs) addPayload(media, codec);
  if (stream.telephoneEvent !== undefined) addPayload(media, stream.telephoneEvent);
  media.direction = stream.direction;
  if (stream.type === "audio") {
    if (options.ptimeMs !== undefined) media.ptimeMs = options.ptimeMs;
    if (options.attributes !== undefined) media.attributes.push(...options.attributes);
  }
  return media;
}

function addPayload(media: MediaDescription, codec: PayloadCodec): void {
  media.formats.push(`${codec.payloadType}`);
  media.rtpmaps.push({
    payloadType: codec.payloadType,
    encodingName: codec.name,
    clockRateHz: codec.clockRateHz,
    ...(codec.channels > 1 ? { channels: codec.channels } : {}),
  });
  // The offerer's fmtp is echoed: for telephone-event it lists events both sides handle
  // (this box handles 0-16), for video it carries the profile the relay passes through.
  if (codec.fmtp !== undefined) {
    media.fmtps.push({ format: `${codec.payloadType}`, parameters: codec.fmtp });
  }
}

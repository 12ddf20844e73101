// RFC 3264 §5 (generating the initial offer), §8.4 (hold is a=sendonly with the real address),
// RFC 4733 §7.1.1 (telephone-event rtpmap and fmtp 0-16), RFC 3551 §3 (static vs dynamic
// payload types), RFC 3605 (a=rtcp when RTCP is not on port + 1).

import {
  type Codec,
  type CodecRef,
  DEFAULT_AUDIO_CODECS,
  resolveCodec,
  TELEPHONE_EVENT,
} from "./codec.ts";
import {
  type AddressType,
  type Attribute,
  type Direction,
  emptyMedia,
  type MediaDescription,
  type SessionDescription,
} from "./session-description.ts";

export interface StreamOffer {
  port: number;
  codecs: readonly CodecRef[];
  proto?: string;
  direction?: Direction;
  attributes?: Attribute[];
}

export interface OfferOptions {
  /** Local RTP address written in c= and o=. */
  address: string;
  /** Local RTP port of the audio stream. */
  port: number;
  /** Audio codecs, most preferred first (default PCMU, PCMA, G722). */
  codecs?: readonly CodecRef[];
  /** Offer RFC 4733 telephone-event (default true). */
  telephoneEvent?: boolean;
  telephoneEventPayloadType?: number;
  direction?: Direction;
  sessionId: string;
  sessionVersion: string;
  username?: string;
  sessionName?: string;
  ptimeMs?: number;
  /** RTCP port, written as a=rtcp only when it is not port + 1 (RFC 3605 §2). */
  rtcpPort?: number;
  proto?: string;
  /** Extra media-level attributes for the audio stream (e.g. a=crypto when proto is RTP/SAVP). */
  attributes?: Attribute[];
  /** A video stream after the audio one, when the caller relays video. */
  video?: StreamOffer;
}

/** IPv6 literals always contain a colon; IPv4 and host names never do. */
export function addressType(address: string): AddressType {
  return address.includes(":") ? "IP6" : "IP4";
}

/** Builds an offer for one audio stream (and optionally one video stream). */
export function createOffer(options: OfferOptions): SessionDescription {
  const addrType = addressType(options.address);
  const audio = buildStream("audio", {
    port: options.port,
    codecs: options.codecs ?? DEFAULT_AUDIO_CODECS,
    proto: options.proto,
    direction: options.direction ?? "sendrecv",
    attributes: options.attributes,
  });
  if (options.telephoneEvent ?? true) {
    const event = resolveCodec(TELEPHONE_EVENT)!;
    const wanted = options.telephoneEventPayloadType ?? event.dynamicPayloadType!;
    addCodec(audio, event, wanted);
  }
  if (options.ptimeMs !== undefined) audio.ptimeMs = options.ptimeMs;
  if (options.rtcpPort !== undefined && options.rtcpPort !== options.port + 1) {
    audio.rtcp = { port: options.rtcpPort };
  }
  const media = [audio];
  if (options.video !== undefined) media.push(buildStream("video", options.video));
  return {
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
    timings: [{ start: "0", stop: "0", repeats: [] }],
    attributes: [],
    media,
  };
}

function buildStream(type: "audio" | "video", stream: StreamOffer): MediaDescription {
  const media = emptyMedia(type, stream.port, stream.proto ?? "RTP/AVP");
  for (const ref of stream.codecs) {
    const codec = resolveCodec(ref);
    if (codec === undefined || codec.media !== type) continue;
    addCodec(media, codec, codec.staticPayloadType ?? codec.dynamicPayloadType);
  }
  media.direction = stream.direction ?? "sendrecv";
  if (stream.attributes !== undefined) media.attributes.push(...stream.attributes);
  return media;
}

/** Adds a codec under its wanted payload type, or the first free dynamic one (96-127). */
function addCodec(media: MediaDescription, codec: Codec, wanted: number | undefined): void {
  const used = new Set(media.formats.map(Number));
  let payloadType = wanted;
  if (payloadType === undefined || used.has(payloadType)) {
    payloadType = undefined;
    for (let pt = 96; pt <= 127 && payloadType === undefined; pt++) {
      if (!used.has(pt)) payloadType = pt;
    }
    if (payloadType === undefined) return;
  }
  media.formats.push(`${payloadType}`);
  // RFC 8866 §6.6: static types may omit rtpmap, but writing it costs nothing and helps peers.
  media.rtpmaps.push({
    payloadType,
    encodingName: codec.name,
    clockRateHz: codec.clockRateHz,
    ...(codec.channels > 1 ? { channels: codec.channels } : {}),
  });
  if (codec.fmtp !== undefined)
    media.fmtps.push({ format: `${payloadType}`, parameters: codec.fmtp });
}

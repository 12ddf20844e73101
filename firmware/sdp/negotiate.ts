// RFC 3264 §6 (the answerer's choices: which streams, which formats, using the offerer's payload
// type numbers), §6.1 (direction), §8.4 (hold), RFC 4733 §7.1.1 (telephone-event clock rate
// matches the audio codec), RFC 3605 §2 (RTCP port defaults to RTP port + 1; rtcp-mux per
// RFC 5761 §5.1.1 puts it on the RTP port).

import {
  type CodecRef,
  DEFAULT_AUDIO_CODECS,
  mediaCodecs,
  type PayloadCodec,
  resolveCodec,
  sameCodec,
  sameName,
  TELEPHONE_EVENT,
} from "./codec.ts";
import { answerDirection, mediaConnection, mediaDirection } from "./direction.ts";
import type { Direction, MediaDescription, SessionDescription } from "./session-description.ts";

/** What this side accepts, in its own preference order. */
export interface LocalPreference {
  /** Audio codecs, most preferred first (default PCMU, PCMA, G722). */
  codecs?: readonly CodecRef[];
  /** Accept RFC 4733 telephone-event when offered (default true). */
  telephoneEvent?: boolean;
  /** Video codecs to accept; when absent every video stream is rejected. */
  video?: readonly CodecRef[];
  /** Whose order picks the codec: "local" (default) or the offerer's m= order ("remote"). */
  order?: "local" | "remote";
  /** Transport protocols accepted (default RTP/AVP only). */
  protos?: readonly string[];
  /** What this side itself wants, e.g. sendonly while it holds the call (default sendrecv). */
  direction?: Direction;
}

export interface RemoteMedia {
  addrType: string;
  address: string;
  port: number;
  rtcpAddress: string;
  rtcpPort: number;
}

export type RejectReason =
  | "rejected-by-offer"
  | "unsupported-media"
  | "unsupported-proto"
  | "no-common-codec"
  | "extra-stream";

export interface AcceptedStream {
  index: number;
  type: string;
  accepted: true;
  proto: string;
  /** Common codecs in the chosen order, with the offerer's payload types; [0] is the one used. */
  codecs: PayloadCodec[];
  /** The offerer's telephone-event payload type, when both sides use RFC 4733. */
  telephoneEvent?: PayloadCodec;
  remote: RemoteMedia;
  remoteDirection: Direction;
  /** Direction for the answer (RFC 3264 §6.1). */
  direction: Direction;
  remotePtimeMs?: number;
}

export interface RejectedStream {
  index: number;
  type: string;
  accepted: false;
  reason: RejectReason;
}

export type StreamNegotiation = AcceptedStream | RejectedStream;

export type NegotiationFailure = "no-common-codec" | "unsupported-proto" | "no-audio";

export type Negotiation =
  | { ok: true; audio: AcceptedStream; video?: AcceptedStream; streams: StreamNegotiation[] }
  | { ok: false; reason: NegotiationFailure; streams: StreamNegotiation[] };

/** Decides, per offered m= line, what to accept; fails when no audio stream can be accepted. */
export function negotiate(offer: SessionDescription, local: LocalPreference = {}): Negotiation {
  const audioPrefs = resolveAll(local.codecs ?? DEFAULT_AUDIO_CODECS);
  const videoPrefs = local.video === undefined ? undefined : resolveAll(local.video);
  const protos = local.protos ?? ["RTP/AVP"];
  const streams: StreamNegotiation[] = [];
  let audio: AcceptedStream | undefined;
  let video: AcceptedStream | undefined;

  for (const [index, media] of offer.media.entries()) {
    const isAudio = media.type === "audio";
    const prefs = isAudio ? audioPrefs : media.type === "video" ? videoPrefs : undefined;
    const reason = rejectReason(media, prefs, protos, (isAudio ? audio : video) !== undefined);
    const codecs =
      reason === undefined ? commonCodecs(mediaCodecs(media), prefs!, local.order ?? "local") : [];
    if (reason !== undefined || codecs.length === 0) {
      streams.push({
        index,
        type: media.type,
        accepted: false,
        reason: reason ?? "no-common-codec",
      });
      continue;
    }
    const stream = accept(offer, media, index, codecs, local);
    if (isAudio && local.telephoneEvent !== false) {
      const event = pickTelephoneEvent(media, codecs[0]!.clockRateHz);
      if (event !== undefined) stream.telephoneEvent = event;
    }
    streams.push(stream);
    if (isAudio) audio = stream;
    else video = stream;
  }

  if (audio === undefined) {
    const audioReasons = streams.flatMap((s) =>
      s.type === "audio" && !s.accepted ? [s.reason] : [],
    );
    const reason: NegotiationFailure = audioReasons.includes("no-common-codec")
      ? "no-common-codec"
      : audioReasons.includes("unsupported-proto")
        ? "unsupported-proto"
        : "no-audio";
    return { ok: false, reason, streams };
  }
  return video === undefined ? { ok: true, audio, streams } : { ok: true, audio, video, streams };
}

function rejectReason(
  media: MediaDescription,
  prefs: unknown,
  protos: readonly string[],
  alreadyTaken: boolean,
): RejectReason | undefined {
  if (media.port === 0) return "rejected-by-offer";
  if (prefs === undefined) return "unsupported-media";
  if (!protos.includes(media.proto)) return "unsupported-proto";
  return alreadyTaken ? "extra-stream" : undefined;
}

function resolveAll(refs: readonly CodecRef[]) {
  return refs.flatMap((ref) => {
    const codec = resolveCodec(ref);
    return codec === undefined || sameName(codec.name, TELEPHONE_EVENT) ? [] : [codec];
  });
}

function commonCodecs(
  offered: PayloadCodec[],
  prefs: ReturnType<typeof resolveAll>,
  order: "local" | "remote",
): PayloadCodec[] {
  if (order === "remote") return offered.filter((o) => prefs.some((p) => sameCodec(o, p)));
  const out: PayloadCodec[] = [];
  for (const p of prefs) {
    const match = offered.find((o) => sameCodec(o, p));
    if (match !== undefined && !out.includes(match)) out.push(match);
  }
  return out;
}

/** RFC 4733 §7.1.1: the event clock rate should be the audio codec's; else take the 8 kHz one. */
function pickTelephoneEvent(media: MediaDescription, clockRateHz: number) {
  const events = mediaCodecs(media).filter((c) => sameName(c.name, TELEPHONE_EVENT));
  return (
    events.find((e) => e.clockRateHz === clockRateHz) ??
    events.find((e) => e.clockRateHz === 8000) ??
    events[0]
  );
}

function accept(
  offer: SessionDescription,
  media: MediaDescription,
  index: number,
  codecs: PayloadCodec[],
  local: LocalPreference,
): AcceptedStream {
  const c = mediaConnection(offer, media);
  const address = c?.address ?? "";
  const rtcpMux = media.attributes.some((a) => a.name === "rtcp-mux");
  const remoteDirection = mediaDirection(offer, media);
  const stream: AcceptedStream = {
    index,
    type: media.type,
    accepted: true,
    proto: media.proto,
    codecs,
    remote: {
      addrType: c?.addrType ?? "IP4",
      address,
      port: media.port,
      rtcpAddress: media.rtcp?.address ?? address,
      rtcpPort: media.rtcp?.port ?? (rtcpMux ? media.port : media.port + 1),
    },
    remoteDirection,
    direction: answerDirection(remoteDirection, local.direction),
  };
  if (media.ptimeMs !== undefined) stream.remotePtimeMs = media.ptimeMs;
  return stream;
}

// RFC 3264 offer/answer for one leg of a call, against the relay side the leg's media uses.
// Each leg negotiates with its own phone only (the box anchors the media), in the order of
// that extension's codec list; a codec the other leg already uses goes first when both allow
// it, so the relay forwards packets untouched. Otherwise the relay transcodes among the
// codecs it knows (PCMU, PCMA, G.722). A malformed body is a 400, an unusable one a 488.

import {
  type AcceptedStream,
  createAnswer,
  createOffer,
  isHold,
  negotiate,
  parseSdp,
  SdpSession,
  type SessionDescription,
  serializeSdp,
} from "../sdp/index.ts";
import type { LegCodec, MediaDirection, MediaSide } from "./media-port.ts";

/** Audio codecs the relay can forward and transcode between. */
export const RELAY_CODECS: readonly string[] = ["PCMU", "PCMA", "G722"];

export type SdpOutcome = { ok: true; sdp: string } | { ok: false; status: 400 | 488 };

export class LegMedia {
  readonly #side: MediaSide;
  readonly #address: string;
  readonly #codecs: string[];
  readonly #session: SdpSession;
  #codec: LegCodec | undefined;
  #remoteDirection: MediaDirection = "sendrecv";
  #speakOnly = false;
  #lastLocal: string | undefined;
  #remote: string | undefined;

  constructor(side: MediaSide, address: string, extensionCodecs: readonly string[]) {
    this.#side = side;
    this.#address = address;
    const usable = extensionCodecs.filter((c) => RELAY_CODECS.includes(c.toUpperCase()));
    this.#codecs = usable.length > 0 ? usable.map((c) => c.toUpperCase()) : [...RELAY_CODECS];
    // RFC 8866 §5.2: any numeric id unique enough; a random one needs no clock.
    const id = String(Math.floor(Math.random() * 1e12));
    this.#session = new SdpSession({ sessionId: id, username: "pbx" });
  }

  /** The relay side this leg's media uses. */
  get side(): MediaSide {
    return this.#side;
  }

  /** The box's RTP port for this leg. */
  get localPort(): number {
    return this.#side.port;
  }

  /** Where the phone's SDP said to send RTP ("address:port"). */
  get remote(): string | undefined {
    return this.#remote;
  }

  get codec(): LegCodec | undefined {
    return this.#codec;
  }

  /** True when this leg's phone holds the call (it offered sendonly or inactive). */
  get holding(): boolean {
    return isHold(this.#remoteDirection);
  }

  get remoteDirection(): MediaDirection {
    return this.#remoteDirection;
  }

  /** The last SDP this side sent, for offer-less re-INVITEs (RFC 3261 §14.1). */
  get lastLocal(): string | undefined {
    return this.#lastLocal;
  }

  /** Speaks a digit to this leg's phone through the relay. */
  sendDigit(digit: string, durationMs: number): void {
    this.#side.sendDigit(digit, durationMs);
  }

  /** Checks an offer without answering it: 400 malformed, 488 nothing usable. */
  check(body: Uint8Array): 200 | 400 | 488 {
    const parsed = parseSdp(Buffer.from(body).toString("latin1"));
    if (!parsed.ok) return 400;
    return negotiate(parsed.sdp, { codecs: this.#codecs }).ok ? 200 : 488;
  }

  /** Answers an offer from this leg's phone and points the relay side at it. */
  answer(body: Uint8Array, prefer?: string): SdpOutcome {
    const parsed = parseSdp(Buffer.from(body).toString("latin1"));
    if (!parsed.ok) return { ok: false, status: 400 };
    const result = createAnswer(parsed.sdp, {
      codecs: this.#order(prefer),
      address: this.#address,
      port: this.#side.port,
      sessionId: "0",
      sessionVersion: "0",
      ptimeMs: 20,
    });
    if (!result.ok) return { ok: false, status: 488 };
    this.#apply(result.negotiation.audio);
    return { ok: true, sdp: this.#stamp(result.answer) };
  }

  /**
   * A page (CALL-6): the box only speaks to this leg's phone and passes on nothing it sends,
   * whatever its answer says (a phone that auto-answers a page may still send its microphone).
   */
  speakOnly(): void {
    this.#speakOnly = true;
  }

  /** An offer to this leg's phone. */
  offer(prefer?: string): string {
    const offer = createOffer({
      address: this.#address,
      port: this.#side.port,
      codecs: this.#order(prefer),
      sessionId: "0",
      sessionVersion: "0",
      ptimeMs: 20,
    });
    return this.#stamp(offer);
  }

  /** Takes the phone's answer to our offer; 488 when it answered with nothing usable. */
  takeAnswer(body: Uint8Array): 200 | 400 | 488 {
    const parsed = parseSdp(Buffer.from(body).toString("latin1"));
    if (!parsed.ok) return 400;
    // The answer is negotiated as if it were an offer: what it lists is what the phone uses.
    const result = negotiate(parsed.sdp, { codecs: this.#codecs, order: "remote" });
    if (!result.ok) return 488;
    this.#apply(result.audio);
    return 200;
  }

  #order(prefer: string | undefined): string[] {
    const wanted = prefer?.toUpperCase();
    if (wanted === undefined || !this.#codecs.includes(wanted)) return this.#codecs;
    return [wanted, ...this.#codecs.filter((c) => c !== wanted)];
  }

  #apply(stream: AcceptedStream): void {
    const chosen = stream.codecs[0]!;
    this.#codec = {
      payloadType: chosen.payloadType,
      name: chosen.name.toUpperCase(),
      clockRateHz: chosen.clockRateHz,
      ...(stream.telephoneEvent ? { telephoneEventPt: stream.telephoneEvent.payloadType } : {}),
    };
    this.#remoteDirection = stream.remoteDirection;
    this.#side.setCodec(this.#codec);
    if (stream.remote.port > 0 && stream.remote.address !== "0.0.0.0") {
      this.#side.setRemote(stream.remote.address, stream.remote.port, stream.remote.rtcpPort);
      this.#remote = `${stream.remote.address}:${stream.remote.port}`;
    }
    this.#side.setDirection(this.#speakOnly ? "recvonly" : stream.remoteDirection);
  }

  #stamp(sdp: SessionDescription): string {
    this.#lastLocal = serializeSdp(this.#session.stamp(sdp));
    return this.#lastLocal;
  }
}

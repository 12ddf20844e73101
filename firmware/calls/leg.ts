// One party's connection to a call (DESIGN "each call has legs of any kind joined by one
// bridge"): a SIP phone or trunk, an FXS handset, an FXO line or the box itself (an
// application). A call knows its legs only through these interfaces; nothing about a call
// depends on which kinds they are.

import type { FrameSource, PlayingAudio } from "./media-port.ts";

export type LegKind = "sip" | "fxs" | "fxo" | "application";

/** calling: request sent; ringing/early: the phone alerts (early: with early media). */
export type LegState = "calling" | "ringing" | "early" | "answered" | "ended";

/** Who is calling or called, as caller ID and call records show it. */
export interface CallParty {
  number: string;
  displayName: string;
}

export interface LegView {
  id: string;
  kind: LegKind;
  /** The extension on this leg (the external number on an exchange line). */
  extension: string;
  state: LegState;
  holding: boolean;
  /** Negotiated audio codec, once known. */
  codec?: string;
  /** How the leg is carried, e.g. "UDP 192.0.2.7:5062". */
  remote?: string;
  /** The box's RTP port for this leg, and where the phone's SDP said to send RTP. */
  media?: { localPort: number; remote?: string };
}

/**
 * The audio of one party as the bridge sees it: what the party says (20 ms, 8 kHz frames) and
 * what the box says to it. A SIP leg's is its relay side; an analog leg's is its line.
 */
export interface PartyAudio {
  /** What the party sends; one tap at a time (the bridge fans it out). Returns the stop. */
  listen(onFrame: (pcm: Int16Array) => void): () => void;
  /** The box speaks to the party; other audio toward it pauses until this stops or ends. */
  play(source: FrameSource): PlayingAudio;
  /** Music on hold of `mohClass` (the holding party's class) toward the party. */
  startMusic(mohClass?: string): void;
  stopMusic(): void;
}

/** What the call hears from its legs. */
export interface LegListener {
  /** The phone alerts (180), plays early media (183 with SDP) or the line is being dialled. */
  onRinging(leg: Leg, earlyMedia: boolean): void;
  onAnswered(leg: Leg): void;
  /** The leg could not be set up; `status` is the SIP status that says why. */
  onFailed(leg: Leg, status: number, reason: string): void;
  /** The party hung up, or the leg died (no ACK, failed session refresh, prompt done). */
  onEnded(leg: Leg, cause: EndCause): void;
  onHold(leg: Leg, holding: boolean): void;
  onDigit(leg: Leg, digit: string, durationMs: number): void;
}

export type EndCause = "hangup" | "no-ack" | "session-expired" | "refresh-failed" | "no-rtp";

/** How the calling party hears the call being set up. */
export type Progress = "ringing" | "early-media";

export interface Leg {
  readonly id: string;
  readonly kind: LegKind;
  /** The extension on this leg, or the external number (FXO, trunk), or the dialled code. */
  readonly extension: string;
  readonly state: LegState;
  readonly holding: boolean;
  /** The party is one of the box's extensions: its state shows on BLF. */
  readonly internal: boolean;
  /** The party's digits are heard in its audio (an analog line), not signalled apart. */
  readonly digitsInBand: boolean;
  /** The party wants digits sent to it explicitly (SIP INFO, an exchange line). */
  readonly wantsDigits: boolean;
  /** The leg's audio; undefined for an application, which only speaks to its peer. */
  readonly audio: PartyAudio | undefined;
  /** The relay side name when the leg's RTP runs through the call's relay session. */
  readonly relaySide: "a" | "b" | undefined;
  /** The SIP Call-ID of the leg's dialog, for call records. */
  readonly sipCallId: string;
  listen(listener: LegListener): void;
  view(): LegView;
  /** Ends the leg whatever its state: BYE when answered, CANCEL or a final answer before. */
  hangup(status?: number): void;
  /** Speaks a digit toward this party (SIP INFO when its extension wants it). */
  sendDigit(digit: string, durationMs: number): void;
}

/** The leg that placed the call: it hears progress, then the answer. */
export interface CallingLeg extends Leg {
  /** The called side alerts: 180 / 183 with early media from `from`, ringback on a handset. */
  progress(from: Leg, earlyMedia: boolean): void;
  /** The call was answered by `peer`: 200 with our answer, or the handset connects. */
  connect(peer: Leg): boolean;
}

/** A leg the call rings: a phone's contact, a handset, a line, an application. */
export interface CalledLeg extends Leg {
  /** Starts alerting: INVITE, ring, seize and dial, answer; false when it cannot. */
  alert(caller: CallParty): boolean;
  /**
   * Answered but not yet taken: its party is asked to accept (follow-me's press 1). The call's
   * ring time waits for the answer meanwhile.
   */
  readonly deciding?: boolean;
  /** An RFC 4733 digit from this leg's relay side while the call still rings. */
  digitWhileRinging?(digit: string, durationMs: number): void;
  /**
   * An application that puts the caller through to someone it calls (a queue's agent): who
   * answered and when, and whether it recorded their talk, for the call's record (its final
   * callee, talk time, recorded). Undefined when nobody was put through: the box's own answer
   * does not count, and the call is recorded as not answered.
   */
  answeredBy?(): { extension: string; atMs: number; recorded?: boolean } | undefined;
}

/** A leg that acts once joined (an application speaking to its peer). */
export interface JoiningLeg extends Leg {
  joined(peer: Leg): void;
}

export function isJoining(leg: Leg): leg is JoiningLeg {
  return typeof (leg as Partial<JoiningLeg>).joined === "function";
}

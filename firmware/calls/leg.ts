// One party's connection to a call (DESIGN "The call engine is a B2BUA: each call has legs
// (SIP, FXS, FXO, application) joined by a bridge"). SIP legs are the first kind; an analog
// line or an application (voicemail, IVR) joins a call through the same interface.

export type LegKind = "sip" | "fxs" | "fxo" | "application";

/** calling: request sent; ringing/early: the phone alerts (early: with early media). */
export type LegState = "calling" | "ringing" | "early" | "answered" | "ended";

export interface LegView {
  id: string;
  kind: LegKind;
  /** The extension on this leg. */
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

/** What the call hears from its legs. */
export interface LegListener {
  /** The phone alerts (180) or plays early media (183 with SDP). */
  onRinging(leg: Leg, earlyMedia: boolean): void;
  onAnswered(leg: Leg): void;
  /** The leg could not be set up; `status` is the SIP status that says why. */
  onFailed(leg: Leg, status: number, reason: string): void;
  /** The phone hung up, or the leg died (no ACK, failed session refresh). */
  onEnded(leg: Leg, cause: EndCause): void;
  onHold(leg: Leg, holding: boolean): void;
  onDigit(leg: Leg, digit: string, durationMs: number): void;
}

export type EndCause = "hangup" | "no-ack" | "session-expired" | "refresh-failed" | "no-rtp";

export interface Leg {
  readonly id: string;
  readonly kind: LegKind;
  readonly extension: string;
  readonly state: LegState;
  readonly holding: boolean;
  view(): LegView;
  /** Ends the leg whatever its state: BYE when answered, CANCEL or a final answer before. */
  hangup(status?: number): void;
  /** Speaks a digit toward this party (SIP INFO when its extension wants it). */
  sendDigit(digit: string, durationMs: number): void;
}

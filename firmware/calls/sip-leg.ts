// What both kinds of SIP leg do once their dialog exists. The dialog's protocol (CSeq checks,
// BYE, re-INVITE and UPDATE, INFO, the RFC 4028 session timer) is the SIP stack's
// `InviteSession`; the leg gives it the media's answers and turns its events into the call's:
// a re-offer from the phone is answered by this leg alone (the box anchors the media, so a
// hold or a codec change concerns this leg only), SIP INFO digits become DTMF.

import type { IncomingRequest } from "../sip/core/sip-stack.ts";
import type { Dialog } from "../sip/dialog/dialog.ts";
import type { DialogTable } from "../sip/dialog/dialog-table.ts";
import type { SipRequest } from "../sip/message/message.ts";
import type { Flow } from "../sip/transport/transport.ts";
import {
  InviteSession,
  type InviteSessionContext,
  type InviteSessionUser,
} from "../sip/usages/invite-session.ts";
import type { EndCause, Leg, LegListener, LegState, LegView, PartyAudio } from "./leg.ts";
import type { LegMedia } from "./leg-media.ts";

/** What SIP legs need of the stack and the engine. */
export interface SipLegContext extends InviteSessionContext {
  dialogs: DialogTable<SipLeg>;
  /** A REFER in a leg's dialog (RFC 3515): the transfer it asks for; 405 without. */
  refer?(leg: SipLeg, incoming: IncomingRequest): void;
}

/** Until the call listens, a leg's events go nowhere. */
const NOBODY: LegListener = {
  onRinging() {},
  onAnswered() {},
  onFailed() {},
  onEnded() {},
  onHold() {},
  onDigit() {},
};

/** Where a SIP leg sits: its relay side, and whether its party is one of the box's extensions. */
export interface SipLegPlace {
  side: "a" | "b";
  /** false for a trunk's party (an external number). */
  internal: boolean;
}

export abstract class SipLeg implements Leg {
  readonly kind = "sip";
  readonly id: string;
  readonly extension: string;
  state: LegState = "calling";
  readonly media: LegMedia;
  readonly relaySide: "a" | "b";
  readonly internal: boolean;
  readonly digitsInBand = false;
  protected readonly context: SipLegContext;
  protected listener: LegListener = NOBODY;
  /** The INVITE dialog's protocol side: in-dialog requests, CSeq, session timer, BYE. */
  protected readonly session: InviteSession;
  readonly #dtmfMode: string;

  constructor(
    id: string,
    extension: string,
    media: LegMedia,
    dtmfMode: string,
    context: SipLegContext,
    place: SipLegPlace,
    /** The box's side of the initial INVITE: UAS toward a calling phone, UAC toward a called one. */
    role: "uac" | "uas",
  ) {
    this.id = id;
    this.extension = extension;
    this.media = media;
    this.#dtmfMode = dtmfMode;
    this.context = context;
    this.relaySide = place.side;
    this.internal = place.internal;
    this.session = new InviteSession(context, this.#sessionUser(), role);
  }

  get holding(): boolean {
    return this.media.holding;
  }

  listen(listener: LegListener): void {
    this.listener = listener;
  }

  /** The relay side this leg's RTP uses. */
  get audio(): PartyAudio {
    return this.media.side;
  }

  /** A phone that wants SIP INFO does not take digits from the audio. */
  get wantsDigits(): boolean {
    return this.#dtmfMode === "info";
  }

  abstract get sipCallId(): string;

  /** How this extension wants DTMF: rfc4733, info or inband. */
  get dtmfMode(): string {
    return this.#dtmfMode;
  }

  abstract get flow(): Flow;

  view(): LegView {
    const codec = this.media.codec?.name;
    return {
      id: this.id,
      kind: "sip",
      extension: this.extension,
      state: this.state,
      holding: this.holding,
      ...(codec ? { codec } : {}),
      remote: `${this.flow.protocol} ${this.flow.address}:${this.flow.port}`,
      media: {
        localPort: this.media.localPort,
        ...(this.media.remote ? { remote: this.media.remote } : {}),
      },
    };
  }

  abstract hangup(status?: number): void;

  /** Sends BYE and forgets the dialog (§15.1.1). */
  protected bye(): void {
    if (!this.session.dialog || this.state === "ended") return;
    this.session.bye();
    this.ended();
  }

  /** Marks the leg ended and releases its dialog and timers. */
  protected ended(): void {
    this.state = "ended";
    this.session.terminate();
    if (this.session.dialog) this.context.dialogs.remove(this.session.dialog);
  }

  /** The dialog the leg's session runs in, listed in the engine's dialog table. */
  protected get dialog(): Dialog | undefined {
    return this.session.dialog;
  }

  protected set dialog(dialog: Dialog) {
    this.session.attach(dialog);
  }

  sendDigit(digit: string, durationMs: number): void {
    if (this.state !== "answered") return;
    if (this.#dtmfMode !== "info" || !this.session.dialog) {
      this.media.sendDigit(digit, durationMs);
      return;
    }
    const body = Buffer.from(`Signal=${digit}\r\nDuration=${durationMs}\r\n`);
    this.session.sendInfo(body, "application/dtmf-relay");
  }

  /** RFC 3515 §2.4.5: the progress of the transfer this phone asked for, as message/sipfrag. */
  notifyRefer(fragment: string, final: boolean): boolean {
    return this.session.sendNotify(Buffer.from(fragment), "message/sipfrag;version=2.0", [
      ["event", "refer"],
      ["subscription-state", final ? "terminated;reason=noresource" : "active;expires=60"],
      ["contact", this.context.local(this.flow.protocol).contact],
    ]);
  }

  /** Ends the leg with BYE once its part is over (a transfer it asked for went through). */
  leave(): void {
    if (this.state === "ended") return;
    this.bye();
    this.listener.onEnded(this, "hangup");
  }

  /** A request from the phone within this leg's dialog (§12.2.2). */
  handleRequest(incoming: IncomingRequest): void {
    this.session.handleRequest(incoming);
  }

  /** PRACK and anything else a subclass knows; false leaves it to the session (405). */
  protected handleOther(_incoming: IncomingRequest): boolean {
    return false;
  }

  /** The ACK of a 2xx we sent, possibly carrying the answer to an offer-less re-INVITE. */
  handleAck(ack: SipRequest): void {
    this.session.handleAck(ack);
  }

  /** The leg's side of its INVITE session: the media answers, the call hears of the events. */
  #sessionUser(): InviteSessionUser {
    let before = false;
    return {
      answerOffer: (offer) => {
        before = this.media.holding;
        const answer = this.media.answer(offer, this.media.codec?.name);
        return answer.ok ? { ok: true, answer: answer.sdp } : answer;
      },
      offerAnswered: () => {
        if (before !== this.media.holding) this.listener.onHold(this, this.media.holding);
      },
      offer: () => this.media.lastLocal ?? this.media.offer(this.media.codec?.name),
      lastDescription: () => this.media.lastLocal,
      takeAnswer: (answer) => {
        const was = this.media.holding;
        this.media.takeAnswer(answer);
        if (was !== this.media.holding) this.listener.onHold(this, this.media.holding);
      },
      byeReceived: () => {
        if (this.state === "ended") return;
        this.ended();
        this.listener.onEnded(this, "hangup");
      },
      infoReceived: (request) => this.#info(request),
      otherRequest: (incoming) => {
        const refer = this.context.refer;
        if (incoming.request.method !== "REFER" || !refer) return this.handleOther(incoming);
        refer(this, incoming);
        return true;
      },
      lost: (cause) => {
        if (this.state === "ended") return;
        this.ended();
        this.listener.onEnded(this, cause);
      },
    };
  }

  /** SIP INFO digits (application/dtmf-relay "Signal=5", application/dtmf "5"). */
  #info(request: SipRequest): void {
    const type = (request.headers.get("content-type") ?? "").toLowerCase();
    const text = Buffer.from(request.body).toString("latin1");
    let digit: string | undefined;
    let durationMs = 160;
    if (type.startsWith("application/dtmf-relay")) {
      digit = /Signal\s*=\s*([0-9A-D*#])/i.exec(text)?.[1];
      const duration = /Duration\s*=\s*(\d+)/i.exec(text)?.[1];
      if (duration) durationMs = Number(duration);
    } else if (type.startsWith("application/dtmf")) {
      digit = /^\s*([0-9A-D*#])/i.exec(text)?.[1];
    }
    if (digit) this.listener.onDigit(this, digit.toUpperCase(), durationMs);
  }

  /** Ends the leg for a reason found elsewhere (no RTP, no ACK): BYE it and tell the call. */
  protected die(cause: EndCause): void {
    if (this.state === "ended") return;
    this.bye();
    this.listener.onEnded(this, cause);
  }
}

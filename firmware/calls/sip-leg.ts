// RFC 3261 §12.2, §14, §15 what both kinds of SIP leg do once their dialog exists: answer
// BYE, re-INVITE and UPDATE (RFC 3311) from the phone locally (the box anchors the media,
// so a hold or a codec change concerns this leg only), turn SIP INFO digits into DTMF, keep
// the RFC 4028 session timer, and send BYE, INFO and refreshes of its own.

import type { Clock } from "../sip/clock.ts";
import type { IncomingRequest } from "../sip/core/sip-stack.ts";
import type { Dialog, LocalContact } from "../sip/dialog/dialog.ts";
import type { DialogTable } from "../sip/dialog/dialog-table.ts";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import type { ClientTransactionUser } from "../sip/transaction/non-invite-client.ts";
import type { Flow, Protocol } from "../sip/transport/transport.ts";
import type { EndCause, Leg, LegListener, LegState, LegView, PartyAudio } from "./leg.ts";
import type { LegMedia } from "./leg-media.ts";
import { parseSessionExpires, SessionTimer } from "./session-timer.ts";

export const SDP = "application/sdp";
export const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK";

/** What SIP legs need of the stack and the engine. */
export interface SipLegContext {
  clock: Clock;
  request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown;
  sendStateless(message: SipRequest | SipResponse, flow: Flow): boolean;
  /** Via sent-by and Contact for requests leaving on a transport. */
  local(protocol: Protocol): LocalContact;
  dialogs: DialogTable<SipLeg>;
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
  protected dialog: Dialog | undefined;
  protected readonly sessionTimer: SessionTimer;
  readonly #dtmfMode: string;
  #peerAllowsUpdate = false;

  constructor(
    id: string,
    extension: string,
    media: LegMedia,
    dtmfMode: string,
    context: SipLegContext,
    place: SipLegPlace,
  ) {
    this.id = id;
    this.extension = extension;
    this.media = media;
    this.#dtmfMode = dtmfMode;
    this.context = context;
    this.relaySide = place.side;
    this.internal = place.internal;
    this.sessionTimer = new SessionTimer(context.clock, {
      refresh: () => this.#refresh(),
      expired: () => this.#die("session-expired"),
    });
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
    if (!this.dialog || this.state === "ended") return;
    const bye = this.dialog.createRequest("BYE");
    this.context.request(bye, this.dialog.flow, { onResponse() {}, onTimeout() {} });
    this.ended();
  }

  /** Marks the leg ended and releases its dialog and timers. */
  protected ended(): void {
    this.state = "ended";
    this.sessionTimer.stop();
    if (this.dialog) {
      this.dialog.state = "terminated";
      this.context.dialogs.remove(this.dialog);
    }
  }

  /** Remembers what the peer allows (UPDATE for refreshes, RFC 4028 §9). */
  protected notePeer(message: SipRequest | SipResponse): void {
    const allow = message.headers.getAll("allow").map((m) => m.trim().toUpperCase());
    if (allow.length > 0) this.#peerAllowsUpdate = allow.includes("UPDATE");
  }

  sendDigit(digit: string, durationMs: number): void {
    if (this.state !== "answered") return;
    if (this.#dtmfMode !== "info" || !this.dialog) {
      this.media.sendDigit(digit, durationMs);
      return;
    }
    const body = Buffer.from(`Signal=${digit}\r\nDuration=${durationMs}\r\n`);
    const info = this.dialog.createRequest("INFO", { body, contentType: "application/dtmf-relay" });
    this.context.request(info, this.dialog.flow, { onResponse() {}, onTimeout() {} });
  }

  /** A request from the phone within this leg's dialog (§12.2.2). */
  handleRequest(incoming: IncomingRequest): void {
    const { request } = incoming;
    if (!this.dialog?.acceptRemoteSeq(request)) {
      incoming.respond(500, { reason: "CSeq Out Of Order" });
      return;
    }
    switch (request.method) {
      case "BYE":
        incoming.respond(200);
        if (this.state !== "ended") {
          this.ended();
          this.listener.onEnded(this, "hangup");
        }
        return;
      case "INVITE":
      case "UPDATE":
        this.#reoffer(incoming);
        return;
      case "INFO":
        this.#info(incoming);
        return;
      default:
        this.handleOther(incoming);
    }
  }

  /** PRACK and anything else a subclass knows; 405 otherwise. */
  protected handleOther(incoming: IncomingRequest): void {
    incoming.respond(405, { headers: [["allow", ALLOW]] });
  }

  /** The ACK of a 2xx we sent, possibly carrying the answer to an offer-less re-INVITE. */
  handleAck(ack: SipRequest): void {
    if (ack.body.length > 0 && this.#awaitingAckAnswer) {
      this.#awaitingAckAnswer = false;
      const before = this.media.holding;
      this.media.takeAnswer(ack.body);
      if (before !== this.media.holding) this.listener.onHold(this, this.media.holding);
    }
  }

  #awaitingAckAnswer = false;

  /** RFC 3264 §8 re-offer (re-INVITE or UPDATE), answered by this leg alone. */
  #reoffer(incoming: IncomingRequest): void {
    const { request } = incoming;
    this.dialog?.refreshTarget(request);
    this.notePeer(request);
    const headers: [string, string][] = [
      ["contact", this.context.local(this.flow.protocol).contact],
      ["allow", ALLOW],
    ];
    const se = parseSessionExpires(request.headers.get("session-expires"));
    if (se && this.sessionTimer.intervalS > 0) {
      headers.push(["session-expires", `${se.intervalS};refresher=${se.refresher ?? "uac"}`]);
      headers.push(["require", "timer"]);
    }
    this.sessionTimer.refreshed();
    if (request.body.length === 0) {
      if (request.method === "UPDATE") {
        incoming.respond(200, { headers });
        return;
      }
      // An offer-less re-INVITE: we offer in the 2xx, the answer comes in the ACK (§14.2).
      this.#awaitingAckAnswer = true;
      const offer = this.media.lastLocal ?? this.media.offer(this.media.codec?.name);
      incoming.respond(200, { headers, body: Buffer.from(offer), contentType: SDP });
      return;
    }
    const before = this.media.holding;
    const answer = this.media.answer(request.body, this.media.codec?.name);
    if (!answer.ok) {
      incoming.respond(answer.status);
      return;
    }
    incoming.respond(200, { headers, body: Buffer.from(answer.sdp), contentType: SDP });
    if (before !== this.media.holding) this.listener.onHold(this, this.media.holding);
  }

  /** SIP INFO digits (application/dtmf-relay "Signal=5", application/dtmf "5"). */
  #info(incoming: IncomingRequest): void {
    const { request } = incoming;
    incoming.respond(200);
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

  /** Our turn to refresh the session (RFC 4028 §7.4): UPDATE when allowed, else re-INVITE. */
  #refresh(): void {
    if (!this.dialog || this.state !== "answered") return;
    const interval = this.sessionTimer.intervalS;
    const headers: [string, string][] = [
      ["session-expires", `${interval};refresher=${this.refresherParam()}`],
      ["supported", "timer"],
    ];
    const method = this.#peerAllowsUpdate ? "UPDATE" : "INVITE";
    const sdp = method === "INVITE" ? this.media.lastLocal : undefined;
    const request = this.dialog.createRequest(method, {
      headers,
      ...(sdp ? { body: Buffer.from(sdp), contentType: SDP } : {}),
    });
    const dialog = this.dialog;
    this.context.request(request, dialog.flow, {
      onResponse: (response) => {
        if (response.status < 200) return;
        if (method === "INVITE" && response.status < 300) {
          const ack = dialog.createRequest("ACK", { cseq: request.cseq!.seq });
          this.context.sendStateless(ack, dialog.flow);
        }
        // RFC 4028 §10: a 408 or 481 to a refresh ends the session; other errors do not.
        if (response.status < 300) this.sessionTimer.refreshed();
        else if (response.status === 408 || response.status === 481) this.#die("refresh-failed");
        else this.sessionTimer.refreshed();
      },
      onTimeout: () => this.#die("refresh-failed"),
    });
  }

  /** The refresher parameter naming us in our own requests' terms. */
  protected abstract refresherParam(): "uac" | "uas";

  /** The leg is gone without the phone saying so: BYE it anyway and tell the call. */
  #die(cause: EndCause): void {
    if (this.state === "ended") return;
    this.bye();
    this.listener.onEnded(this, cause);
  }

  /** Ends the leg for a reason found elsewhere (no RTP, no ACK). */
  protected die(cause: EndCause): void {
    this.#die(cause);
  }
}

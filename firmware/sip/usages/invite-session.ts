// RFC 3261 §12.2, §14, §15; RFC 3311; RFC 4028: one INVITE dialog once it exists. Requests
// from the peer pass the CSeq check (§12.2.2: a lower number gets 500) and are answered here:
// BYE, re-INVITE and UPDATE (the offer goes to the user, whose answer goes back in the 2xx;
// an offer-less re-INVITE gets our offer in the 2xx and its answer in the ACK, §14.2), INFO.
// The RFC 4028 session timer runs here too: our refreshes (UPDATE when the peer allows it,
// else re-INVITE) and the end of a session whose peer stopped refreshing. Bodies stay opaque:
// the user makes and reads the session descriptions.

import type { Clock } from "../clock.ts";
import type { IncomingRequest } from "../core/sip-stack.ts";
import type { Dialog, LocalContact } from "../dialog/dialog.ts";
import type { SipRequest, SipResponse } from "../message/message.ts";
import type { ClientTransactionUser } from "../transaction/non-invite-client.ts";
import type { Flow, Protocol } from "../transport/transport.ts";
import { parseSessionExpires, type SessionInterval, SessionTimer } from "./session-timer.ts";

export const SDP = "application/sdp";
/** The methods an INVITE session answers (with the initial INVITE's PRACK and CANCEL). */
export const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK";

/** What a session needs of the stack. */
export interface InviteSessionContext {
  clock: Clock;
  request(request: SipRequest, flow: Flow, user: ClientTransactionUser): unknown;
  sendStateless(message: SipRequest | SipResponse, flow: Flow): boolean;
  /** Via sent-by and Contact for requests leaving on a transport. */
  local(protocol: Protocol): LocalContact;
}

/** Why a session ended without the peer's BYE (RFC 4028 §10). */
export type SessionLoss = "session-expired" | "refresh-failed";

export type OfferAnswer = { ok: true; answer: string } | { ok: false; status: number };

/** What the session hands to its user: the offer/answer bodies and the session's events. */
export interface InviteSessionUser {
  /** The peer's re-offer (re-INVITE or UPDATE with a body): our answer, or the refusing status. */
  answerOffer(offer: Uint8Array): OfferAnswer;
  /** The answer to the peer's re-offer has been sent. */
  offerAnswered(): void;
  /** Our offer, sent in the 2xx to an offer-less re-INVITE (§14.2). */
  offer(): string;
  /** Our current session description for a refreshing re-INVITE; undefined sends none. */
  lastDescription(): string | undefined;
  /** The peer's answer (in the ACK) to the offer of our 2xx. */
  takeAnswer(answer: Uint8Array): void;
  /** The peer sent BYE (already answered 200). */
  byeReceived(): void;
  /** The peer sent INFO (already answered 200). */
  infoReceived(request: SipRequest): void;
  /** Any other method in the dialog (PRACK...): true when handled, else the session sends 405. */
  otherRequest(incoming: IncomingRequest): boolean;
  /** The session is gone without the peer saying so; the session has sent BYE. */
  lost(cause: SessionLoss): void;
}

export class InviteSession {
  readonly #context: InviteSessionContext;
  readonly #user: InviteSessionUser;
  /** Our side of the initial INVITE, as the refresher parameter of our refreshes names it. */
  readonly #role: "uac" | "uas";
  readonly #timer: SessionTimer;
  #dialog: Dialog | undefined;
  #established = false;
  #terminated = false;
  #peerAllowsUpdate = false;
  #awaitingAckAnswer = false;

  constructor(context: InviteSessionContext, user: InviteSessionUser, role: "uac" | "uas") {
    this.#context = context;
    this.#user = user;
    this.#role = role;
    this.#timer = new SessionTimer(context.clock, {
      refresh: () => this.#refresh(),
      expired: () => this.#lose("session-expired"),
    });
  }

  /** The dialog, early or confirmed; undefined until the initial INVITE made one. */
  get dialog(): Dialog | undefined {
    return this.#dialog;
  }

  /** The dialog the session runs in (an early dialog may be replaced by the 2xx's). */
  attach(dialog: Dialog): void {
    this.#dialog = dialog;
  }

  /** The RFC 4028 interval in force; 0 without a session timer. */
  get intervalS(): number {
    return this.#timer.intervalS;
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  /** Remembers what the peer allows (UPDATE for refreshes, RFC 4028 §9). */
  notePeer(message: SipRequest | SipResponse): void {
    const allow = message.headers.getAll("allow").map((m) => m.trim().toUpperCase());
    if (allow.length > 0) this.#peerAllowsUpdate = allow.includes("UPDATE");
  }

  /** The initial INVITE succeeded: the session runs, with a session timer when negotiated. */
  establish(interval?: SessionInterval): void {
    if (this.#dialog) this.#dialog.state = "confirmed";
    if (interval) this.#timer.start(interval.intervalS, interval.refresher);
    this.#established = true;
  }

  /** Sends BYE (§15.1.1) and ends the session; nothing without a dialog or once ended. */
  bye(): void {
    if (!this.#dialog || this.#terminated) return;
    const bye = this.#dialog.createRequest("BYE");
    this.#context.request(bye, this.#dialog.flow, { onResponse() {}, onTimeout() {} });
    this.terminate();
  }

  /** Ends the session without a word to the peer: timers stop, the dialog is terminated. */
  terminate(): void {
    this.#terminated = true;
    this.#established = false;
    this.#timer.stop();
    if (this.#dialog) this.#dialog.state = "terminated";
  }

  /** Sends INFO with `body` (RFC 6086); false without a dialog. */
  sendInfo(body: Uint8Array, contentType: string): boolean {
    if (!this.#dialog || this.#terminated) return false;
    const info = this.#dialog.createRequest("INFO", { body, contentType });
    this.#context.request(info, this.#dialog.flow, { onResponse() {}, onTimeout() {} });
    return true;
  }

  /**
   * Sends NOTIFY in this dialog (RFC 3515 §2.4.4: a REFER's implicit subscription shares the
   * INVITE's dialog); false without a dialog or once ended.
   */
  sendNotify(body: Uint8Array, contentType: string, headers: [string, string][]): boolean {
    if (!this.#dialog || this.#terminated) return false;
    const notify = this.#dialog.createRequest("NOTIFY", { body, contentType, headers });
    this.#context.request(notify, this.#dialog.flow, { onResponse() {}, onTimeout() {} });
    return true;
  }

  /** A request from the peer within this dialog (§12.2.2). */
  handleRequest(incoming: IncomingRequest): void {
    const { request } = incoming;
    if (!this.#dialog?.acceptRemoteSeq(request)) {
      incoming.respond(500, { reason: "CSeq Out Of Order" });
      return;
    }
    switch (request.method) {
      case "BYE":
        incoming.respond(200);
        this.#user.byeReceived();
        return;
      case "INVITE":
      case "UPDATE":
        this.#reoffer(incoming);
        return;
      case "INFO":
        incoming.respond(200);
        this.#user.infoReceived(request);
        return;
      default:
        if (!this.#user.otherRequest(incoming))
          incoming.respond(405, { headers: [["allow", ALLOW]] });
    }
  }

  /** The ACK of a 2xx we sent, possibly carrying the answer to an offer-less re-INVITE. */
  handleAck(ack: SipRequest): void {
    if (ack.body.length > 0 && this.#awaitingAckAnswer) {
      this.#awaitingAckAnswer = false;
      this.#user.takeAnswer(ack.body);
    }
  }

  /** RFC 3264 §8 re-offer (re-INVITE or UPDATE); also a refresh of the session (RFC 4028). */
  #reoffer(incoming: IncomingRequest): void {
    const { request } = incoming;
    const dialog = this.#dialog!;
    dialog.refreshTarget(request);
    this.notePeer(request);
    const headers: [string, string][] = [
      ["contact", this.#context.local(dialog.flow.protocol).contact],
      ["allow", ALLOW],
    ];
    const se = parseSessionExpires(request.headers.get("session-expires"));
    if (se && this.#timer.intervalS > 0) {
      headers.push(["session-expires", `${se.intervalS};refresher=${se.refresher ?? "uac"}`]);
      headers.push(["require", "timer"]);
    }
    this.#timer.refreshed();
    if (request.body.length === 0) {
      if (request.method === "UPDATE") {
        incoming.respond(200, { headers });
        return;
      }
      // An offer-less re-INVITE: we offer in the 2xx, the answer comes in the ACK (§14.2).
      this.#awaitingAckAnswer = true;
      const offer = this.#user.offer();
      incoming.respond(200, { headers, body: Buffer.from(offer), contentType: SDP });
      return;
    }
    const answer = this.#user.answerOffer(request.body);
    if (!answer.ok) {
      incoming.respond(answer.status);
      return;
    }
    incoming.respond(200, { headers, body: Buffer.from(answer.answer), contentType: SDP });
    this.#user.offerAnswered();
  }

  /** Our turn to refresh the session (RFC 4028 §7.4): UPDATE when allowed, else re-INVITE. */
  #refresh(): void {
    if (!this.#dialog || !this.#established) return;
    const headers: [string, string][] = [
      ["session-expires", `${this.#timer.intervalS};refresher=${this.#role}`],
      ["supported", "timer"],
    ];
    const method = this.#peerAllowsUpdate ? "UPDATE" : "INVITE";
    const sdp = method === "INVITE" ? this.#user.lastDescription() : undefined;
    const request = this.#dialog.createRequest(method, {
      headers,
      ...(sdp ? { body: Buffer.from(sdp), contentType: SDP } : {}),
    });
    const dialog = this.#dialog;
    this.#context.request(request, dialog.flow, {
      onResponse: (response) => {
        if (response.status < 200) return;
        if (method === "INVITE" && response.status < 300) {
          const ack = dialog.createRequest("ACK", { cseq: request.cseq!.seq });
          this.#context.sendStateless(ack, dialog.flow);
        }
        // RFC 4028 §10: a 408 or 481 to a refresh ends the session; other errors do not.
        if (response.status < 300) this.#timer.refreshed();
        else if (response.status === 408 || response.status === 481) this.#lose("refresh-failed");
        else this.#timer.refreshed();
      },
      onTimeout: () => this.#lose("refresh-failed"),
    });
  }

  /** The session is gone without the peer saying so: BYE it anyway and tell the user. */
  #lose(cause: SessionLoss): void {
    if (this.#terminated) return;
    this.bye();
    this.#user.lost(cause);
  }
}

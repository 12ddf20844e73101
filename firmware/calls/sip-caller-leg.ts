// The calling phone's leg: the box is the UAS of its INVITE (RFC 3261 §13.3). Provisional
// answers follow the callee's progress, reliably (RFC 3262, `ReliableProvisionals`: Require
// 100rel, RSeq, until the PRACK) when the phone demands it; the 2xx carries our SDP answer
// and the RFC 4028 session interval; a missing ACK (§13.3.1.4) ends the call.

import type { IncomingRequest } from "../sip/core/sip-stack.ts";
import { Dialog } from "../sip/dialog/dialog.ts";
import { InviteServerTransaction } from "../sip/transaction/invite-server.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { ALLOW, SDP } from "../sip/usages/invite-session.ts";
import { ReliableProvisionals, requires100rel } from "../sip/usages/reliable-provisionals.ts";
import { answerSessionExpires } from "../sip/usages/session-timer.ts";
import type { CallingLeg, Leg } from "./leg.ts";
import type { LegMedia } from "./leg-media.ts";
import { SipLeg, type SipLegContext, type SipLegPlace } from "./sip-leg.ts";

export class SipCallerLeg extends SipLeg implements CallingLeg {
  readonly incoming: IncomingRequest;
  /** Our answer to the phone's offer, fixed once sent (RFC 3264 §4: one answer per offer). */
  #answer: string | undefined;
  /** RFC 3262 §3 when the phone requires 100rel; §3's 5xx after 64*T1 without PRACK is 504. */
  readonly #reliable: ReliableProvisionals | undefined;
  #sentSdp = false;

  constructor(
    id: string,
    extension: string,
    incoming: IncomingRequest,
    media: LegMedia,
    dtmfMode: string,
    context: SipLegContext,
    place: SipLegPlace = { side: "a", internal: true },
  ) {
    super(id, extension, media, dtmfMode, context, place, "uas");
    this.incoming = incoming;
    this.state = "ringing";
    this.#reliable = requires100rel(incoming)
      ? new ReliableProvisionals(context.clock, incoming, () => this.hangup(504))
      : undefined;
    this.session.notePeer(incoming.request);
    this.dialog = Dialog.asUas(
      incoming.request,
      incoming.localTag,
      incoming.flow,
      context.local(incoming.flow.protocol),
    );
    context.dialogs.add(this.dialog, this);
    const transaction = incoming.transaction;
    if (transaction instanceof InviteServerTransaction)
      transaction.events = { onNoAck: () => this.die("no-ack") };
  }

  get flow(): Flow {
    return this.incoming.flow;
  }

  get sipCallId(): string {
    return this.incoming.request.callId ?? "";
  }

  /** The called side alerts: 183 with our answer when `from` sends early media, else 180. */
  progress(from: Leg, earlyMedia: boolean): void {
    // Early media from a phone or trunk, or a prompt the box plays before it refuses the call.
    if (earlyMedia && (from.kind === "sip" || from.kind === "application")) {
      const sdp = this.#answerFor(from);
      if (sdp) this.sendProgress(sdp);
    } else if (!this.answered183) {
      this.sendProgress();
    }
  }

  /** `peer` answered: 200 with our answer, its codec first when ours allows (no transcoding). */
  connect(peer: Leg): boolean {
    const sdp = this.#answerFor(peer);
    if (!sdp) return false;
    this.answer(sdp);
    return true;
  }

  #answerFor(peer: Leg): string | undefined {
    if (this.#answer) return this.#answer;
    const prefer = peer.kind === "sip" ? peer.view().codec : undefined;
    const result = this.media.answer(this.incoming.request.body, prefer);
    if (result.ok) this.#answer = result.sdp;
    return this.#answer;
  }

  /** Whether this phone has already been sent an SDP answer (in a 183). */
  get answered183(): boolean {
    return this.#sentSdp;
  }

  /** 180 Ringing, or 183 with early media when `sdp` is given. */
  sendProgress(sdp?: string): void {
    if (this.state === "ended" || this.state === "answered") return;
    // RFC 3262 §3: one reliable provisional at a time; later ringing adds nothing.
    if (this.#reliable?.pending) return;
    const status = sdp ? 183 : 180;
    if (sdp) this.#sentSdp = true;
    const headers: [string, string][] = [
      ["contact", this.context.local(this.flow.protocol).contact],
      ["allow", ALLOW],
    ];
    const extras = {
      headers,
      ...(sdp ? { body: Buffer.from(sdp), contentType: SDP } : {}),
    };
    if (this.#reliable) this.#reliable.send(status, extras);
    else this.incoming.respond(status, extras);
  }

  /** 200 OK with our answer (§13.3.1.4); the ACK comes through the dialog. */
  answer(sdp: string): void {
    if (this.state === "ended" || this.state === "answered") return;
    this.#reliable?.stop();
    const headers: [string, string][] = [
      ["contact", this.context.local(this.flow.protocol).contact],
      ["allow", ALLOW],
      ["supported", "timer"],
    ];
    // RFC 4028 §9: the phone refreshes unless it asked us to.
    const timer = answerSessionExpires(this.incoming.request);
    headers.push(...timer.headers);
    this.session.establish(timer.interval);
    this.incoming.respond(200, { headers, body: Buffer.from(sdp), contentType: SDP });
    this.state = "answered";
  }

  hangup(status = 480): void {
    if (this.state === "ended") return;
    if (this.state === "answered") {
      this.bye();
      return;
    }
    this.#reliable?.stop();
    this.incoming.respond(status);
    this.ended();
  }

  /** PRACK for our reliable provisional (RFC 3262 §3). */
  protected override handleOther(incoming: IncomingRequest): boolean {
    if (incoming.request.method !== "PRACK") return false;
    if (this.#reliable) this.#reliable.prack(incoming);
    else incoming.respond(481);
    return true;
  }
}

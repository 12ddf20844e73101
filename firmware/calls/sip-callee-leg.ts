// A called phone's leg: the box is the UAC of an INVITE to one registered contact (RFC 3261
// §13.2), sent along the flow the phone registered from (NAT). Provisional answers build an
// early dialog (§12.1.2) and are PRACKed when the phone sends them reliably (RFC 3262 §4);
// the 2xx is ACKed by us (§13.2.2.4), also when retransmitted; CANCEL (§9.1) waits for a
// provisional answer, and a late 2xx after CANCEL is ACKed and ended with BYE. Toward a
// server that challenges (a SIP trunk's registrar or proxy), the INVITE is sent once more with
// digest credentials (§22.2, §22.3: Authorization for 401, Proxy-Authorization for 407).

import {
  createAuthorization,
  type DigestCredentials,
  pickChallenge,
} from "../sip/auth/digest-client.ts";
import { buildCancel, buildRequest } from "../sip/core/request-builder.ts";
import { Dialog } from "../sip/dialog/dialog.ts";
import type { SipRequest, SipResponse } from "../sip/message/message.ts";
import { quote } from "../sip/message/name-addr.ts";
import { InviteClientTransaction } from "../sip/transaction/invite-client.ts";
import { TIMEOUT_64T1_MS } from "../sip/transaction/timer-values.ts";
import type { Flow } from "../sip/transport/transport.ts";
import { ALLOW, SDP } from "../sip/usages/invite-session.ts";
import { prackFor } from "../sip/usages/reliable-provisionals.ts";
import { acceptedSessionExpires } from "../sip/usages/session-timer.ts";
import type { CalledLeg, CallParty } from "./leg.ts";
import type { LegMedia } from "./leg-media.ts";
import { SipLeg, type SipLegContext, type SipLegPlace } from "./sip-leg.ts";

/** RFC 4028 §7.1: the interval the box asks for (30 minutes, the RFC's recommendation). */
const SESSION_EXPIRES_S = 1800;

export interface CalleeTarget {
  /** The registered contact URI. */
  uri: string;
  flow: Flow;
  /** The dialled number. */
  number: string;
  /** Host written in From and To (the box's address). */
  domain: string;
  /** The To URI when it is not the dialled number at the box (a trunk's far end). */
  toUri?: string;
  /** The From URI when it is not the caller's number at the box (a trunk's account). */
  fromUri?: string;
  /** Digest credentials for a server that challenges the INVITE (401 / 407), tried once. */
  credentials?: DigestCredentials;
  /** Headers added to the INVITE (a trunk's P-Asserted-Identity caller ID). */
  headers?: readonly (readonly [string, string])[];
}

export class SipCalleeLeg extends SipLeg implements CalledLeg {
  readonly #target: CalleeTarget;
  /** The offer sent with the INVITE (our side's SDP, the caller's codec first). */
  readonly #offer: string;
  #invite: SipRequest | undefined;
  #transaction: InviteClientTransaction | undefined;
  #ack: SipRequest | undefined;
  #provisional = false;
  #cancelWanted = false;
  #cancelled = false;
  #gaveUp: { cancel(): void } | undefined;

  constructor(
    id: string,
    target: CalleeTarget,
    media: LegMedia,
    dtmfMode: string,
    context: SipLegContext,
    offer: string,
    place: SipLegPlace = { side: "b", internal: true },
  ) {
    super(id, target.number, media, dtmfMode, context, place, "uac");
    this.#target = target;
    this.#offer = offer;
  }

  get flow(): Flow {
    return this.#target.flow;
  }

  get sipCallId(): string {
    return this.#invite?.callId ?? "";
  }

  /** Sends the INVITE with our offer; the caller's number and name go in From (caller ID). */
  alert(caller: CallParty): boolean {
    const { number, domain } = this.#target;
    const name = caller.displayName ? `${quote(caller.displayName)} ` : "";
    const from = `${name}<${this.#target.fromUri ?? `sip:${caller.number}@${domain}`}>`;
    this.#send({ to: `<${this.#target.toUri ?? `sip:${number}@${domain}`}>`, from });
    return true;
  }

  #authorized = false;

  /** The INVITE (again after a challenge: same Call-ID and tag, next CSeq, credentials). */
  #send(
    fields: { to: string; from: string; fromTag?: string; callId?: string; cseq?: number },
    authorization?: [string, string],
  ): void {
    const { uri, flow } = this.#target;
    const local = this.context.local(flow.protocol);
    const invite = buildRequest({
      method: "INVITE",
      uri,
      to: fields.to,
      from: fields.from,
      ...(fields.fromTag ? { fromTag: fields.fromTag } : {}),
      ...(fields.callId ? { callId: fields.callId } : {}),
      ...(fields.cseq ? { cseq: fields.cseq } : {}),
      protocol: flow.protocol,
      sentBy: local.sentBy,
      contact: local.contact,
      body: Buffer.from(this.#offer),
      contentType: SDP,
    });
    if (authorization) invite.headers.add(authorization[0], authorization[1]);
    for (const [name, value] of this.#target.headers ?? []) invite.headers.add(name, value);
    invite.headers
      .add("allow", ALLOW)
      .add("supported", "timer, 100rel")
      .add("session-expires", String(SESSION_EXPIRES_S))
      .add("min-se", "90");
    this.#invite = invite;
    const transaction = this.context.request(invite, flow, {
      onResponse: (response) => this.#response(response),
      onTimeout: () => this.#failed(408, "Request Timeout"),
      onTransportError: () => this.#failed(503, "Service Unavailable"),
    });
    if (transaction instanceof InviteClientTransaction) this.#transaction = transaction;
  }

  /** The INVITE transaction outlives the call by Timer M (32 s): it must not keep the call. */
  protected override ended(): void {
    super.ended();
    this.#transaction?.forget();
  }

  /** Answers a 401 / 407 with credentials once; false when there is nothing to answer with. */
  #answerChallenge(response: SipResponse): boolean {
    const credentials = this.#target.credentials;
    const invite = this.#invite;
    if (!credentials || !invite || this.#authorized || this.#cancelWanted) return false;
    const proxy = response.status === 407;
    const challenge = pickChallenge(
      response.headers.getAll(proxy ? "proxy-authenticate" : "www-authenticate"),
    );
    if (!challenge) return false;
    const answer = createAuthorization(challenge, credentials, {
      method: "INVITE",
      uri: invite.uri,
    });
    if (!answer.ok) return false;
    this.#authorized = true;
    this.#provisional = false;
    this.#send(
      {
        to: invite.headers.get("to")!,
        from: invite.headers.get("from")!.replace(/;tag=[^;>]*/, ""),
        fromTag: invite.from?.params.get("tag") ?? "",
        callId: invite.callId ?? "",
        cseq: invite.cseq!.seq + 1,
      },
      [proxy ? "proxy-authorization" : "authorization", answer.value],
    );
    return true;
  }

  hangup(status?: number): void {
    if (this.state === "ended") return;
    if (this.state === "answered") {
      this.bye();
      return;
    }
    void status;
    this.#cancelWanted = true;
    if (this.#provisional) this.#sendCancel();
  }

  #response(response: SipResponse): void {
    const status = response.status;
    if (status < 200) {
      this.#provisionalResponse(response);
      return;
    }
    this.#gaveUp?.cancel();
    if (status < 300) {
      this.#success(response);
      return;
    }
    if ((status === 401 || status === 407) && this.#answerChallenge(response)) return;
    if (this.dialog) this.context.dialogs.remove(this.dialog);
    this.#failed(status, response.reason);
  }

  #provisionalResponse(response: SipResponse): void {
    this.#provisional = true;
    if (this.#cancelWanted) {
      this.#sendCancel();
      return;
    }
    if (response.status === 100 || this.state === "ended") return;
    const toTag = response.to?.params.get("tag");
    if (toTag && !this.dialog) {
      this.dialog = Dialog.asUac(
        this.#invite!,
        response,
        this.flow,
        this.context.local(this.flow.protocol),
      );
      this.context.dialogs.add(this.dialog, this);
    }
    const prack = this.dialog && prackFor(this.dialog, response, this.#invite!.cseq!.seq);
    if (prack) this.context.request(prack, this.flow, { onResponse() {}, onTimeout() {} });
    const early = response.body.length > 0 && this.media.takeAnswer(response.body) === 200;
    this.state = early ? "early" : "ringing";
    this.listener.onRinging(this, early);
  }

  #success(response: SipResponse): void {
    if (!this.dialog || this.dialog.remoteTag !== response.to?.params.get("tag")) {
      if (this.dialog) this.context.dialogs.remove(this.dialog);
      this.dialog = Dialog.asUac(
        this.#invite!,
        response,
        this.flow,
        this.context.local(this.flow.protocol),
      );
      this.context.dialogs.add(this.dialog, this);
    }
    this.dialog.state = "confirmed";
    this.dialog.refreshTarget(response);
    // §13.2.2.4: the ACK of a 2xx; retransmitted 2xx get the same ACK again.
    this.#ack ??= this.dialog.createRequest("ACK", { cseq: this.#invite!.cseq!.seq });
    this.context.sendStateless(this.#ack, this.flow);
    if (this.state === "answered") return;
    if (this.#cancelWanted || this.state === "ended") {
      // Answered after we gave up on it (CANCEL crossed the 2xx, or another phone won).
      this.state = "answered";
      this.bye();
      return;
    }
    this.session.notePeer(response);
    if (response.body.length > 0 && this.media.takeAnswer(response.body) !== 200) {
      this.state = "answered";
      this.bye();
      this.listener.onFailed(this, 488, "Not Acceptable Here");
      return;
    }
    this.session.establish(acceptedSessionExpires(response));
    this.state = "answered";
    this.listener.onAnswered(this);
  }

  #failed(status: number, reason: string): void {
    if (this.state === "ended") return;
    this.ended();
    this.listener.onFailed(this, this.#cancelled ? 487 : status, reason);
  }

  /** §9.1: CANCEL copies the INVITE's Request-URI, top Via, From, To, Call-ID, CSeq number. */
  #sendCancel(): void {
    if (this.#cancelled || !this.#invite) return;
    this.#cancelled = true;
    const cancel = buildCancel(this.#invite);
    this.context.request(cancel, this.flow, { onResponse() {}, onTimeout() {} });
    // §9.1: no final answer within 64*T1 of the CANCEL: the INVITE is given up.
    this.#gaveUp = this.context.clock.setTimer(TIMEOUT_64T1_MS, () => {
      this.#transaction?.abandon();
      this.#failed(487, "Request Terminated");
    });
  }
}

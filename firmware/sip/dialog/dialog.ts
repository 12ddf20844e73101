// RFC 3261 §12 dialogs: the state two user agents share between an INVITE's answer and the
// BYE (Call-ID, local and remote tags, local and remote CSeq, remote target, route set), and
// the in-dialog requests built from it (§12.2.1.1). §12.1.1 builds it on the UAS side from the
// request and the tag the UAS put in its answer, §12.1.2 on the UAC side from the answer.

import { newBranch } from "../core/identifiers.ts";
import { SipHeaders } from "../message/headers.ts";
import { SipRequest, type SipResponse } from "../message/message.ts";
import { parseNameAddr } from "../message/name-addr.ts";
import type { Flow } from "../transport/transport.ts";

export type DialogState = "early" | "confirmed" | "terminated";

export interface DialogId {
  callId: string;
  localTag: string;
  remoteTag: string;
}

export interface DialogRequestOptions {
  body?: Uint8Array;
  contentType?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  /** CSeq to reuse (ACK and CANCEL take the INVITE's); a new one is drawn otherwise. */
  cseq?: number;
}

/** Where the box's requests come from: Via sent-by and Contact, per transport. */
export interface LocalContact {
  sentBy: string;
  contact: string;
}

export class Dialog {
  state: DialogState;
  readonly callId: string;
  readonly localTag: string;
  remoteTag: string;
  /** From of our requests: the local URI with our tag (§12.2.1.1). */
  readonly localUri: string;
  readonly remoteUri: string;
  remoteTarget: string;
  /** Route set in the order our requests carry it. */
  readonly routeSet: readonly string[];
  localSeq: number;
  /** undefined until the peer sends a request (§12.1.2: "empty"). */
  remoteSeq: number | undefined;
  /** The flow requests to the peer travel on (for phones behind NAT: where it sent from). */
  flow: Flow;
  readonly #local: LocalContact;

  private constructor(fields: {
    state: DialogState;
    callId: string;
    localTag: string;
    remoteTag: string;
    localUri: string;
    remoteUri: string;
    remoteTarget: string;
    routeSet: string[];
    localSeq: number;
    remoteSeq: number | undefined;
    flow: Flow;
    local: LocalContact;
  }) {
    this.state = fields.state;
    this.callId = fields.callId;
    this.localTag = fields.localTag;
    this.remoteTag = fields.remoteTag;
    this.localUri = fields.localUri;
    this.remoteUri = fields.remoteUri;
    this.remoteTarget = fields.remoteTarget;
    this.routeSet = fields.routeSet;
    this.localSeq = fields.localSeq;
    this.remoteSeq = fields.remoteSeq;
    this.flow = fields.flow;
    this.#local = fields.local;
  }

  /** §12.1.1: the UAS side, from the dialog-forming request and the tag of our answer. */
  static asUas(
    request: SipRequest,
    localTag: string,
    flow: Flow,
    local: LocalContact,
    state: DialogState = "early",
  ): Dialog {
    return new Dialog({
      state,
      callId: request.callId ?? "",
      localTag,
      remoteTag: request.from?.params.get("tag") ?? "",
      localUri: request.to?.uri ?? "",
      remoteUri: request.from?.uri ?? "",
      remoteTarget: contactUri(request.headers.get("contact")) ?? request.from?.uri ?? "",
      // "The route set MUST be set to the list of URIs in the Record-Route header field from
      // the request, taken in order" (§12.1.1).
      routeSet: request.headers.getAll("record-route"),
      // §12.1.1: the local sequence number MUST be empty; ours starts anywhere.
      localSeq: 1,
      remoteSeq: request.cseq?.seq,
      flow,
      local,
    });
  }

  /** §12.1.2: the UAC side, from our request and a response carrying a To tag. */
  static asUac(
    request: SipRequest,
    response: SipResponse,
    flow: Flow,
    local: LocalContact,
  ): Dialog {
    return new Dialog({
      state: response.status >= 200 ? "confirmed" : "early",
      callId: request.callId ?? "",
      localTag: request.from?.params.get("tag") ?? "",
      remoteTag: response.to?.params.get("tag") ?? "",
      localUri: request.from?.uri ?? "",
      remoteUri: request.to?.uri ?? "",
      remoteTarget: contactUri(response.headers.get("contact")) ?? request.uri,
      // "taken in reverse order" (§12.1.2).
      routeSet: response.headers.getAll("record-route").reverse(),
      localSeq: request.cseq?.seq ?? 1,
      remoteSeq: undefined,
      flow,
      local,
    });
  }

  get id(): DialogId {
    return { callId: this.callId, localTag: this.localTag, remoteTag: this.remoteTag };
  }

  /** Key matching an incoming in-dialog request: its Call-ID, To tag (ours), From tag. */
  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * §12.2.2: checks the CSeq of a request from the peer. false means "lower than before":
   * the request gets 500. ACK and CANCEL carry the INVITE's number and are not checked.
   */
  acceptRemoteSeq(request: SipRequest): boolean {
    const seq = request.cseq?.seq;
    if (seq === undefined) return false;
    if (request.method === "ACK" || request.method === "CANCEL") return true;
    if (this.remoteSeq !== undefined && seq <= this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /** §12.2.1.2 / §12.2.2: a target refresh (re-INVITE, UPDATE, their 2xx) moves the target. */
  refreshTarget(message: SipRequest | SipResponse): void {
    const target = contactUri(message.headers.get("contact"));
    if (target) this.remoteTarget = target;
  }

  /** §12.2.1.1: a request within the dialog. */
  createRequest(method: string, options: DialogRequestOptions = {}): SipRequest {
    let seq = options.cseq;
    if (seq === undefined) {
      this.localSeq += 1;
      seq = this.localSeq;
    }
    const headers = new SipHeaders()
      .add("via", `SIP/2.0/${this.flow.protocol} ${this.#local.sentBy};branch=${newBranch()};rport`)
      .add("max-forwards", "70");
    // §12.2.1.1: a loose-routing first route keeps the remote target as Request-URI; a strict
    // router (no ;lr) takes the Request-URI and the target goes last in Route.
    let uri = this.remoteTarget;
    const routes = [...this.routeSet];
    const first = routes[0] === undefined ? undefined : parseNameAddr(routes[0]);
    if (first && !/;lr\b/.test(first.uri)) {
      uri = first.uri;
      routes.shift();
      routes.push(`<${this.remoteTarget}>`);
    }
    for (const route of routes) headers.add("route", route);
    headers
      .add("from", `<${this.localUri}>;tag=${this.localTag}`)
      .add("to", `<${this.remoteUri}>${this.remoteTag ? `;tag=${this.remoteTag}` : ""}`)
      .add("call-id", this.callId)
      .add("cseq", `${seq} ${method}`);
    if (method !== "ACK" && method !== "CANCEL" && method !== "BYE")
      headers.add("contact", this.#local.contact);
    for (const [name, value] of options.headers ?? []) headers.add(name, value);
    if (options.contentType) headers.add("content-type", options.contentType);
    return new SipRequest(method, uri, headers, options.body);
  }
}

/** The map key of a dialog as seen from this side. */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return `${callId}|${localTag}|${remoteTag}`;
}

/** The key an incoming in-dialog request looks its dialog up by (To tag is ours). */
export function incomingDialogKey(request: SipRequest): string {
  return dialogKey(
    request.callId ?? "",
    request.to?.params.get("tag") ?? "",
    request.from?.params.get("tag") ?? "",
  );
}

function contactUri(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return parseNameAddr(value)?.uri;
}

// RFC 3261 §8.1.1: the headers every request the box originates carries; §9.1: its CANCELs.

import { SipHeaders } from "../message/headers.ts";
import { SipRequest } from "../message/message.ts";
import type { Protocol } from "../transport/transport.ts";
import { newBranch, newCallId, newTag } from "./identifiers.ts";

export interface OutgoingRequest {
  method: string;
  uri: string;
  /** To header value (name-addr). */
  to: string;
  /** From header value without tag; a tag is added. */
  from: string;
  fromTag?: string;
  callId?: string;
  cseq?: number;
  protocol: Protocol;
  /** Host and port the box is reached at, for Via and Contact. */
  sentBy: string;
  contact?: string;
  body?: Uint8Array;
  contentType?: string;
}

export function buildRequest(spec: OutgoingRequest): SipRequest {
  const headers = new SipHeaders()
    .add("via", `SIP/2.0/${spec.protocol} ${spec.sentBy};branch=${newBranch()};rport`)
    .add("max-forwards", "70")
    .add("to", spec.to)
    .add("from", `${spec.from};tag=${spec.fromTag ?? newTag()}`)
    .add("call-id", spec.callId ?? newCallId(spec.sentBy.replace(/:\d+$/, "")))
    .add("cseq", `${spec.cseq ?? 1} ${spec.method}`);
  if (spec.contact) headers.add("contact", spec.contact);
  if (spec.contentType) headers.add("content-type", spec.contentType);
  return new SipRequest(spec.method, spec.uri, headers, spec.body);
}

/**
 * RFC 3261 §9.1: the CANCEL of a client INVITE copies its Request-URI, top Via (the same
 * branch), Route, Max-Forwards, From, To and Call-ID, and its CSeq number with method CANCEL.
 */
export function buildCancel(invite: SipRequest): SipRequest {
  const headers = new SipHeaders();
  headers.add("via", invite.headers.getAll("via")[0]!);
  for (const name of ["route", "max-forwards", "from", "to", "call-id"])
    for (const value of invite.headers.getAll(name)) headers.add(name, value);
  headers.add("cseq", `${invite.cseq!.seq} CANCEL`);
  return new SipRequest("CANCEL", invite.uri, headers);
}

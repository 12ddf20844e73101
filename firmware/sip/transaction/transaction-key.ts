// RFC 3261 §17.2.3 (server) and §17.1.3 (client) transaction matching keys.

import type { SipRequest, SipResponse } from "../message/message.ts";
import { MAGIC_COOKIE } from "../message/via.ts";
import type { Flow } from "../transport/transport.ts";

/**
 * Key of the server transaction a request belongs to; ACK maps onto its INVITE. Beyond
 * §17.2.3 the key includes the packet's source: a retransmission always comes from where the
 * original did, and two hosts that happen to share a branch and sent-by (or one forging the
 * other's) never reach each other's transactions.
 */
export function serverKey(request: SipRequest, source: Flow): string {
  const via = request.via!;
  const from = `${source.address}:${source.port}`;
  const method = request.method === "ACK" ? "INVITE" : request.method;
  const branch = via.params.get("branch") ?? "";
  if (branch.startsWith(MAGIC_COOKIE) && branch.length > MAGIC_COOKIE.length) {
    return `${from}|${branch}|${via.host}:${via.port ?? ""}|${method}`;
  }
  // RFC 2543 fallback (§17.2.3): Request-URI, From tag, Call-ID, CSeq number, top Via.
  const fromTag = request.from?.params.get("tag") ?? "";
  return `${from}|2543|${request.uri}|${fromTag}|${request.callId}|${request.cseq!.seq}|${via.host}:${via.port ?? ""}|${method}`;
}

/** Key of the client transaction a response belongs to. */
export function clientKey(message: SipRequest | SipResponse): string {
  return `${message.via?.params.get("branch") ?? ""}|${message.cseq?.method ?? ""}`;
}

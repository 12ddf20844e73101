// RFC 3261 §22.2 (User-to-User: 401 with WWW-Authenticate, retried with Authorization) and
// §22.3 (Proxy-to-User: 407 with Proxy-Authenticate, retried with Proxy-Authorization), §8.1.3.5
// (the retry is a new request: same Call-ID, To, From and tag, CSeq one higher, a new branch).
// One helper for every request the box sends as a client: REGISTER to a provider and INVITE
// through a trunk answer their challenges the same way.

import type { DigestClient } from "../auth/digest-client.ts";
import { newBranch } from "../core/identifiers.ts";
import { SipRequest, type SipResponse } from "../message/message.ts";
import { formatVia } from "../message/via.ts";

export type ChallengeAnswer =
  | { ok: true; request: SipRequest }
  | { ok: false; error: "not-a-challenge" | "no-usable-challenge" | "malformed-request" };

/** The headers a challenge of this status comes in, and the header its answer goes in. */
export function challengeHeaders(
  status: number,
): { challenge: string; credentials: string } | undefined {
  if (status === 401) return { challenge: "www-authenticate", credentials: "authorization" };
  if (status === 407)
    return { challenge: "proxy-authenticate", credentials: "proxy-authorization" };
  return undefined;
}

/**
 * Builds the retry of `request` answering the 401/407 `response` with `digest`'s credentials.
 * Credentials from an earlier answer for the same header are replaced, others kept (a request
 * may have to satisfy a proxy and the final server).
 */
export function answerChallenge(
  request: SipRequest,
  response: SipResponse,
  digest: DigestClient,
): ChallengeAnswer {
  const names = challengeHeaders(response.status);
  if (names === undefined) return { ok: false, error: "not-a-challenge" };
  const via = request.via;
  const cseq = request.cseq;
  if (via === undefined || cseq === undefined) return { ok: false, error: "malformed-request" };
  const body = request.body.length > 0 ? Buffer.from(request.body).toString("latin1") : undefined;
  const answer = digest.respond(response.headers.getAll(names.challenge), {
    method: request.method,
    uri: request.uri,
    ...(body === undefined ? {} : { body }),
  });
  if (!answer.ok) return { ok: false, error: "no-usable-challenge" };
  return { ok: true, request: nextAttempt(request, [[names.credentials, answer.value]]) };
}

/**
 * A copy of `request` as the next request of the same series: a new branch on the top Via, the
 * CSeq one higher, `set` headers replacing any of the same name.
 */
export function nextAttempt(
  request: SipRequest,
  set: ReadonlyArray<readonly [string, string]> = [],
): SipRequest {
  const headers = request.headers.clone();
  const via = request.via;
  const cseq = request.cseq;
  if (via !== undefined) {
    const params = new Map(via.params);
    params.set("branch", newBranch());
    params.delete("received");
    if (params.has("rport")) params.set("rport", "");
    headers.removeFirstValue("via").addFirst("via", formatVia({ ...via, params }));
  }
  if (cseq !== undefined) headers.set("cseq", `${cseq.seq + 1} ${request.method}`);
  for (const [name, value] of set) headers.set(name, value);
  return new SipRequest(request.method, request.uri, headers, request.body);
}

// RFC 3261 §22.2 (UAS digest authentication) applied to calls and subscriptions: an INVITE
// (or a SUBSCRIBE, RFC 6665 §4.2.1.1, for the lamps) from an extension
// must prove the extension's password, as its REGISTER did (the registrar's authenticator,
// the same HA1 values). Wrong credentials count toward the address's ban, like bad
// REGISTERs do; the extension that authenticated must be the one in From. The credentials
// must be made for this request's Request-URI (a recorded Authorization must not place a call
// to another number), and challenges are sent once, statelessly: a source that never ACKs
// its 401 gets no retransmissions and leaves no transaction behind.

import type { EventBus } from "../events/event-bus.ts";
import type { ExtensionAuth } from "../extensions/extension-types.ts";
import type { BanList } from "../registrar/ban-list.ts";
import type { DigestAuthenticator, ExtensionLookup } from "../registrar/registrar.ts";
import type { Clock } from "../sip/clock.ts";
import type { IncomingRequest } from "../sip/core/sip-stack.ts";

export interface InviteAuthOptions {
  auth: DigestAuthenticator;
  directory: ExtensionLookup;
  bans: BanList;
  events: EventBus;
  clock: Clock;
}

/** The calling extension once authenticated; undefined when the request was answered. */
export function authenticateInvite(
  incoming: IncomingRequest,
  callerNumber: string,
  options: InviteAuthOptions,
): ExtensionAuth | undefined {
  const { auth, directory, bans, events, clock } = options;
  const authorization = incoming.request.headers.get("authorization");
  const challenge = (stale: boolean) =>
    incoming.respond(401, {
      headers: auth.challenge(stale).map((v) => ["www-authenticate", v] as const),
      stateless: true,
    });
  const penalize = (reason: string) => {
    const address = incoming.flow.address;
    if (bans.recordFailure(address)) {
      events.emit({ type: "ban", address, banned: true, reason, atMs: clock.now() });
    }
  };
  if (!authorization) {
    challenge(false);
    return undefined;
  }
  const request = { method: incoming.request.method, uri: incoming.request.uri };
  const verdict = auth.verify(authorization, request, (username) => {
    const entry = directory.lookup(username);
    return entry && { md5: entry.ha1Md5, sha256: entry.ha1Sha256 };
  });
  if (verdict.kind === "stale" || verdict.kind === "rechallenge") {
    challenge(verdict.kind === "stale");
    return undefined;
  }
  if (verdict.kind === "bad-request") {
    penalize("credentials for another request");
    incoming.respond(400, { reason: verdict.reason });
    return undefined;
  }
  const entry = directory.lookup(callerNumber);
  if (verdict.kind !== "ok" || verdict.username !== callerNumber || !entry) {
    penalize("failed SIP authentication");
    // The same answer as the registrar's: it must not tell which extensions exist.
    incoming.respond(403);
    return undefined;
  }
  bans.recordSuccess(incoming.flow.address);
  return entry;
}

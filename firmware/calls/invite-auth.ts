// RFC 3261 §22.2 (UAS digest authentication) applied to calls: an INVITE from an extension
// must prove the extension's password, as its REGISTER did (the registrar's authenticator,
// the same HA1 values). Wrong credentials count toward the address's ban, like bad
// REGISTERs do; the extension that authenticated must be the one in From.

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
    });
  if (!authorization) {
    challenge(false);
    return undefined;
  }
  const verdict = auth.verify(authorization, "INVITE", (username) => {
    const entry = directory.lookup(username);
    return entry && { md5: entry.ha1Md5, sha256: entry.ha1Sha256 };
  });
  if (verdict.kind === "stale" || verdict.kind === "rechallenge") {
    challenge(verdict.kind === "stale");
    return undefined;
  }
  const entry = directory.lookup(callerNumber);
  if (verdict.kind !== "ok" || verdict.username !== callerNumber || !entry) {
    const address = incoming.flow.address;
    if (bans.recordFailure(address)) {
      events.emit({
        type: "ban",
        address,
        banned: true,
        reason: "failed SIP authentication",
        atMs: clock.now(),
      });
    }
    incoming.respond(403, { reason: "Bad Credentials" });
    return undefined;
  }
  bans.recordSuccess(incoming.flow.address);
  return entry;
}

// SPEC ROUTE-1..3: what the call engine takes from the trunks and routes to place outbound
// calls: the outbound routes as its outbound provider (dial permission classes, toll fuse,
// caller ID) and the `trunk` channel kind (the trunk's channels, host and credentials). Trunk
// hosts given by name are looked up ahead (at start and when the admin saves a trunk), since
// a call is placed without waiting for DNS.

import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { ChannelOpener } from "../calls/call-engine.ts";
import type { OutboundProvider } from "../calls/routing/outbound-provider.ts";
import { routeOutbound } from "../calls/routing/route-outbound.ts";
import { trunkChannel } from "../calls/trunk-channel.ts";
import { DEFAULT_EMERGENCY_NUMBERS } from "../routes/emergency-numbers.ts";
import type { StartedTrunks } from "./start-trunks.ts";

/** A calling extension's dial permission class name and outbound caller ID. */
export interface OutboundCaller {
  dialPermission: string;
  outboundCallerId: string;
}

export interface OutboundCalls {
  outbound: OutboundProvider;
  channels: Record<string, ChannelOpener>;
  /** Follows the trunks' host names (call once the trunks are started). */
  start(trunks: StartedTrunks): void;
}

/**
 * The outbound provider and trunk channel over `trunks()` (asked at each call, so the engine
 * may be built before the trunks are started). `caller(number)`: an IP or analog extension.
 */
export function outboundCalls(
  trunks: () => StartedTrunks | undefined,
  caller: (number: string) => OutboundCaller | undefined,
): OutboundCalls {
  const addresses = new Map<string, string>();
  const learn = (host: string) => {
    const bare = host.replace(/^\[|\]$/g, "");
    if (bare === "" || isIP(bare) || addresses.has(bare)) return;
    lookup(bare).then(
      (found) => addresses.set(bare, found.address),
      () => {},
    );
  };
  const outbound = routeOutbound({
    routes: () => trunks()?.routing.outboundRoutes.list() ?? [],
    caller: (number) => {
      const started = trunks();
      const found = caller(number);
      if (!started || !found) return undefined;
      return {
        extension: number,
        permission: started.routing.dialPermissions.classFor(found.dialPermission),
        outboundCallerId: found.outboundCallerId,
      };
    },
    trunk: (id) => trunks()?.routing.trunks.get(id),
    emergencyNumbers: () =>
      trunks()?.routing.dialPermissions.emergencyNumbers() ?? DEFAULT_EMERGENCY_NUMBERS,
    fuse: {
      check: (extension, number) => trunks()?.fuse.check(extension, number) ?? { ok: true },
      record: (extension) => trunks()?.fuse.record(extension) ?? (() => {}),
    },
  });
  const trunk = trunkChannel({
    trunk: (id) => trunks()?.routing.trunks.get(id),
    credentials: (id) => trunks()?.routing.trunks.credentials(id),
    acquire: (id) => trunks()?.manager.acquire(id) ?? { ok: false, reason: "unknown-trunk" },
    resolve: (host) => {
      const bare = host.replace(/^\[|\]$/g, "");
      learn(bare);
      return addresses.get(bare);
    },
  });
  return {
    outbound,
    channels: { trunk },
    start(started) {
      for (const t of started.routing.trunks.list()) if (t.kind !== "analog") learn(t.host);
      started.routing.trunks.onChange((change) => {
        const saved = change.kind === "saved" ? started.routing.trunks.get(change.id) : undefined;
        if (saved && saved.kind !== "analog") {
          addresses.delete(saved.host);
          learn(saved.host);
        }
      });
    },
  };
}

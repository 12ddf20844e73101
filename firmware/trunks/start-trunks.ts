// The wiring of trunks and routes (SPEC ROUTE-1..4), called once by firmware/main.ts: the
// stores, the trunk manager (registrations, status, channels) and the toll-fraud fuse, and the
// facade the web API reads. The call engine's routing step takes `routing` from here.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import type { PbxDatabase } from "../db/open-database.ts";
import type { SettingsStore } from "../db/settings-store.ts";
import type { EventBus } from "../events/event-bus.ts";
import type { NumberHolder } from "../numbering/number-holder.ts";
import { DialPermissionService } from "../routes/dial-permission-service.ts";
import { InboundRouteService } from "../routes/inbound-route-service.ts";
import { IvrService, type PromptNames } from "../routes/ivr-service.ts";
import { OutboundRouteService } from "../routes/outbound-route-service.ts";
import { TimeConditionService } from "../routes/time-condition-service.ts";
import { TollFuse } from "../routes/toll-fuse.ts";
import type { Clock } from "../sip/clock.ts";
import type { Protocol } from "../sip/transport/transport.ts";
import type { RequestSender } from "../sip/usages/registration-client.ts";
import { TrunkManager } from "./trunk-manager.ts";
import { TrunkService } from "./trunk-service.ts";

export interface TrunkWiring {
  db: PbxDatabase;
  settings: SettingsStore;
  clock: Clock;
  stack: RequestSender;
  events: EventBus;
  sentBy(protocol: Protocol): string;
  prompts: PromptNames;
  fxoFree(port: number): boolean;
  /** Every number the box answers: a route may not take one of them. */
  numbering?: { holders(): Iterable<NumberHolder> };
  log: { warn(message: string, fields?: Record<string, unknown>): void };
}

export type StartedTrunks = ReturnType<typeof startTrunks>;

/** Opens the stores and returns what the API and calls use; `start()` starts registering. */
export function startTrunks(w: TrunkWiring) {
  const trunks = new TrunkService(w.db);
  const manager = new TrunkManager({
    clock: w.clock,
    stack: w.stack,
    trunks,
    events: w.events,
    sentBy: w.sentBy,
    resolve: async (host) => {
      const bare = host.replace(/^\[|\]$/g, "");
      if (isIP(bare)) return bare;
      try {
        return (await lookup(bare)).address;
      } catch {
        return undefined;
      }
    },
    fxoFree: w.fxoFree,
    log: w.log,
  });
  const dialPermissions = new DialPermissionService(w.db);
  const fuse = new TollFuse({
    now: () => w.clock.now(),
    limits: (extension) => dialPermissions.fuseLimits(extension),
    emergencyNumbers: () => dialPermissions.emergencyNumbers(),
    alarm: (event) => {
      w.events.emit(event);
      w.log.warn("toll-fraud fuse tripped", { extension: event.subject, message: event.message });
    },
  });
  const routing = {
    trunks,
    trunkStatus: manager.status.bind(manager),
    outboundRoutes: new OutboundRouteService(w.db, trunks, w.numbering),
    inboundRoutes: new InboundRouteService(w.db, trunks),
    ivrs: new IvrService(w.db, w.prompts),
    timeConditions: new TimeConditionService(w.db, () =>
      w.settings.get("system.timeZone", "Asia/Shanghai"),
    ),
    dialPermissions,
  };
  // Started by the caller once the SIP transports listen: a REGISTER sent before fails.
  return {
    manager,
    fuse,
    routing,
    start: () => manager.start(),
    stop: () => manager.stop(),
  };
}

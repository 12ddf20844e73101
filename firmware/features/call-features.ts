// The wiring of call forwarding, DND and the blacklist (SPEC CALL-2, CALL-11, CALL-14) for
// main.ts: the stores, the routing hook, the feature-code handlers and the inbound screen,
// given the database, the event bus (who is in a call) and the settings.
import type { FeatureHandler } from "../calls/apps/feature-handler.ts";
import type { RoutingHook } from "../calls/routing/routing-hooks.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { EventBus } from "../events/event-bus.ts";
import { BlacklistStore } from "./blacklist-store.ts";
import { callFeatureHandlers } from "./call-feature-handlers.ts";
import { forwardingHook } from "./forwarding-hook.ts";
import { ForwardingStore } from "./forwarding-store.ts";
import { OutsideCallers } from "./outside-callers.ts";

/** Setting: an outside forwarding target sees the original caller's number (透传主叫号码). */
export const PASS_CALLER_ID_KEY = "forwarding.passCallerId";

export interface CallFeaturesWiring {
  db: PbxDatabase;
  events: Pick<EventBus, "on">;
  settings: { get<T>(key: string, fallback: T): T; set(key: string, value: unknown): void };
  /** A number the box answers itself (an extension or department): never blacklisted. */
  isInternal(number: string): boolean;
  /** An IP or analog extension: feature codes act only for these. */
  isExtension(number: string): boolean;
  now(): number;
  log(message: string, fields: Record<string, unknown>): void;
}

export interface CallFeatures {
  forwards: ForwardingStore;
  blacklist: BlacklistStore;
  hooks: RoutingHook[];
  /** Handlers by feature id for `startCalls`'s `features`. */
  features: Record<string, FeatureHandler>;
  screen: OutsideCallers;
  passCallerId: { get(): boolean; set(on: boolean): void };
}

export function startCallFeatures(w: CallFeaturesWiring): CallFeatures {
  const forwards = new ForwardingStore(w.db);
  const blacklist = new BlacklistStore(w.db, w.isInternal);
  const inCall = new Set<string>();
  w.events.on("extension-state", (e) => {
    if (e.state === "busy") inCall.add(e.extension);
    else inCall.delete(e.extension);
  });
  const screen = new OutsideCallers({ blacklisted: (n) => blacklist.has(n) });
  const hook = forwardingHook({
    active: (extension, type) => forwards.active(extension, type),
    dnd: (extension) => forwards.dnd(extension),
    inCall: (extension) => inCall.has(extension),
    passCallerId: () => w.settings.get<boolean>(PASS_CALLER_ID_KEY, false),
  });
  return {
    forwards,
    blacklist,
    hooks: [hook],
    screen,
    passCallerId: {
      get: () => w.settings.get<boolean>(PASS_CALLER_ID_KEY, false),
      set: (on) => w.settings.set(PASS_CALLER_ID_KEY, on),
    },
    features: callFeatureHandlers({
      forwards,
      blacklist,
      lastOutsideCaller: (extension) => screen.last(extension),
      isExtension: w.isExtension,
      now: w.now,
      log: w.log,
    }),
  };
}

// The wiring of call forwarding, DND and the blacklist (SPEC CALL-2, CALL-11, CALL-14) for
// main.ts: the stores, the routing hook, the feature-code handlers and the inbound screen,
// given the database, the event bus (who is in a call) and the settings.
import type { FeatureHandler } from "../calls/apps/feature-handler.ts";
import type { ApplicationOpener } from "../calls/call-engine.ts";
import type { CallParty } from "../calls/leg.ts";
import type { RoutingHook } from "../calls/routing/routing-hooks.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { EventBus } from "../events/event-bus.ts";
import { BlacklistStore } from "./blacklist-store.ts";
import { callFeatureHandlers } from "./call-feature-handlers.ts";
import { FORWARD_NOTICE_APP, FORWARD_NOTICE_PROMPT, ForwardNotices } from "./forward-notices.ts";
import { forwardingHook } from "./forwarding-hook.ts";
import { ForwardingStore } from "./forwarding-store.ts";
import { OutsideCallers } from "./outside-callers.ts";

/** Setting: an outside forwarding target sees the original caller's number (透传主叫号码). */
export const PASS_CALLER_ID_KEY = "forwarding.passCallerId";
/** Setting: the caller hears "正在为您转接，请稍候" before it is forwarded (转移前通知主叫). */
export const ANNOUNCE_KEY = "forwarding.announce";

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
  /** A built-in prompt's audio in `caller`'s language (the forwarding notice). */
  clip(caller: CallParty, name: string): Int16Array | undefined;
}

/** A box-wide on/off option kept in the settings. */
export interface SwitchSetting {
  get(): boolean;
  set(on: boolean): void;
}

export interface CallFeatures {
  forwards: ForwardingStore;
  blacklist: BlacklistStore;
  hooks: RoutingHook[];
  /** Handlers by feature id for `startCalls`'s `features`. */
  features: Record<string, FeatureHandler>;
  screen: OutsideCallers;
  passCallerId: SwitchSetting;
  announce: SwitchSetting;
  /** The engine's applications: the forwarding notice. */
  applications: Record<string, ApplicationOpener>;
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
  const setting = (key: string): SwitchSetting => ({
    get: () => w.settings.get<boolean>(key, false),
    set: (on) => w.settings.set(key, on),
  });
  const passCallerId = setting(PASS_CALLER_ID_KEY);
  const announce = setting(ANNOUNCE_KEY);
  const notices = new ForwardNotices();
  const hook = forwardingHook({
    active: (extension, type) => forwards.active(extension, type),
    dnd: (extension) => forwards.dnd(extension),
    inCall: (extension) => inCall.has(extension),
    passCallerId: passCallerId.get,
    announce: announce.get,
    notices,
  });
  return {
    forwards,
    blacklist,
    hooks: [hook],
    screen,
    passCallerId,
    announce,
    applications: {
      [FORWARD_NOTICE_APP]: notices.opener((caller) => {
        const clip = w.clip(caller, FORWARD_NOTICE_PROMPT);
        return clip ? [clip] : [];
      }),
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

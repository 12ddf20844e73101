// SPEC CALL-4 wake-up calls, wired for main.ts: the bookings (database), the scheduler on the
// box's clock, the feature codes *55# (menu), *55*MMDDHHMM (book) and *055# (cancel all) with
// the manual's prompts, and the ring itself: the box calls the extension with a `WakeupLeg`.
import type { SayLanguage } from "../../media/say/say.ts";
import { sayNumber } from "../../media/say/say.ts";
import type { FeatureHandler, FeatureReply } from "../calls/apps/feature-handler.ts";
import { WakeupLeg } from "../calls/apps/wakeup-leg.ts";
import type { CallingLeg } from "../calls/leg.ts";
import type { PbxDatabase } from "../db/open-database.ts";
import type { Clock } from "../sip/clock.ts";
import { WAKEUP_SNOOZE_MINUTES, WakeupScheduler } from "./wakeup-scheduler.ts";
import { type WakeupCall, WakeupStore } from "./wakeup-store.ts";
import { bookingTime, sayWakeupTime } from "./wakeup-time.ts";

/** Settings read at each use (documented in this folder's README). */
export const WAKEUP_SETTINGS = {
  snoozeMinutes: "wakeup.snoozeMinutes",
  retryGapS: "wakeup.retryGapS",
  ringTimeS: "wakeup.ringTimeS",
} as const;
/** How long a wake-up call rings: shorter than the minute before the next try. */
export const WAKEUP_RING_TIME_S = 30;

export interface WakeupWiring {
  db: PbxDatabase;
  clock: Clock;
  settings: { get<T>(key: string, fallback: T): T };
  /** The box's time zone (system.timeZone). */
  timeZone(): string;
  /** An IP or analog extension: the codes act only for these. */
  isExtension(number: string): boolean;
  /** The extension's prompt language. */
  language(number: string): SayLanguage;
  /** A built-in prompt's audio. */
  clip(lang: SayLanguage, name: string): Int16Array | undefined;
  log(message: string, fields: Record<string, unknown>): void;
}

/** What places the wake-up call: the engine's `callFromBox`. */
export type BoxCaller = (
  number: string,
  calling: CallingLeg,
  ringTimeMs: number,
) => Promise<{ ok: true } | { ok: false; error: string }>;

export interface WakeupCalls {
  store: WakeupStore;
  scheduler: WakeupScheduler;
  /** Handlers by feature id for `startCalls`'s `features`. */
  features: Record<string, FeatureHandler>;
  /** Starts ringing bookings through `call` (the engine exists after the features). */
  start(call: BoxCaller): void;
}

export function startWakeupCalls(w: WakeupWiring): WakeupCalls {
  const store = new WakeupStore(w.db, () => w.clock.now());
  const snoozeMinutes = () =>
    w.settings.get<number>(WAKEUP_SETTINGS.snoozeMinutes, WAKEUP_SNOOZE_MINUTES);
  let caller: BoxCaller | undefined;
  const scheduler = new WakeupScheduler({
    clock: w.clock,
    store,
    snoozeMinutes,
    retryGapMs: () => w.settings.get<number>(WAKEUP_SETTINGS.retryGapS, 60) * 1000,
    log: w.log,
    ring: async (call) => {
      if (!caller) return "unanswered";
      const lang = w.language(call.extension);
      const clips = (names: readonly string[]) => names.flatMap((name) => w.clip(lang, name) ?? []);
      const leg = new WakeupLeg(`wakeup-${call.id}-${w.clock.now()}`, {
        clock: w.clock,
        prompt: clips([
          "wakeup/this-is-your-call",
          "wakeup/press-1-confirm",
          "wakeup/press-2-snooze",
        ]),
        confirmed: clips(["goodbye"]),
        snoozed: clips([
          "wakeup/call-again-in",
          ...sayNumber(snoozeMinutes(), lang),
          "time/minute",
        ]),
      });
      const ringMs = w.settings.get<number>(WAKEUP_SETTINGS.ringTimeS, WAKEUP_RING_TIME_S) * 1000;
      const placed = await caller(call.extension, leg, ringMs);
      if (!placed.ok) {
        w.log("wake-up call could not ring", {
          id: call.id,
          extension: call.extension,
          error: placed.error,
        });
        return "unanswered";
      }
      return leg.outcome;
    },
  });
  const features = wakeupFeatures(w, store, () => scheduler.changed());
  return {
    store,
    scheduler,
    features,
    start(call) {
      caller = call;
      scheduler.start();
    },
  };
}

/** The handlers of the wakeup-* feature ids. */
function wakeupFeatures(
  w: WakeupWiring,
  store: WakeupStore,
  changed: () => void,
): Record<string, FeatureHandler> {
  const failed: FeatureReply = { say: ["feature/failed"] };
  const book = (extension: string, digits: string): FeatureReply => {
    const zone = w.timeZone();
    const time = bookingTime(digits, w.clock.now(), zone);
    if (!time.ok)
      return time.error === "past" ? { say: ["wakeup/time-passed"] } : { say: ["invalid"] };
    const added = store.add(extension, time.atMs, extension);
    if (!added.ok) return { say: ["wakeup/time-passed"] };
    changed();
    w.log("wake-up call booked", { extension, atMs: time.atMs, by: "feature code" });
    return { say: ["wakeup/booked-for", ...sayWakeupTime(time.atMs, zone, w.language(extension))] };
  };
  const list = (extension: string): FeatureReply => {
    const calls = store.list({ extension });
    if (calls.length === 0) return { say: ["info/not-available"] };
    const lang = w.language(extension);
    return {
      say: [
        "wakeup/booked-for",
        ...calls.flatMap((c) => sayWakeupTime(c.atMs, w.timeZone(), lang)),
      ],
    };
  };
  const cancelAll = (extension: string): FeatureReply => {
    const n = store.cancelAll(extension);
    changed();
    if (n > 0) w.log("wake-up calls cancelled", { extension, count: n, by: "feature code" });
    return { say: ["wakeup/cancelled"] };
  };
  return {
    "wakeup-schedule": (caller, argument) =>
      w.isExtension(caller.number) ? book(caller.number, argument) : failed,
    "wakeup-cancel-all": (caller) =>
      w.isExtension(caller.number) ? cancelAll(caller.number) : failed,
    "wakeup-menu": (caller) => {
      if (!w.isExtension(caller.number)) return failed;
      return {
        say: ["wakeup/menu"],
        ask: (digits) => {
          if (digits.startsWith("1") && digits.length === 9)
            return book(caller.number, digits.slice(1));
          if (digits === "2") return list(caller.number);
          if (digits === "3") return cancelAll(caller.number);
          return { say: ["invalid"] };
        },
      };
    },
  };
}

export type { WakeupCall };

// SPEC ROUTE-3: a toll-fraud fuse per extension. A stolen extension password is used to call
// premium and international numbers as fast as possible; the fuse caps outbound calls at the
// same time and per hour, and can bar international calls, and raises an alarm on the event bus
// when it trips so the admin hears of it at once. Emergency calls are never refused.

import type { AlarmEvent } from "../events/event-bus.ts";
import { levelOf } from "./dial-permission.ts";
import { DEFAULT_EMERGENCY_NUMBERS } from "./emergency-numbers.ts";

export interface FuseLimits {
  /** 0: no limit. */
  maxConcurrent: number;
  /** 0: no limit; counted over the last 60 minutes. */
  maxPerHour: number;
  international: boolean;
}

export const NO_LIMITS: FuseLimits = { maxConcurrent: 0, maxPerHour: 0, international: true };

export type FuseVerdict =
  | { ok: true }
  | { ok: false; reason: "too-many-concurrent" | "too-many-per-hour" | "international-barred" };

export interface TollFuseOptions {
  now(): number;
  limits(extension: string): FuseLimits;
  alarm(event: AlarmEvent): void;
  /** The admin's emergency numbers (never refused); the default list when absent. */
  emergencyNumbers?(): readonly string[];
}

const HOUR_MS = 3_600_000;

/** Counts each extension's outbound calls; `check` before placing one, `record` when placed. */
export class TollFuse {
  readonly #o: TollFuseOptions;
  readonly #active = new Map<string, number>();
  readonly #placed = new Map<string, number[]>();

  constructor(options: TollFuseOptions) {
    this.#o = options;
  }

  /** May `extension` place an outbound call to `number` now? A refusal raises an alarm. */
  check(extension: string, number: string): FuseVerdict {
    const emergency = this.#o.emergencyNumbers?.() ?? DEFAULT_EMERGENCY_NUMBERS;
    if (emergency.includes(number)) return { ok: true };
    const limits = this.#o.limits(extension);
    const verdict = this.#verdict(extension, number, limits);
    if (!verdict.ok)
      this.#o.alarm({
        type: "alarm",
        kind: "toll-fuse",
        subject: extension,
        message: `outbound call to ${number} refused: ${verdict.reason}`,
        atMs: this.#o.now(),
      });
    return verdict;
  }

  /** Counts a placed call; the returned function is called once when it ends. */
  record(extension: string): () => void {
    this.#active.set(extension, (this.#active.get(extension) ?? 0) + 1);
    const times = this.#recent(extension);
    times.push(this.#o.now());
    this.#placed.set(extension, times);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#active.get(extension) ?? 1) - 1;
      if (left > 0) this.#active.set(extension, left);
      else this.#active.delete(extension);
    };
  }

  /** Outbound calls of `extension` in progress. */
  active(extension: string): number {
    return this.#active.get(extension) ?? 0;
  }

  #verdict(extension: string, number: string, limits: FuseLimits): FuseVerdict {
    if (!limits.international && levelOf(number) === "international")
      return { ok: false, reason: "international-barred" };
    if (limits.maxConcurrent > 0 && this.active(extension) >= limits.maxConcurrent)
      return { ok: false, reason: "too-many-concurrent" };
    if (limits.maxPerHour > 0 && this.#recent(extension).length >= limits.maxPerHour)
      return { ok: false, reason: "too-many-per-hour" };
    return { ok: true };
  }

  #recent(extension: string): number[] {
    const since = this.#o.now() - HOUR_MS;
    const times = (this.#placed.get(extension) ?? []).filter((t) => t > since);
    if (times.length === 0) this.#placed.delete(extension);
    else this.#placed.set(extension, times);
    return times;
  }
}

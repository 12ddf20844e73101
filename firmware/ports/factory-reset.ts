// Factory reset (SPEC DEV-2 "reset button: long press = factory reset", DEV-7). The manuals say
// nothing about confirming it, so: holding the reset button 6 s marks a reset as pending (the
// power LED blinks fast); it is carried out when confirmed, either by an admin through
// POST /api/v1/system/factory-reset, or on a box nobody is logged in to, by a second long press
// within 30 s of the first. A pending reset nobody confirms lapses after 10 minutes. Carrying it
// out wipes the data directory (database, certificate, recordings, prompts) and exits with
// EXIT_RESTART so the init system starts the firmware again on factory defaults.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../lines/clock.ts";

/** Exit status after a factory reset: EX_TEMPFAIL (sysexits.h), "run me again". */
export const EXIT_RESTART = 75;
export const SECOND_PRESS_WINDOW_MS = 30_000;
export const PENDING_LAPSE_MS = 10 * 60_000;

export interface FactoryResetStatus {
  pending: boolean;
  /** When the button was held (ms since the epoch). */
  requestedAtMs: number | null;
  /** Until when a second long press confirms. */
  secondPressUntilMs: number | null;
  expiresAtMs: number | null;
}

export interface FactoryResetOptions {
  readonly clock: Clock;
  /** Wipes and restarts; called once. */
  readonly perform: (source: "api" | "button") => void;
  readonly onPendingChange?: (pending: boolean) => void;
}

export class FactoryReset {
  private requestedAtMs: number | null = null;
  private lapse: { cancel(): void } | null = null;
  private done = false;

  constructor(private readonly o: FactoryResetOptions) {}

  /** The reset button was held for the long-press time. */
  longPress(): void {
    const now = this.o.clock.now();
    if (this.requestedAtMs !== null && now - this.requestedAtMs <= SECOND_PRESS_WINDOW_MS) {
      this.carryOut("button");
      return;
    }
    this.requestedAtMs = Math.round(now);
    this.lapse?.cancel();
    this.lapse = this.o.clock.setTimer(PENDING_LAPSE_MS, () => this.cancel());
    this.o.onPendingChange?.(true);
  }

  status(): FactoryResetStatus {
    const at = this.requestedAtMs;
    return {
      pending: at !== null,
      requestedAtMs: at,
      secondPressUntilMs: at === null ? null : at + SECOND_PRESS_WINDOW_MS,
      expiresAtMs: at === null ? null : at + PENDING_LAPSE_MS,
    };
  }

  /** An admin confirmed through the API. */
  confirm(): void {
    this.carryOut("api");
  }

  /** Withdraws a pending reset; true when one was pending. */
  cancel(): boolean {
    if (this.requestedAtMs === null) return false;
    this.requestedAtMs = null;
    this.lapse?.cancel();
    this.lapse = null;
    this.o.onPendingChange?.(false);
    return true;
  }

  private carryOut(source: "api" | "button"): void {
    if (this.done) return;
    this.done = true;
    this.lapse?.cancel();
    this.o.perform(source);
  }
}

/** Removes everything inside `dir` (not `dir` itself, which may be a mount point). */
export function wipeDataDirectory(dir: string): void {
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
}

// SPEC CALL-4 and the operator's manual (叫醒服务): at a booked time the box calls the
// extension; the answerer confirms (1) or snoozes (2, the snooze minutes); a ring nobody
// answers is tried again the next minute, twice, then the booking counts as done and is logged
// as unanswered. Driven by a Clock (no timer of its own), reading the bookings from the
// database each time, so a restart or an edit in the web UI is seen at the next check.
import type { Clock, Timer } from "../sip/clock.ts";
import type { WakeupCall, WakeupStore } from "./wakeup-store.ts";

/** How a wake-up ring ended. */
export type WakeupOutcome =
  /** Answered and 1 pressed. */
  | "confirmed"
  /** Answered and 2 pressed: ring again after the snooze minutes. */
  | "snoozed"
  /** Answered, no key: the user heard it (counted as done). */
  | "answered"
  /** Not answered, or the extension could not be rung (not registered, busy). */
  | "unanswered";

/** Manual: unanswered, "如此重复两次": two more rings. */
export const WAKEUP_RETRIES = 2;
/** Manual: "在下一分钟再次收到系统来电". */
export const WAKEUP_RETRY_GAP_MS = 60_000;
/** Manual: "选择贪睡时间，如 5分钟". */
export const WAKEUP_SNOOZE_MINUTES = 5;
/** Longest wait between checks: a changed wall clock or a missed timer is noticed this soon. */
const CHECK_EVERY_MS = 60_000;

export interface WakeupSchedulerOptions {
  clock: Clock;
  store: WakeupStore;
  /** Rings `extension` with the wake-up prompt; resolves how it ended. */
  ring(call: WakeupCall): Promise<WakeupOutcome>;
  /** Minutes a snooze lasts (setting wakeup.snoozeMinutes). */
  snoozeMinutes?(): number;
  /** The gap before an unanswered ring is tried again (setting wakeup.retryGapS). */
  retryGapMs?(): number;
  log(message: string, fields: Record<string, unknown>): void;
}

export class WakeupScheduler {
  readonly #o: WakeupSchedulerOptions;
  /** Bookings ringing now: not rung twice at once. */
  readonly #ringing = new Set<number>();
  #timer: Timer | undefined;
  #stopped = true;

  constructor(options: WakeupSchedulerOptions) {
    this.#o = options;
  }

  /** Starts checking: bookings due while the box was off ring at once. */
  start(): void {
    this.#stopped = false;
    this.changed();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
  }

  /** The bookings changed (booked, edited, cancelled): ring what is due, re-arm. */
  changed(): void {
    if (this.#stopped) return;
    this.#timer?.cancel();
    const now = this.#o.clock.now();
    for (const call of this.#o.store.due(now)) this.#ring(call, now);
    // A booking ringing now is still scheduled: the next one is among the others.
    const next = this.#o.store
      .list()
      .filter((c) => !this.#ringing.has(c.id))
      .reduce<number | undefined>(
        (min, c) => (min === undefined || c.nextMs < min ? c.nextMs : min),
        undefined,
      );
    const wait = next === undefined ? CHECK_EVERY_MS : Math.min(CHECK_EVERY_MS, next - now);
    this.#timer = this.#o.clock.setTimer(Math.max(wait, 0), () => this.changed());
  }

  /** Bookings ringing now (their ids). */
  get ringing(): ReadonlySet<number> {
    return this.#ringing;
  }

  #ring(call: WakeupCall, startedMs: number): void {
    if (this.#ringing.has(call.id)) return;
    this.#ringing.add(call.id);
    const done = (outcome: WakeupOutcome) => {
      this.#ringing.delete(call.id);
      // Cancelled or deleted while ringing: nothing more to do.
      const now = this.#o.store.get(call.id);
      if (now?.status !== "scheduled" || now.nextMs !== call.nextMs) {
        this.changed();
        return;
      }
      this.#after(now, outcome, startedMs);
      this.changed();
    };
    this.#o.ring(call).then(done, (error: unknown) => {
      this.#o.log("wake-up call failed", { id: call.id, error: String(error) });
      done("unanswered");
    });
  }

  #after(call: WakeupCall, outcome: WakeupOutcome, startedMs: number): void {
    const { store, log } = this.#o;
    const fields = { id: call.id, extension: call.extension, outcome };
    switch (outcome) {
      case "confirmed":
      case "answered":
        store.record(call.id, { status: "confirmed", missed: 0 });
        log("wake-up call answered", fields);
        return;
      case "snoozed": {
        const minutes = this.#o.snoozeMinutes?.() ?? WAKEUP_SNOOZE_MINUTES;
        store.record(call.id, { nextMs: this.#o.clock.now() + minutes * 60_000, missed: 0 });
        log("wake-up call snoozed", { ...fields, minutes });
        return;
      }
      case "unanswered": {
        const missed = call.missed + 1;
        if (missed > WAKEUP_RETRIES) {
          store.record(call.id, { status: "unanswered", missed });
          log("wake-up call not answered, given up", { ...fields, rings: missed });
          return;
        }
        const gap = this.#o.retryGapMs?.() ?? WAKEUP_RETRY_GAP_MS;
        // "The next minute": a minute after this ring began, not after it stopped ringing.
        const nextMs = Math.max(startedMs + gap, this.#o.clock.now());
        store.record(call.id, { nextMs, missed });
        log("wake-up call not answered, ringing again", { ...fields, rings: missed, nextMs });
        return;
      }
    }
  }
}

// A clock driven by hand for tests (STYLE 2): `advance(ms)` fires every timer that falls due, in
// time order, with now() set to each timer's due time.
import type { Clock } from "./clock.ts";

interface PendingTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

export class ManualClock implements Clock {
  private nowMs: number;
  private nextId = 1;
  private timers: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimeout(callback: () => void, delayMs: number): unknown {
    const timer = { id: this.nextId++, dueMs: this.nowMs + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Number of timers still pending. */
  pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order (timers set meanwhile included). */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (;;) {
      const next = this.earliestDue(target);
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowMs = next.dueMs;
      next.callback();
    }
    this.nowMs = target;
  }

  /**
   * Like advance, but lets promise continuations run between timers, for code that awaits
   * clock-based sleeps (driver start-up sequences).
   */
  async advanceAsync(ms: number, stepMs = 10): Promise<void> {
    const target = this.nowMs + ms;
    while (this.nowMs < target) {
      this.advance(Math.min(stepMs, target - this.nowMs));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
  }

  private earliestDue(limitMs: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.timers) {
      if (t.dueMs > limitMs) continue;
      if (!best || t.dueMs < best.dueMs || (t.dueMs === best.dueMs && t.id < best.id)) best = t;
    }
    return best;
  }
}

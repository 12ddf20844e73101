// A clock that moves only when a test says so: `advance(32_000)` fires every timer due by
// then, in time order, so a 32-second SIP timer test takes a millisecond.

interface Pending {
  dueMs: number;
  order: number;
  fire: () => void;
  cancelled: boolean;
}

export class ManualClock {
  #nowMs: number;
  #order = 0;
  #pending: Pending[] = [];

  constructor(startMs = 1_000_000) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimer(delayMs: number, fire: () => void): { cancel(): void } {
    const entry: Pending = {
      dueMs: this.#nowMs + Math.max(0, delayMs),
      order: this.#order++,
      fire,
      cancelled: false,
    };
    this.#pending.push(entry);
    return {
      cancel: () => {
        entry.cancelled = true;
      },
    };
  }

  /** Timers not yet fired nor cancelled. */
  get pendingCount(): number {
    return this.#pending.filter((p) => !p.cancelled).length;
  }

  advance(deltaMs: number): void {
    const target = this.#nowMs + deltaMs;
    for (;;) {
      const next = this.#pending
        .filter((p) => !p.cancelled && p.dueMs <= target)
        .sort((a, b) => a.dueMs - b.dueMs || a.order - b.order)[0];
      if (!next) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#nowMs = next.dueMs;
      next.fire();
    }
    this.#pending = this.#pending.filter((p) => !p.cancelled);
    this.#nowMs = target;
  }
}

// Expiry of many timers that all share one duration (Timer J, K, I, D...). Entries expire in
// the order they were added, so a FIFO with one clock timer at its head replaces a timer per
// transaction: at thousands of REGISTERs per second that is the difference between O(1) and a
// heap of hundreds of thousands of pending timers.

import type { Clock, Timer } from "../clock.ts";

export interface QueuedExpiry {
  /** The entry will not fire, and lets go of its callback (and what that holds) at once. */
  cancel(): void;
}

class Entry implements QueuedExpiry {
  readonly dueMs: number;
  fire: (() => void) | undefined;

  constructor(dueMs: number, fire: () => void) {
    this.dueMs = dueMs;
    this.fire = fire;
  }

  cancel(): void {
    this.fire = undefined;
  }
}

export class FixedDelayQueue {
  readonly #clock: Clock;
  readonly #delayMs: number;
  #entries: Entry[] = [];
  #head = 0;
  #timer: Timer | undefined;

  constructor(clock: Clock, delayMs: number) {
    this.#clock = clock;
    this.#delayMs = delayMs;
  }

  get size(): number {
    return this.#entries.length - this.#head;
  }

  /** Calls `fire` after the queue's delay unless the returned handle is cancelled first. */
  add(fire: () => void): QueuedExpiry {
    const entry = new Entry(this.#clock.now() + this.#delayMs, fire);
    this.#entries.push(entry);
    this.#timer ??= this.#clock.setTimer(this.#delayMs, () => this.#expire());
    return entry;
  }

  /** Stops the queue's timer; pending entries never fire. */
  clear(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#entries = [];
    this.#head = 0;
  }

  #expire(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    while (this.#head < this.#entries.length) {
      const entry = this.#entries[this.#head]!;
      if (entry.dueMs > now) break;
      this.#head++;
      entry.fire?.();
    }
    // Compact once the consumed prefix dominates, keeping add() O(1) amortised.
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
    const next = this.#entries[this.#head];
    if (next)
      this.#timer = this.#clock.setTimer(Math.max(0, next.dueMs - now), () => this.#expire());
  }
}

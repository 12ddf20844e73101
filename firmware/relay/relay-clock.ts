// The time source the relay reads (DESIGN.md "Time is an input"): the main thread gets the
// box's clock from main.ts (or a manual clock in tests); a relay worker uses the real clock.

/** Milliseconds and one-shot timers. */
export interface RelayClock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
}

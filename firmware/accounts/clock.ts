// The time source sessions expire by; main.ts passes the real one, tests a manual one.

/** Wall-clock milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The host's clock. */
export const systemClock: Clock = { now: () => Date.now() };

// The time source extension records are stamped with; main.ts passes the real one, tests a fixed one.

/** Wall-clock milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The host's clock. */
export const systemClock: Clock = { now: () => Date.now() };

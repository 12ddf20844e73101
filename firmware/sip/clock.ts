// Time as an input (STYLE.md 2): the stack reads time and sets timers only through this.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds on a monotonic scale. */
  now(): number;
  setTimer(delayMs: number, fire: () => void): Timer;
}

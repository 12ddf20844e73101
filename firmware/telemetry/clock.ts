// The time source telemetry takes (STYLE: no direct timers), satisfied by the system clock.

export interface Clock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
}

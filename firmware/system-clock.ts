// The real clock, given to every module that takes a Clock (only main.ts creates it). Its time
// is the process's monotonic clock from its start, stepped by the time service when the RTC
// or NTP knows better (firmware/time), so a step moves every reader at once and timers already
// set keep their delays.

export interface SystemClock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
  /** Moves the wall time by `deltaMs`. */
  step(deltaMs: number): void;
}

let stepMs = 0;

export const systemClock: SystemClock = {
  now: () => performance.timeOrigin + performance.now() + stepMs,
  setTimer(delayMs, fire) {
    const handle = setTimeout(fire, delayMs);
    // Protocol timers (Timer L after a 2xx, 32 s) must not keep a stopping program alive:
    // the servers and sockets are what keep it running.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
  step(deltaMs) {
    stepMs += deltaMs;
  },
};

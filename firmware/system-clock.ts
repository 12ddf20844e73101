// The real clock, given to every module that takes a Clock (only main.ts creates it).

export interface SystemClock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
}

export const systemClock: SystemClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer(delayMs, fire) {
    const handle = setTimeout(fire, delayMs);
    // Protocol timers (Timer L after a 2xx, 32 s) must not keep a stopping program alive:
    // the servers and sockets are what keep it running.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

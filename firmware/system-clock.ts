// The real clock, given to every module that takes a Clock (only main.ts creates it).

export interface SystemClock {
  now(): number;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
}

export const systemClock: SystemClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimer(delayMs, fire) {
    const handle = setTimeout(fire, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

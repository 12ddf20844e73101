// Time as an input (STYLE 2): the analog lines take this Clock; main.ts passes the system clock,
// tests a manual one. Same shape as firmware/system-clock.ts.

export interface Clock {
  /** Milliseconds (wall clock on the box, any origin in tests). */
  now(): number;
  setTimer(delayMs: number, fire: () => void): { cancel(): void };
}

/**
 * Calls `tick` every `periodMs`, scheduled against the start time so a slow timer does not make
 * the audio drift (20 ms frames must average 50 per second). Returns the stop function.
 */
export function every(clock: Clock, periodMs: number, tick: () => void): () => void {
  const startMs = clock.now();
  let n = 0;
  let running = true;
  let timer: { cancel(): void } | null = null;
  const arm = (): void => {
    n++;
    const delayMs = Math.max(0, startMs + n * periodMs - clock.now());
    timer = clock.setTimer(delayMs, () => {
      if (!running) return;
      tick();
      if (running) arm();
    });
  };
  arm();
  return () => {
    running = false;
    timer?.cancel();
  };
}

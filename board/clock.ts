// Time as an input (STYLE 2): board drivers never read the wall clock or call global timers;
// the composition root passes a real clock, tests pass a ManualClock.

/** Milliseconds and one-shot timers. */
export interface Clock {
  /** Current time in milliseconds (monotonic within one clock). */
  now(): number;
  /** Run `callback` once after `delayMs`; returns a handle for clearTimeout. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Repeats `tick` every `periodMs` until the returned function is called. */
export function startPeriodic(clock: Clock, periodMs: number, tick: () => void): () => void {
  let handle: unknown;
  let running = true;
  const arm = (): void => {
    handle = clock.setTimeout(() => {
      if (!running) return;
      tick();
      if (running) arm();
    }, periodMs);
  };
  arm();
  return () => {
    running = false;
    clock.clearTimeout(handle);
  };
}

/** Resolves after `delayMs` of clock time. */
export function sleep(clock: Clock, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, delayMs);
  });
}

/**
 * Polls `condition` every `pollMs` until it holds (true) or `timeoutMs` passes (false). Checks once
 * at once, so a chip that is already ready costs no timer.
 */
export async function waitFor(
  clock: Clock,
  condition: () => boolean,
  timeoutMs: number,
  pollMs = 10,
): Promise<boolean> {
  const start = clock.now();
  for (;;) {
    if (condition()) return true;
    if (clock.now() - start >= timeoutMs) return false;
    await sleep(clock, pollMs);
  }
}

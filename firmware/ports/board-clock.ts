// The board layer's Clock (board/clock.ts: setTimeout/clearTimeout) and the firmware's
// (system-clock.ts: setTimer returning a cancel handle) are the same idea in two shapes; these
// adapters let one clock drive both, so a test's manual clock moves the chips and the lines
// together.
import type { Clock as BoardClock } from "../../board/clock.ts";
import type { Clock as TimerClock } from "../lines/clock.ts";

/** The board's Clock over a firmware timer clock. */
export function boardClockOf(clock: TimerClock): BoardClock {
  return {
    now: () => clock.now(),
    setTimeout: (callback, delayMs) => clock.setTimer(delayMs, callback),
    clearTimeout: (handle) => (handle as { cancel(): void } | undefined)?.cancel(),
  };
}

/** A firmware timer clock over the board's Clock. */
export function timerClockOf(clock: BoardClock): TimerClock {
  return {
    now: () => clock.now(),
    setTimer(delayMs, fire) {
      const handle = clock.setTimeout(fire, delayMs);
      return { cancel: () => clock.clearTimeout(handle) };
    },
  };
}

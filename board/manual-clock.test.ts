import { describe, expect, test } from "bun:test";
import { startPeriodic, waitFor } from "./clock.ts";
import { ManualClock } from "./manual-clock.ts";

describe("ManualClock", () => {
  test("fires timers in due order with now() at their due time", () => {
    const clock = new ManualClock(1000);
    const fired: Array<[string, number]> = [];
    clock.setTimeout(() => fired.push(["b", clock.now()]), 50);
    clock.setTimeout(() => fired.push(["a", clock.now()]), 20);
    const c = clock.setTimeout(() => fired.push(["c", clock.now()]), 30);
    clock.clearTimeout(c);
    clock.advance(40);
    expect(fired).toEqual([["a", 1020]]);
    clock.advance(10);
    expect(fired).toEqual([
      ["a", 1020],
      ["b", 1050],
    ]);
    expect(clock.now()).toBe(1050);
  });

  test("startPeriodic ticks every period until stopped", () => {
    const clock = new ManualClock();
    const ticks: number[] = [];
    const stop = startPeriodic(clock, 10, () => ticks.push(clock.now()));
    clock.advance(35);
    stop();
    clock.advance(100);
    expect(ticks).toEqual([10, 20, 30]);
    expect(clock.pendingTimers()).toBe(0);
  });

  test("waitFor polls on clock time and gives up at the timeout", async () => {
    const clock = new ManualClock();
    let ready = false;
    const ok = waitFor(clock, () => ready, 100, 10);
    await clock.advanceAsync(30);
    ready = true;
    await clock.advanceAsync(20);
    expect(await ok).toBe(true);
    const never = waitFor(clock, () => false, 50, 10);
    await clock.advanceAsync(100);
    expect(await never).toBe(false);
  });
});

// Interrupt signalling on the DAA (SPEC DEV-2): the Si3050's INT pin on a simulated GPIO line.
// An idle line is read four times a second; a ring raises INT, the driver reads R4 at once and samples
// every 10 ms while the line rings, and stops again once it has been quiet.
import { describe, expect, test } from "bun:test";
import type { FxoEvent } from "./fxo.ts";
import { buildInterruptFxoRig, FXO_INT_PIN } from "./fxo-rig.test-helper.ts";
import { R } from "./si3050-registers.ts";

async function rig() {
  const r = buildInterruptFxoRig();
  r.model.traceReads = true;
  const started = await r.port.start();
  if (!started.ok) throw new Error(started.error.message);
  r.clock.advance(100);
  const events: FxoEvent[] = [];
  r.port.onEvent((e) => events.push(e));
  const readsSince = (ms: number, register: number) =>
    r.model.reads.filter((x) => x.atMs >= ms && x.register === register).length;
  return { ...r, events, readsSince };
}

describe("Si3050 on its INT line", () => {
  test("an idle line is not polled: four reads of R4 a second, not a hundred", async () => {
    const r = await rig();
    const t0 = r.clock.now();
    r.clock.advance(3000);
    expect(r.readsSince(t0, R.INT_SOURCE)).toBeLessThanOrEqual(13);
  });

  test("a ring pulls INT low: R4 read at once, sampled while it rings, validated; quiet again after", async () => {
    const r = await rig();
    const t0 = r.clock.now();
    r.line.ring();
    // The ring-detect interrupt was read and acknowledged in the same millisecond: INT released.
    expect(r.readsSince(t0, R.INT_SOURCE)).toBeGreaterThanOrEqual(1);
    expect(r.gpio.level(FXO_INT_PIN)).toBe(true);
    await r.clock.advanceAsync(1500);
    // Sampling every 10 ms during the burst (the validator needs the cadence).
    expect(r.readsSince(t0, R.INT_SOURCE)).toBeGreaterThan(100);
    expect(r.events.map((e) => e.type)).toContain("ring-start");
    r.line.stopRinging();
    await r.clock.advanceAsync(12_000);
    const quiet = r.clock.now();
    r.clock.advance(3000);
    expect(r.readsSince(quiet, R.INT_SOURCE)).toBeLessThanOrEqual(13);
  });

  test("seized, the line is sampled every 10 ms (loop current); released, it goes quiet", async () => {
    const r = await rig();
    expect(r.port.seize().ok).toBe(true);
    const t0 = r.clock.now();
    r.clock.advance(1000);
    expect(r.readsSince(t0, R.LOOP_CURRENT)).toBeGreaterThan(80);
    expect(r.port.release().ok).toBe(true);
    r.clock.advance(100);
    const quiet = r.clock.now();
    r.clock.advance(3000);
    expect(r.readsSince(quiet, R.LOOP_CURRENT)).toBeLessThanOrEqual(13);
  });
});

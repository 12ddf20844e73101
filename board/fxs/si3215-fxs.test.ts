import { describe, expect, test } from "bun:test";
import { ManualClock } from "../manual-clock.ts";
import { testPhoneDsp } from "../sim/phone-dsp.test-helper.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import type { FxsEvent } from "./fxs.ts";
import { buildFxsRig, type FxsRig } from "./fxs-rig.test-helper.ts";
import { ringOscillatorCoefficient } from "./si3215-init.ts";
import { DR, IR } from "./si3215-registers.ts";

async function started(rig = buildFxsRig()): Promise<FxsRig & { events: FxsEvent[] }> {
  const r = await rig.port.start();
  if (!r.ok) throw new Error(r.error.message);
  rig.clock.advance(100);
  const events: FxsEvent[] = [];
  rig.port.onEvent((e) => events.push(e));
  return { ...rig, events };
}

/** Linefeed writes after `fromMs` as [ms, code]. */
const linefeedWrites = (rig: FxsRig, fromMs = 0): Array<[number, number]> =>
  rig.model.writes
    .filter((w) => w.register === DR.LINEFEED && w.atMs >= fromMs)
    .map((w) => [w.atMs, w.value]);

describe("Si3215 power-up and calibration", () => {
  test("powers the DC-DC converter, calibrates, sets PCM and ends in forward active", async () => {
    const rig = await started();
    const writes = rig.model.writes.map((w) => [w.register, w.value]);
    const at = (reg: number, value: number): number =>
      writes.findIndex(([r, v]) => r === reg && v === value);
    expect(at(DR.POWER_DOWN_1, 0x00)).toBeGreaterThan(at(DR.VBATH, 0x32));
    expect(at(DR.DCDC_CONTROL, 0x99)).toBeGreaterThan(at(DR.POWER_DOWN_1, 0x00));
    expect(at(DR.CAL_1, 0x47)).toBeGreaterThan(at(DR.CAL_2, 0x18));
    expect(rig.model.peek(DR.PCM_MODE)).toBe(0x38);
    expect(rig.model.peek(DR.PCM_TX_START_LOW)).toBe(1);
    expect(writes.at(-1)).toEqual([DR.LINEFEED, 1]);
    expect(rig.model.peekIndirect(IR.RING_OSC)).toBe(ringOscillatorCoefficient(25));
  });

  test("ring oscillator coefficient for 20 Hz is the datasheet's recommended 0x7EF0 within a few LSB", () => {
    expect(Math.abs(ringOscillatorCoefficient(20) - 0x7ef0)).toBeLessThan(16);
  });

  test("a chip select with no chip faults the port at start", async () => {
    const rig = buildFxsRig();
    rig.bus.detach(0);
    const r = await rig.port.start();
    expect(r.ok).toBe(false);
    expect(rig.port.state().fault?.reason).toBe("chip-not-responding");
  });
});

describe("Si3215 ringing", () => {
  test("drives DR64 through the cadence on the clock: ringing 4, forward active 1", async () => {
    const rig = await started();
    const t0 = rig.clock.now();
    rig.port.ring({ cadence: { onOffMs: [1000, 4000] } });
    rig.clock.advance(10_500);
    expect(linefeedWrites(rig, t0)).toEqual([
      [t0, 4],
      [t0 + 1000, 1],
      [t0 + 5000, 4],
      [t0 + 6000, 1],
      [t0 + 10_000, 4],
    ]);
    expect(
      rig.phone.ringBursts().map((b) => [b.startMs - t0, b.endMs === null ? null : b.endMs - t0]),
    ).toEqual([
      [0, 1000],
      [5000, 6000],
      [10_000, null],
    ]);
  });

  test("caller ID goes in on-hook transmission (DR64=2) between the first and second ring", async () => {
    const rig = await started();
    const t0 = rig.clock.now();
    const frames = testPhoneDsp.callerIdFrames({ number: "13800138000", name: "ZHANG" });
    rig.port.ring({
      cadence: { onOffMs: [1000, 4000] },
      callerId: { frames, timing: "after-first-ring" },
    });
    rig.clock.advance(1200);
    expect(rig.phone.callerId()).toBeNull();
    rig.clock.advance(4000);
    expect(linefeedWrites(rig, t0)).toEqual([
      [t0, 4],
      [t0 + 1000, 2],
      [t0 + 5000, 4],
    ]);
    expect(rig.phone.callerId()).toEqual({ number: "13800138000", name: "ZHANG" });
  });

  test("the DTMF variant sends caller ID before the first ring", async () => {
    const rig = await started();
    const t0 = rig.clock.now();
    const frames = testPhoneDsp.callerIdFrames({ number: "8001" });
    rig.port.ring({ callerId: { frames, timing: "before-first-ring" } });
    rig.clock.advance(5000);
    const writes = linefeedWrites(rig, t0);
    expect(writes[0]).toEqual([t0, 2]);
    expect(writes[1]?.[1]).toBe(4);
    expect(rig.phone.callerId()).toEqual({ number: "8001" });
  });
});

describe("Si3215 hook detection", () => {
  test("a 20 ms loop closure is noise; 40 ms is off-hook", async () => {
    const rig = await started();
    rig.model.setLoopClosed(true);
    rig.clock.advance(20);
    rig.model.setLoopClosed(false);
    rig.clock.advance(200);
    expect(rig.events).toEqual([]);
    rig.model.setLoopClosed(true);
    rig.clock.advance(50);
    expect(rig.events.map((e) => e.type)).toEqual(["hook-off"]);
  });

  test("300 ms on-hook is a flash; 900 ms is a hang-up reported at 600 ms", async () => {
    const rig = await started();
    rig.phone.offHook();
    rig.clock.advance(100);
    rig.phone.flash(300);
    rig.clock.advance(500);
    expect(rig.events.at(-1)).toMatchObject({ type: "flash" });
    const flash = rig.events.at(-1) as { durationMs: number };
    expect(Math.abs(flash.durationMs - 300)).toBeLessThanOrEqual(10);
    const down = rig.clock.now();
    rig.phone.onHook();
    rig.clock.advance(900);
    const hangUp = rig.events.at(-1)!;
    expect(hangUp.type).toBe("hook-on");
    expect(hangUp.atMs - down).toBeGreaterThanOrEqual(600);
    expect(hangUp.atMs - down).toBeLessThanOrEqual(620);
  });
});

describe("Si3215 faults", () => {
  test("a chip that stops answering faults only its own port", async () => {
    const clock = new ManualClock();
    const bus = new SimSpiBus();
    const a = await started(buildFxsRig(clock, bus, 0));
    const b = await started(buildFxsRig(clock, bus, 1));
    a.model.injectFault("no-response");
    clock.advance(50);
    expect(a.port.state().fault?.reason).toBe("chip-not-responding");
    expect(a.events.at(-1)).toMatchObject({ type: "fault", reason: "chip-not-responding" });
    expect(a.port.ring().ok).toBe(false);
    expect(b.port.ring().ok).toBe(true);
    clock.advance(10);
    expect(b.phone.isRinging()).toBe(true);
    expect(b.port.state().fault).toBeNull();
  });

  test("a power alarm while ringing stops the ring and reports the alarm", async () => {
    const rig = await started();
    rig.port.ring();
    rig.clock.advance(100);
    rig.model.injectFault("power-alarm");
    rig.clock.advance(20);
    expect(rig.events.map((e) => e.type)).toEqual(["ring-start", "ring-stop", "fault"]);
    expect(rig.port.state()).toMatchObject({ ringing: false, fault: { reason: "power-alarm" } });
  });

  test("a chip reading all zeros or a collapsed battery is caught by the health check", async () => {
    const zero = await started();
    zero.model.injectFault("reads-zero");
    zero.clock.advance(1100);
    expect(zero.port.state().fault?.reason).toBe("chip-not-responding");
    const battery = await started();
    battery.model.injectFault("battery-fault");
    battery.clock.advance(1100);
    expect(battery.port.state().fault?.reason).toBe("battery-fault");
  });
});

describe("Si3215 loop figures (DR78 loop voltage, DR79 loop current)", () => {
  test("on-hook: the open-circuit 48 V of DR72 and no current; off-hook: the 23 mA limit of DR71", async () => {
    const rig = await started();
    rig.model.traceReads = true;
    const onHook = rig.port.measure();
    expect(onHook).toMatchObject({
      ok: true,
      value: { hook: "on", lineVoltageV: 48, loopCurrentMa: 0, polarity: "normal" },
    });
    rig.phone.offHook();
    rig.clock.advance(100);
    const offHook = rig.port.measure();
    if (!offHook.ok) throw new Error(offHook.error.message);
    // 23 mA through the 300 ohm phone: 6.9 V, read back in 1.5 V steps.
    expect(offHook.value).toMatchObject({
      hook: "off",
      loopCurrentMa: 23.1,
      lineVoltageV: 7.5,
      onHookVoltageV: 48,
      offHookVoltageV: 7.5,
      offHookLoopCurrentMa: 23.1,
    });
    expect(rig.model.reads.some((r) => r.register === DR.LOOP_CURRENT_SENSE)).toBe(true);
  });

  test("the off-hook figures are taken when the hook changes, without anyone asking", async () => {
    const rig = await started();
    rig.phone.offHook();
    rig.clock.advance(100);
    rig.phone.onHook();
    rig.clock.advance(1000);
    const figures = rig.port.measure();
    expect(figures.ok && figures.value.offHookLoopCurrentMa).toBe(23.1);
    expect(figures.ok && figures.value.loopCurrentMa).toBe(0);
  });

  test("a long line draws less current; a leak across the pair pulls the on-hook voltage down", async () => {
    const rig = await started();
    rig.model.setLeakage(2000);
    const leaky = rig.port.measure();
    // 48 V through the feed's 400 ohm into a 2 kohm leak: 20 mA, 40 V on the pair, on-hook.
    expect(leaky).toMatchObject({
      ok: true,
      value: { hook: "on", loopCurrentMa: 19.8, lineVoltageV: 40.5 },
    });
    rig.model.setLeakage(null);
    rig.model.setLoopResistance(4000);
    rig.phone.offHook();
    rig.clock.advance(100);
    const long = rig.port.measure();
    // 48 V / (400 + 4000) ohm = 10.9 mA, under the 23 mA limit.
    expect(long.ok && long.value.loopCurrentMa).toBe(11);
  });

  test("reverse polarity shows in DR78's sign bit", async () => {
    const rig = await started();
    rig.port.setPolarity("reversed");
    const r = rig.port.measure();
    expect(r.ok && r.value.polarity).toBe("reversed");
  });

  test("a faulty chip gives no figures", async () => {
    const rig = await started();
    rig.model.injectFault("no-response");
    rig.clock.advance(100);
    expect(rig.port.measure()).toMatchObject({ ok: false, error: { code: "port-faulty" } });
  });
});

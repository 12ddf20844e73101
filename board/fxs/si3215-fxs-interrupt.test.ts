// Interrupt-driven hook detection (SPEC DEV-2): the SLIC's INT pin on a simulated GPIO line; the
// driver reads DR19/DR68 when the line's edge arrives, and polls only when it has no INT line.
import { describe, expect, test } from "bun:test";
import { interruptLine } from "../gpio/interrupt-line.ts";
import { SimGpioChip } from "../gpio/sim-gpio.ts";
import { ManualClock } from "../manual-clock.ts";
import { PcmSlot } from "../pcm/pcm-channel.ts";
import { testPhoneDsp } from "../sim/phone-dsp.test-helper.ts";
import { Si3215Model } from "../sim/si3215-model.ts";
import { VirtualPhone } from "../sim/virtual-phone.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import type { FxsEvent } from "./fxs.ts";
import { Si3215Fxs } from "./si3215-fxs.ts";
import { DR, INT2_LOOP_CLOSURE } from "./si3215-registers.ts";

const INT_PIN = { chip: "sim-gpio0", line: 28, activeLow: true };

async function rig(signalling: "interrupt" | "poll") {
  const clock = new ManualClock();
  const gpio = new SimGpioChip();
  const bus = new SimSpiBus();
  const slot = new PcmSlot();
  const model = new Si3215Model(clock, slot.chip);
  model.traceReads = true;
  bus.attach(0, model);
  const phone = new VirtualPhone(model, clock, testPhoneDsp);
  model.attachLine(phone);
  model.attachInterruptPin((asserted) => gpio.drive(INT_PIN, !asserted));
  const port = new Si3215Fxs({
    index: 1,
    spi: bus.device(0),
    pcm: slot.host,
    clock,
    pcmSlot: 0,
    ...(signalling === "interrupt" ? { interrupt: interruptLine(gpio, INT_PIN, "fxs1-int") } : {}),
  });
  const started = await port.start();
  if (!started.ok) throw new Error(started.error.message);
  clock.advance(100);
  const events: FxsEvent[] = [];
  port.onEvent((e) => events.push(e));
  const readsSince = (ms: number) => model.reads.filter((r) => r.atMs >= ms);
  return { clock, gpio, model, phone, port, events, readsSince };
}

describe("Si3215 hook detection on the INT line", () => {
  test("lifting the handset pulls INT low; the driver reads DR19 and DR68 and reports hook-off at once", async () => {
    const r = await rig("interrupt");
    const t0 = r.clock.now();
    r.phone.offHook();
    expect(r.events).toEqual([{ type: "hook-off", atMs: t0 }]);
    expect(r.port.state().hook).toBe("off");
    const reads = r.readsSince(t0).map((x) => x.register);
    expect(reads).toContain(DR.INT_STATUS_2);
    expect(reads).toContain(DR.HOOK_STATUS);
    // The loop-closure interrupt was acknowledged, so INT is released (high again).
    expect(
      r.model.writes.some(
        (w) => w.atMs === t0 && w.register === DR.INT_STATUS_2 && w.value & INT2_LOOP_CLOSURE,
      ),
    ).toBe(true);
    expect(r.gpio.level(INT_PIN)).toBe(true);
  });

  test("an idle port is not polled: no hook register reads between the 1 s health checks", async () => {
    const r = await rig("interrupt");
    const t0 = r.clock.now();
    r.clock.advance(800);
    expect(r.readsSince(t0).filter((x) => x.register === DR.HOOK_STATUS)).toEqual([]);
  });

  test("hang-up is reported flashMaxMs after the on-hook edge, a short break is a flash", async () => {
    const r = await rig("interrupt");
    r.phone.offHook();
    r.clock.advance(1000);
    const tBreak = r.clock.now();
    r.phone.onHook();
    r.clock.advance(200);
    r.phone.offHook();
    r.clock.advance(1000);
    expect(r.events.map((e) => e.type)).toEqual(["hook-off", "flash"]);
    const tDown = r.clock.now();
    r.phone.onHook();
    r.clock.advance(599);
    expect(r.port.state().hook).toBe("off");
    r.clock.advance(2);
    expect(r.events.at(-1)).toEqual({ type: "hook-on", atMs: tDown + 600 });
    expect(r.events[1]).toEqual({ type: "flash", atMs: tBreak + 200, durationMs: 200 });
  });

  test("answering a ringing phone: the ring-trip interrupt stops the ringing in the same millisecond", async () => {
    const r = await rig("interrupt");
    r.port.ring();
    r.clock.advance(300);
    const t0 = r.clock.now();
    r.phone.offHook();
    expect(r.events.filter((e) => e.type !== "ring-start")).toEqual([
      { type: "ring-stop", atMs: t0, reason: "answered" },
      { type: "hook-off", atMs: t0 },
    ]);
    expect(r.model.linefeed()).toBe("forward-active");
  });

  test("a power alarm raised by the chip faults the port through the interrupt", async () => {
    const r = await rig("interrupt");
    r.model.injectFault("power-alarm");
    expect(r.port.state().fault?.reason).toBe("power-alarm");
  });

  test("polling fallback: without an INT line hook-off comes from DR68 polls after the 30 ms debounce", async () => {
    const r = await rig("poll");
    const t0 = r.clock.now();
    r.phone.offHook();
    expect(r.events).toEqual([]);
    r.clock.advance(29);
    expect(r.events).toEqual([]);
    r.clock.advance(21);
    expect(r.events.map((e) => e.type)).toEqual(["hook-off"]);
    expect(r.events[0]!.atMs - t0).toBeLessThanOrEqual(10);
    expect(r.readsSince(t0).filter((x) => x.register === DR.HOOK_STATUS).length).toBeGreaterThan(3);
  });
});

import { describe, expect, test } from "bun:test";
import { ManualClock } from "../manual-clock.ts";
import { testPhoneDsp } from "../sim/phone-dsp.test-helper.ts";
import { SimSpiBus } from "../spi/sim-spi.ts";
import type { FxoEvent } from "./fxo.ts";
import { buildFxoRig, type FxoRig } from "./fxo-rig.test-helper.ts";
import { DAA1_OH, DAA1_ONHM, DAA2_PDL, R } from "./si3050-registers.ts";

async function started(rig: FxoRig = buildFxoRig()): Promise<FxoRig & { events: FxoEvent[] }> {
  const r = await rig.port.start();
  if (!r.ok) throw new Error(r.error.message);
  rig.clock.advance(100);
  const events: FxoEvent[] = [];
  rig.port.onEvent((e) => events.push(e));
  return { ...rig, events };
}

describe("Si3050 power-up", () => {
  test("powers up the line side, enables ring validation and PCM, ends on-hook with line monitor", async () => {
    const rig = await started();
    expect(rig.model.peek(R.DAA_CONTROL_2) & DAA2_PDL).toBe(0);
    expect(rig.model.peek(R.RING_VALIDATION_3) & 0x80).toBe(0x80);
    expect(rig.model.peek(R.PCM_MODE)).toBe(0x38);
    expect(rig.model.peek(R.DAA_CONTROL_1)).toBe(DAA1_ONHM);
  });
});

describe("Si3050 ring detection", () => {
  test("a ring burst becomes ring-start after validation and ring-stop when it ends", async () => {
    const rig = await started();
    const t0 = rig.clock.now();
    rig.line.ring();
    rig.clock.advance(1300);
    const types = rig.events.map((e) => [e.type, e.atMs - t0]);
    expect(types[0]?.[0]).toBe("ring-start");
    expect(types[0]?.[1]).toBeLessThanOrEqual(10);
    expect(rig.events[1]).toMatchObject({ type: "ring-stop" });
    const stop = rig.events[1] as { onMs: number };
    expect(Math.abs(stop.onMs - 1000)).toBeLessThanOrEqual(10);
  });

  test("caller ID audio between the first and second ring reaches the host on-hook", async () => {
    const rig = await started();
    const received: Int16Array[] = [];
    rig.port.onAudio((f) => received.push(f));
    rig.line.ring({ number: "02088888888" });
    rig.clock.advance(4800);
    expect(rig.port.state().hook).toBe("on");
    expect(testPhoneDsp.decodeCallerId(received)).toEqual({ number: "02088888888" });
  });
});

describe("Si3050 seize and disconnect", () => {
  test("seize sets the OH bit in R5 and loop current flows; release clears it", async () => {
    const rig = await started();
    rig.port.seize();
    expect(rig.model.writes.at(-1)).toMatchObject({
      register: R.DAA_CONTROL_1,
      value: DAA1_ONHM | DAA1_OH,
    });
    rig.clock.advance(50);
    expect(rig.port.state().loopCurrentMa).toBeCloseTo(25.3, 0);
    expect(rig.port.readLineVoltageV()).toEqual({ ok: true, value: 8 });
    rig.port.release();
    expect(rig.model.writes.at(-1)).toMatchObject({ register: R.DAA_CONTROL_1, value: DAA1_ONHM });
  });

  test("a loop-current drop of 300 ms while off-hook is a disconnect; a 100 ms one is not", async () => {
    const rig = await started(buildFxoRig({ line: { loopDropMs: 100 } }));
    rig.port.seize();
    rig.clock.advance(1000);
    rig.line.hangup();
    rig.clock.advance(1000);
    expect(rig.events.filter((e) => e.type === "disconnect")).toEqual([]);
    const long = await started(buildFxoRig({ line: { loopDropMs: 600 } }));
    long.port.seize();
    long.clock.advance(1000);
    const dropAt = long.clock.now();
    long.line.hangup();
    long.clock.advance(1000);
    const d = long.events.find((e) => e.type === "disconnect");
    expect(d).toMatchObject({ type: "disconnect", reason: "loop-current-drop" });
    expect(d!.atMs - dropAt).toBeGreaterThanOrEqual(300);
    expect(d!.atMs - dropAt).toBeLessThanOrEqual(320);
  });

  test("polarity reversal is an event; it is a disconnect only where the exchange uses it so", async () => {
    const plain = await started(buildFxoRig({ line: { disconnectSignal: "polarity-reversal" } }));
    plain.port.seize();
    plain.clock.advance(500);
    plain.line.hangup();
    plain.clock.advance(100);
    expect(plain.events.map((e) => e.type)).toEqual(["polarity-reversal"]);
    expect(plain.port.state().polarity).toBe("reversed");
    const cpc = await started(
      buildFxoRig({
        line: { disconnectSignal: "polarity-reversal" },
        driver: { disconnectOnPolarityReversal: true },
      }),
    );
    cpc.port.seize();
    cpc.clock.advance(500);
    cpc.line.hangup();
    cpc.clock.advance(100);
    expect(cpc.events.map((e) => e.type)).toEqual(["polarity-reversal", "disconnect"]);
  });
});

describe("Si3050 faults", () => {
  test("a DAA that stops answering faults only its own port", async () => {
    const clock = new ManualClock();
    const bus = new SimSpiBus();
    const a = await started(buildFxoRig({ clock, bus, chipSelect: 4 }));
    const b = await started(buildFxoRig({ clock, bus, chipSelect: 5 }));
    a.model.injectFault("no-response");
    clock.advance(30);
    expect(a.port.state().fault?.reason).toBe("chip-not-responding");
    expect(a.port.seize().ok).toBe(false);
    expect(b.port.seize().ok).toBe(true);
    expect(b.port.state().fault).toBeNull();
  });

  test("a loop current overload alarm marks the port faulty with the line-fault reason", async () => {
    const rig = await started();
    rig.model.injectFault("line-fault");
    rig.clock.advance(20);
    expect(rig.events.at(-1)).toMatchObject({ type: "fault", reason: "line-fault" });
  });
});

describe("Si3050 line figures (R29 line voltage and polarity, R28 loop current)", () => {
  test("on-hook 48 V normal; seized 25 mA kept as the seized loop current after release", async () => {
    const rig = await started();
    expect(rig.port.state()).toMatchObject({
      lineVoltageV: 48,
      polarity: "normal",
      lineConnected: true,
      seizedLoopCurrentMa: null,
    });
    rig.port.seize();
    rig.clock.advance(400);
    expect(rig.port.state()).toMatchObject({ lineVoltageV: 8, loopCurrentMa: 25.3 });
    rig.port.release();
    rig.clock.advance(100);
    expect(rig.port.state()).toMatchObject({ loopCurrentMa: 0, seizedLoopCurrentMa: 25.3 });
  });

  test("a parallel phone off the hook sags the on-hook voltage to 8 V", async () => {
    const rig = await started();
    rig.line.setExtensionOffHook(true);
    rig.clock.advance(50);
    expect(rig.port.state().lineVoltageV).toBe(8);
    expect(rig.port.state().hook).toBe("on");
  });

  test("tip and ring swapped reads as a negative R29: reversed", async () => {
    const rig = await started();
    rig.line.setReversed(true);
    rig.clock.advance(50);
    expect(rig.port.state()).toMatchObject({ lineVoltageV: -48, polarity: "reversed" });
  });

  test("an unplugged line reads 0 V and is reported absent after 1 s", async () => {
    const rig = await started();
    rig.line.setConnected(false);
    rig.clock.advance(1200);
    expect(rig.port.state()).toMatchObject({ lineVoltageV: 0, lineConnected: false });
  });
});

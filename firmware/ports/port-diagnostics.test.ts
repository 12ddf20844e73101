// Diagnostics on the simulated board (SPEC DEV-2, EXT-5): the real drivers reading the chip
// models' registers, the virtual phone and exchange line, under a manual clock.
import { describe, expect, test } from "bun:test";
import type { PbxEvent } from "../events/event-bus.ts";
import { simLines } from "../lines/sim-lines.test-helper.ts";
import { timerClockOf } from "./board-clock.ts";
import { type FxoDiagnostics, type FxsDiagnostics, PortDiagnostics } from "./port-diagnostics.ts";

async function rig() {
  const s = await simLines();
  const events: PbxEvent[] = [];
  const diagnostics = new PortDiagnostics({
    fxs: s.board.fxs,
    fxo: s.board.fxo,
    lines: s.lines,
    clock: timerClockOf(s.clock),
    country: () => "cn",
    emit: (e) => events.push(e),
  });
  const fxs = (port: string): FxsDiagnostics => {
    const r = diagnostics.diagnostics(port);
    if (!r.ok || r.value.type !== "fxs") throw new Error(JSON.stringify(r));
    return r.value;
  };
  const fxo = (port: string): FxoDiagnostics => {
    const r = diagnostics.diagnostics(port);
    if (!r.ok || r.value.type !== "fxo") throw new Error(JSON.stringify(r));
    return r.value;
  };
  return { ...s, diagnostics, events, fxs, fxo };
}

const codes = (d: { hints: { code: string }[] }) => d.hints.map((h) => h.code);

describe("FXS diagnostics", () => {
  test("a healthy idle port: 48 V on-hook, no current, no hints; the figures go on the event bus", async () => {
    const r = await rig();
    expect(r.fxs("fxs1")).toMatchObject({
      state: "idle",
      hook: "on",
      lineVoltageV: 48,
      loopCurrentMa: 0,
      onHookVoltageV: 48,
      polarity: "normal",
      hints: [],
    });
    expect(r.events.at(-1)).toMatchObject({
      type: "port-diagnostics",
      port: "fxs1",
      figures: { lineVoltageV: 48, loopCurrentMa: 0 },
      hints: [],
    });
  });

  test("a reading that says nothing new is not sent again; a change is", async () => {
    const r = await rig();
    r.fxs("fxs2");
    r.clock.advance(1000);
    r.fxs("fxs2");
    const sent = () => r.events.filter((e) => e.type === "port-diagnostics" && e.port === "fxs2");
    expect(sent()).toHaveLength(1);
    r.phone(2).offhook();
    r.clock.advance(200);
    r.fxs("fxs2");
    expect(sent()).toHaveLength(2);
    expect(sent().at(-1)).toMatchObject({ figures: { hook: "off" } });
  });

  test("handset off hook: the loop current and off-hook voltage, and the hint", async () => {
    const r = await rig();
    r.phone(2).offhook();
    r.clock.advance(200);
    const d = r.fxs("fxs2");
    expect(d).toMatchObject({ hook: "off", loopCurrentMa: 23.1, offHookVoltageV: 7.5 });
    expect(codes(d)).toEqual(["handset-off-hook"]);
    expect(d.hints[0]!.message).toContain("off the hook");
  });

  test("a leaky pair and a long line give their hints", async () => {
    const r = await rig();
    r.board.slics[0]!.setLeakage(1000);
    expect(codes(r.fxs("fxs1"))).toEqual(["line-voltage-low"]);
    r.board.slics[0]!.setLeakage(null);
    r.board.slics[0]!.setLoopResistance(3000);
    r.phone(1).offhook();
    r.clock.advance(200);
    expect(codes(r.fxs("fxs1"))).toContain("loop-current-low");
  });

  test("a faulted SLIC: no figures, the fault as hint", async () => {
    const r = await rig();
    r.board.slics[2]!.injectFault("battery-fault");
    r.clock.advance(1100);
    const d = r.fxs("fxs3");
    expect(d).toMatchObject({ state: "faulty", lineVoltageV: null });
    expect(codes(d)).toEqual(["port-faulty"]);
  });

  test("ring test: the handset rings with China's 1 s on / 4 s off, three cycles, then stops", async () => {
    const r = await rig();
    const started = r.diagnostics.ringTest("fxs1");
    expect(started).toMatchObject({
      ok: true,
      value: { state: "ringing", test: { kind: "ring" } },
    });
    r.clock.advance(100);
    expect(r.phone(1).state().ringing).toBe(true);
    r.clock.advance(14_000);
    const bursts = r.phone(1).state().ringBursts;
    expect(bursts.length).toBe(3);
    expect(bursts[0]!.endMs! - bursts[0]!.startMs).toBe(1000);
    expect(bursts[1]!.startMs - bursts[0]!.endMs!).toBe(4000);
    r.clock.advance(2000);
    expect(r.phone(1).state().ringing).toBe(false);
    expect(r.fxs("fxs1")).toMatchObject({ state: "idle", test: null });
  });

  test("caller ID test: the handset shows the test number by the second ring", async () => {
    const r = await rig();
    expect(r.diagnostics.callerIdTest("fxs1", "12345")).toMatchObject({ ok: true });
    await r.clock.advanceAsync(3000);
    expect(r.phone(1).state().callerId).toBeNull();
    await r.clock.advanceAsync(2200);
    expect(r.phone(1).state().callerId?.number).toBe("12345");
    expect(r.diagnostics.callerIdTest("fxs1", "12a")).toMatchObject({
      ok: false,
      error: { code: "invalid", field: "number" },
    });
  });

  test("answering the test ring ends the test with busy tone", async () => {
    const r = await rig();
    r.diagnostics.ringTest("fxs1");
    r.clock.advance(500);
    r.phone(1).offhook();
    await r.clock.advanceAsync(1500);
    expect(r.fxs("fxs1").test).toBeNull();
    expect(r.phone(1).state().hears).toBe("busy");
  });

  test("DTMF test: keys pressed on the handset show as they arrive and are not dialled", async () => {
    const r = await rig();
    expect(r.diagnostics.dtmfTest("fxs1")).toMatchObject({
      ok: true,
      value: { test: { kind: "dtmf", digits: "" } },
    });
    r.phone(1).offhook();
    await r.clock.advanceAsync(200);
    r.phone(1).dial("8002");
    await r.clock.advanceAsync(1000);
    const d = r.fxs("fxs1");
    expect(d.test).toMatchObject({ kind: "dtmf", digits: "8002" });
    // No hint for a handset the installer lifted on purpose, and nothing rang at 8002.
    expect(codes(d)).toEqual([]);
    expect(r.phone(2).state().ringing).toBe(false);
    r.diagnostics.stopTests("fxs1");
    await r.clock.advanceAsync(1000);
    expect(r.fxs("fxs1").test).toBeNull();
    expect(r.phone(1).state().hears).toBe("busy");
  });

  test("a port in a call or off the hook refuses the tests naming why; unknown ports and FXO are refused", async () => {
    const r = await rig();
    r.lines.fxsLine(1)!.ring(null);
    r.phone(1).offhook();
    r.clock.advance(200);
    expect(r.diagnostics.ringTest("fxs1")).toMatchObject({
      ok: false,
      error: { code: "in_use", message: "the port is in a call" },
    });
    r.phone(2).offhook();
    r.clock.advance(200);
    expect(r.diagnostics.callerIdTest("fxs2", "1")).toMatchObject({
      ok: false,
      error: { code: "in_use", message: "the handset is off the hook" },
    });
    expect(r.diagnostics.ringTest("fxs9")).toMatchObject({
      ok: false,
      error: { code: "not_found", field: "port" },
    });
    expect(r.diagnostics.ringTest("fxo1")).toMatchObject({
      ok: false,
      error: { code: "invalid", field: "port" },
    });
  });
});

describe("FXO diagnostics", () => {
  test("a present line: 48 V, normal polarity, no hints; seized loop current after a call", async () => {
    const r = await rig();
    expect(r.fxo("fxo1")).toMatchObject({
      lineConnected: true,
      lineVoltageV: 48,
      polarity: "normal",
      loopCurrentMa: null,
      hints: [],
    });
    r.board.fxo[0]!.seize();
    r.clock.advance(500);
    r.board.fxo[0]!.release();
    r.clock.advance(100);
    expect(r.fxo("fxo1").loopCurrentMa).toBe(25.3);
  });

  test("ring count with cadence and the caller ID of the last call", async () => {
    const r = await rig();
    r.exchange(2).ring("13800138000");
    await r.clock.advanceAsync(11_500);
    const d = r.fxo("fxo2");
    expect(d.ringCount).toBe(3);
    expect(d.ringCadenceMs.length).toBe(5);
    for (const [i, ms] of d.ringCadenceMs.entries())
      expect(Math.abs(ms - (i % 2 === 0 ? 1000 : 4000))).toBeLessThanOrEqual(60);
    expect(d.lastCallerId?.number).toBe("13800138000");
  });

  test("faulted lines give their hints: no line, line reversed, a phone off the hook on the pair", async () => {
    const r = await rig();
    r.exchange(1).wiring({ connected: false });
    r.clock.advance(50);
    expect(codes(r.fxo("fxo1"))).toEqual(["no-line"]);
    r.exchange(2).wiring({ reversed: true });
    r.clock.advance(50);
    expect(r.fxo("fxo2")).toMatchObject({ polarity: "reversed", lineVoltageV: -48 });
    expect(codes(r.fxo("fxo2"))).toEqual(["line-reversed"]);
    r.exchange(3).wiring({ extensionOffHook: true });
    // A sag on hook raises no interrupt: the DAA's driver sees it at its next idle look.
    r.clock.advance(300);
    expect(codes(r.fxo("fxo3"))).toEqual(["handset-off-hook"]);
    r.board.daas[3]!.injectFault("line-fault");
    r.clock.advance(50);
    expect(codes(r.fxo("fxo4"))).toEqual(["port-faulty"]);
  });
});

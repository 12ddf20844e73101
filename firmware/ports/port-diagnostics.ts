// Diagnostics per analog port (SPEC DEV-2, EXT-5): the figures the SLIC and DAA measure, the
// installer's tests on an FXS port (ring with the country's cadence, a test caller ID, DTMF keys
// shown as they arrive), and a hint in words for each value out of range. Every reading also goes
// on the event bus for telemetry. Figures come from the drivers reading the chips' registers.
import type { FxoPort } from "../../board/fxo/fxo.ts";
import type { FxsPort } from "../../board/fxs/fxs.ts";
import { RING_CADENCES } from "../../media/dsp/tone-tables.ts";
import type { PbxEvent } from "../events/event-bus.ts";
import type { AnalogLines } from "../lines/analog-lines.ts";
import type { Clock } from "../lines/clock.ts";
import type { FxoLine } from "../lines/fxo-line.ts";
import type { FxsLine } from "../lines/fxs-line.ts";
import type { PortState } from "../lines/port-state.ts";

export type HintCode =
  | "port-faulty"
  | "handset-off-hook"
  | "no-line"
  | "line-reversed"
  | "loop-current-low"
  | "line-voltage-low";

export interface Hint {
  code: HintCode;
  /** English wording; the web interface shows its own translation of the code. */
  message: string;
}

export type PortTest =
  | { kind: "ring"; startedAtMs: number }
  | { kind: "caller-id"; startedAtMs: number; number: string }
  | { kind: "dtmf"; startedAtMs: number; digits: string };

export interface FxsDiagnostics {
  port: string;
  type: "fxs";
  index: number;
  state: PortState;
  hook: "on" | "off";
  lineVoltageV: number | null;
  loopCurrentMa: number | null;
  polarity: "normal" | "reversed" | null;
  onHookVoltageV: number | null;
  offHookVoltageV: number | null;
  offHookLoopCurrentMa: number | null;
  test: PortTest | null;
  hints: Hint[];
  atMs: number;
}

export interface FxoDiagnostics {
  port: string;
  type: "fxo";
  index: number;
  state: PortState;
  lineConnected: boolean;
  lineVoltageV: number | null;
  polarity: "normal" | "reversed" | null;
  /** Loop current the last time the line was seized (settled). */
  loopCurrentMa: number | null;
  /** Ring bursts of the last incoming call and their on/off durations. */
  ringCount: number;
  ringCadenceMs: number[];
  lastCallerId: { number: string; name?: string | undefined } | null;
  hints: Hint[];
  atMs: number;
}

export type PortDiagnosticsView = FxsDiagnostics | FxoDiagnostics;

type Refusal = {
  code: string;
  message: string;
  field?: string;
  /** For "in_use": why, as a word the web interface translates. */
  params?: { reason: "faulty" | "in-call" | "ringing" | "off-hook" };
};
type Outcome<T> = { ok: true; value: T } | { ok: false; error: Refusal };

/** On-hook feed under this means the pair leaks (the SLIC feeds 48 V open circuit). */
const FXS_MIN_ON_HOOK_V = 42;
/** Off-hook loop current under this: a long or faulty line, or a faulty phone. */
const FXS_MIN_LOOP_MA = 18;
/** FXO: under this on-hook there is no exchange battery on the pair. */
const FXO_MIN_LINE_V = 3;
/** FXO: on-hook voltage under this (but present) means a phone on the pair is off the hook. */
const FXO_MIN_IDLE_V = 20;
const FXO_MIN_LOOP_MA = 15;
/** A ring or caller ID test rings this many cadence cycles, unless answered or stopped. */
const RING_TEST_CYCLES = 3;
const DTMF_TEST_MS = 5 * 60_000;
const MAX_TEST_DIGITS = 64;
const CALLER_ID = /^[0-9*#]{1,20}$/;

export interface PortDiagnosticsOptions {
  readonly fxs: readonly FxsPort[];
  readonly fxo: readonly FxoPort[];
  readonly lines: AnalogLines;
  readonly clock: Clock;
  readonly country: () => string;
  readonly emit: (event: PbxEvent) => void;
}

interface FxoRecord {
  ringCount: number;
  cadence: number[];
  lastStopMs: number | null;
  callerId: { number: string; name?: string | undefined } | null;
}

export class PortDiagnostics {
  private readonly tests = new Map<number, { test: PortTest; timer: { cancel(): void } }>();
  private readonly fxoRecords = new Map<number, FxoRecord>();
  private readonly unsubscribe: Array<() => void> = [];
  /** What was last sent on the event bus per port, so an unchanged reading is not sent again. */
  private readonly lastSent = new Map<string, string>();

  constructor(private readonly o: PortDiagnosticsOptions) {
    for (const port of o.fxo) {
      const record: FxoRecord = { ringCount: 0, cadence: [], lastStopMs: null, callerId: null };
      this.fxoRecords.set(port.index, record);
      this.unsubscribe.push(
        port.onEvent((e) => {
          if (e.type === "ring-start") {
            if (e.burst === 1) {
              record.cadence = [];
              record.callerId = null;
            } else if (record.lastStopMs !== null) {
              record.cadence.push(e.atMs - record.lastStopMs);
            }
            record.ringCount = e.burst;
          } else if (e.type === "ring-stop") {
            record.cadence.push(e.onMs);
            record.lastStopMs = e.atMs;
          }
        }),
      );
    }
    for (const line of o.lines.fxo) {
      this.unsubscribe.push(
        line.on((e) => {
          if (e.type === "incoming" && e.callerId) {
            const record = this.fxoRecords.get(line.index);
            if (record) record.callerId = { number: e.callerId.number, name: e.callerId.name };
          }
        }),
      );
    }
    for (const line of o.lines.fxs) {
      this.unsubscribe.push(
        line.on((e) => {
          const running = this.tests.get(line.index);
          if (!running) return;
          if (e.type === "test-digit" && running.test.kind === "dtmf") {
            if (running.test.digits.length < MAX_TEST_DIGITS) running.test.digits += e.digit;
          } else if (e.type === "answer" && running.test.kind !== "dtmf") {
            // The installer picked up the test ring: no call behind it, so busy tone.
            this.endTest(line.index);
            line.farEndHangup();
          } else if (e.type === "state" && e.state === "idle" && running.test.kind !== "dtmf") {
            this.endTest(line.index);
          }
        }),
      );
    }
  }

  /**
   * The port's figures now ("fxs1", "fxo2"); sent on the event bus when they differ from what
   * was last sent for the port (the page reads every second: telemetry gets the changes).
   */
  diagnostics(port: string): Outcome<PortDiagnosticsView> {
    const found = this.find(port);
    if (!found.ok) return found;
    const view =
      found.value.kind === "fxs"
        ? this.fxsView(found.value.index)
        : this.fxoView(found.value.index);
    this.publish(view);
    return { ok: true, value: view };
  }

  /** Rings the handset with the country's cadence for a few cycles. */
  ringTest(port: string): Outcome<PortDiagnosticsView> {
    return this.ringing(port, null);
  }

  /** Rings and sends `number` as caller ID between the first and second ring. */
  callerIdTest(port: string, number: unknown): Outcome<PortDiagnosticsView> {
    if (typeof number !== "string" || !CALLER_ID.test(number))
      return refuse("invalid", "must be 1-20 of 0-9, * and #", "number");
    return this.ringing(port, number);
  }

  /** Keys pressed on the handset are collected for the page instead of being dialled. */
  dtmfTest(port: string): Outcome<PortDiagnosticsView> {
    const line = this.fxsFor(port);
    if (!line.ok) return line;
    const busy = this.refusalFor(line.value, true);
    if (busy) return busy;
    this.endTest(line.value.index);
    const started = line.value.startDigitTest();
    if (!started.ok) return refuse("in_use", started.error.message);
    this.track(
      line.value.index,
      { kind: "dtmf", startedAtMs: this.o.clock.now(), digits: "" },
      DTMF_TEST_MS,
    );
    return this.diagnostics(port);
  }

  /** Ends the port's test, if one runs. */
  stopTests(port: string): Outcome<PortDiagnosticsView> {
    const line = this.fxsFor(port);
    if (!line.ok) return line;
    this.endTest(line.value.index);
    return this.diagnostics(port);
  }

  close(): void {
    for (const index of [...this.tests.keys()]) this.endTest(index);
    for (const u of this.unsubscribe) u();
  }

  // --- internals ------------------------------------------------------------------------------

  private ringing(port: string, number: string | null): Outcome<PortDiagnosticsView> {
    const line = this.fxsFor(port);
    if (!line.ok) return line;
    const busy = this.refusalFor(line.value, false);
    if (busy) return busy;
    this.endTest(line.value.index);
    const rung = line.value.ring(number === null ? null : { number });
    if (!rung.ok) return refuse("in_use", rung.error.message);
    const country = this.o.country();
    const cadence = (RING_CADENCES[country as keyof typeof RING_CADENCES] ?? RING_CADENCES.cn)
      .cadenceMs;
    const cycleMs = cadence.reduce((a, b) => a + b, 0);
    const startedAtMs = this.o.clock.now();
    this.track(
      line.value.index,
      number === null ? { kind: "ring", startedAtMs } : { kind: "caller-id", startedAtMs, number },
      cycleMs * RING_TEST_CYCLES,
    );
    return this.diagnostics(port);
  }

  /** Why a port cannot be tested now (409 naming why), or null. */
  private refusalFor(line: FxsLine, offHookAllowed: boolean): { ok: false; error: Refusal } | null {
    const testing = this.tests.has(line.index);
    switch (line.state()) {
      case "faulty":
        return busy("faulty", `the port is faulty: ${line.fault()?.detail ?? ""}`.trim());
      case "in-use":
        return testing ? null : busy("in-call", "the port is in a call");
      case "ringing":
        return testing ? null : busy("ringing", "the port is ringing for a call");
      case "off-hook":
        return offHookAllowed ? null : busy("off-hook", "the handset is off the hook");
      default:
        return null;
    }
  }

  private track(index: number, test: PortTest, durationMs: number): void {
    const timer = this.o.clock.setTimer(durationMs, () => this.endTest(index));
    this.tests.set(index, { test, timer });
  }

  private endTest(index: number): void {
    const running = this.tests.get(index);
    if (!running) return;
    this.tests.delete(index);
    running.timer.cancel();
    const line = this.o.lines.fxsLine(index);
    if (!line) return;
    if (running.test.kind === "dtmf") line.stopDigitTest();
    else line.stopRing();
  }

  private find(port: string): Outcome<{ kind: "fxs" | "fxo"; index: number }> {
    const m = /^(fxs|fxo)([1-9][0-9]?)$/.exec(port);
    const kind = m?.[1] as "fxs" | "fxo" | undefined;
    const index = Number(m?.[2]);
    const exists =
      kind === "fxs"
        ? this.o.fxs.some((p) => p.index === index)
        : kind === "fxo" && this.o.fxo.some((p) => p.index === index);
    if (!kind || !exists) return refuse("not_found", `no port ${port} on this board`, "port");
    return { ok: true, value: { kind, index } };
  }

  private fxsFor(port: string): Outcome<FxsLine> {
    const found = this.find(port);
    if (!found.ok) return found;
    if (found.value.kind !== "fxs")
      return refuse("invalid", "the tests run on FXS ports (fxs1, fxs2, ...)", "port");
    const line = this.o.lines.fxsLine(found.value.index);
    return line ? { ok: true, value: line } : refuse("not_found", `no port ${port}`, "port");
  }

  private fxsView(index: number): FxsDiagnostics {
    const port = this.o.fxs.find((p) => p.index === index)!;
    const line = this.o.lines.fxsLine(index)!;
    const state = line.state();
    const measured = port.measure();
    const f = measured.ok ? measured.value : null;
    const test = this.tests.get(index)?.test ?? null;
    const hints: Hint[] = [];
    const fault = port.state().fault;
    if (fault) hints.push(hint("port-faulty", `the port's SLIC is faulty: ${fault.detail}`));
    if (f) {
      if (f.hook === "off" && state === "off-hook" && test?.kind !== "dtmf")
        hints.push(hint("handset-off-hook", "the handset is off the hook"));
      if (f.onHookVoltageV !== null && f.onHookVoltageV < FXS_MIN_ON_HOOK_V)
        hints.push(
          hint(
            "line-voltage-low",
            `on-hook line voltage ${f.onHookVoltageV} V is low: the pair leaks (damp cable or a faulty phone)`,
          ),
        );
      if (f.offHookLoopCurrentMa !== null && f.offHookLoopCurrentMa < FXS_MIN_LOOP_MA)
        hints.push(
          hint(
            "loop-current-low",
            `loop current ${f.offHookLoopCurrentMa} mA is low: a long or faulty line, or a faulty phone`,
          ),
        );
    }
    return {
      port: `fxs${index}`,
      type: "fxs",
      index,
      state,
      hook: f?.hook ?? port.state().hook,
      lineVoltageV: f?.lineVoltageV ?? null,
      loopCurrentMa: f?.loopCurrentMa ?? null,
      polarity: f?.polarity ?? null,
      onHookVoltageV: f?.onHookVoltageV ?? null,
      offHookVoltageV: f?.offHookVoltageV ?? null,
      offHookLoopCurrentMa: f?.offHookLoopCurrentMa ?? null,
      test: test ? { ...test } : null,
      hints,
      atMs: this.o.clock.now(),
    };
  }

  private fxoView(index: number): FxoDiagnostics {
    const port = this.o.fxo.find((p) => p.index === index)!;
    const line: FxoLine = this.o.lines.fxoLine(index)!;
    const s = port.state();
    const record = this.fxoRecords.get(index)!;
    const hints: Hint[] = [];
    const volts = Math.abs(s.lineVoltageV);
    if (s.fault) hints.push(hint("port-faulty", `the port's DAA is faulty: ${s.fault.detail}`));
    else if (s.hook === "on" && !s.ringing) {
      if (volts < FXO_MIN_LINE_V || !s.lineConnected)
        hints.push(
          hint("no-line", "no line: no exchange voltage on the pair (is the cable plugged in?)"),
        );
      else {
        if (s.polarity === "reversed")
          hints.push(hint("line-reversed", "the line is reversed: tip and ring are swapped"));
        if (volts < FXO_MIN_IDLE_V)
          hints.push(
            hint(
              "handset-off-hook",
              `line voltage ${volts} V: a telephone on the same line is off the hook`,
            ),
          );
      }
    }
    if (!s.fault && s.seizedLoopCurrentMa !== null && s.seizedLoopCurrentMa < FXO_MIN_LOOP_MA)
      hints.push(
        hint(
          "loop-current-low",
          `loop current ${s.seizedLoopCurrentMa} mA when seized is low: the exchange's feed is weak`,
        ),
      );
    return {
      port: `fxo${index}`,
      type: "fxo",
      index,
      state: line.state(),
      lineConnected: s.lineConnected,
      lineVoltageV: s.fault ? null : s.lineVoltageV,
      polarity: s.fault ? null : s.polarity,
      loopCurrentMa: s.seizedLoopCurrentMa,
      ringCount: record.ringCount,
      ringCadenceMs: [...record.cadence],
      lastCallerId: record.callerId,
      hints,
      atMs: this.o.clock.now(),
    };
  }

  private publish(view: PortDiagnosticsView): void {
    const { port, type, index, hints, atMs } = view;
    const said = JSON.stringify({ ...view, atMs: 0 });
    if (this.lastSent.get(port) === said) return;
    this.lastSent.set(port, said);
    const figures: Record<string, number | string | boolean | null> =
      view.type === "fxs"
        ? {
            hook: view.hook,
            lineVoltageV: view.lineVoltageV,
            loopCurrentMa: view.loopCurrentMa,
            onHookVoltageV: view.onHookVoltageV,
            offHookVoltageV: view.offHookVoltageV,
            offHookLoopCurrentMa: view.offHookLoopCurrentMa,
            polarity: view.polarity,
          }
        : {
            lineConnected: view.lineConnected,
            lineVoltageV: view.lineVoltageV,
            polarity: view.polarity,
            loopCurrentMa: view.loopCurrentMa,
            ringCount: view.ringCount,
          };
    this.o.emit({
      type: "port-diagnostics",
      port,
      kind: type,
      index,
      figures,
      hints: hints.map((h) => h.code),
      atMs,
    });
  }
}

const hint = (code: HintCode, message: string): Hint => ({ code, message });

function busy(
  reason: "faulty" | "in-call" | "ringing" | "off-hook",
  message: string,
): { ok: false; error: Refusal } {
  return { ok: false, error: { code: "in_use", message, params: { reason } } };
}

function refuse(code: string, message: string, field?: string): { ok: false; error: Refusal } {
  return { ok: false, error: field ? { code, message, field } : { code, message } };
}

// FXS port on a Si3215 ProSLIC (Si3210/3215 datasheet; SPEC DEV-2): reads loop closure (DR68) and
// interrupt status (DR19) when the chip's INT line fires (or, without one, by polling), debounces
// hook and flash, drives the linefeed (DR64) through the ring cadence on the Clock, switches to
// on-hook transmission for caller ID, measures the loop (DR78/DR79), and moves PCM frames.
import { type Clock, startPeriodic } from "../clock.ts";
import type { InterruptLine } from "../gpio/interrupt-line.ts";
import type { PcmChannel } from "../pcm/pcm-channel.ts";
import { PCM_FRAME_MS } from "../pcm/pcm-channel.ts";
import type { PortFault } from "../port-fault.ts";
import { fail, ok, type Result } from "../result.ts";
import type { SpiDevice } from "../spi/spi.ts";
import {
  CHINA_RING_CADENCE,
  type FxsEvent,
  type FxsFaultReason,
  type FxsLineFigures,
  type FxsPort,
  type FxsState,
  type Linefeed,
  type RingOptions,
} from "./fxs.ts";
import { DEFAULT_HOOK_TIMING, HookDetector, type HookTiming } from "./hook-detector.ts";
import { batteryVolts, initializeSi3215 } from "./si3215-init.ts";
import {
  DR,
  HOOK_LCR,
  HOOK_RESERVED,
  HOOK_RTP,
  INT2_POWER_ALARMS,
  LINEFEED_CODES,
  LOOP_CURRENT_UA_PER_LSB,
  LOOP_VOLTAGE_MV_PER_LSB,
  LOOP_VOLTAGE_REVERSED,
} from "./si3215-registers.ts";
import { Si3215Spi } from "./si3215-spi.ts";

export interface Si3215FxsOptions {
  readonly index: number;
  readonly spi: SpiDevice;
  readonly pcm: PcmChannel;
  readonly clock: Clock;
  readonly pcmSlot: number;
  readonly pollIntervalMs?: number;
  readonly healthCheckIntervalMs?: number;
  /**
   * The INT line: hook changes are read when it fires, and polling slows to the health check.
   * The chip debounces loop closure itself (DR69), so the software debounce is not added on top.
   */
  readonly interrupt?: InterruptLine;
  readonly hookTiming?: HookTiming;
  /** Pause after the first ring before caller ID starts (GB/T 15279 and Bell 202: >= 500 ms). */
  readonly callerIdDelayMs?: number;
  readonly ringFrequencyHz?: number;
}

/** Battery below this while running means the DC-DC converter has failed. */
const RUNNING_MIN_BATTERY_V = 40;

export class Si3215Fxs implements FxsPort {
  readonly kind = "fxs";
  readonly index: number;
  private readonly chip: Si3215Spi;
  private readonly clock: Clock;
  private readonly pcm: PcmChannel;
  private readonly hook: HookDetector;
  private readonly listeners = new Set<(e: FxsEvent) => void>();
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private linefeed: Linefeed = "open";
  private polarity: "normal" | "reversed" = "normal";
  private fault: PortFault<FxsFaultReason> | null = null;
  private stopPolling: (() => void) | null = null;
  private lastHealthMs = 0;
  private ringTimer: unknown = null;
  private ringing = false;
  private playback: { stop: () => void } | null = null;
  private stopInterrupts: (() => void) | null = null;
  private hookTimer: unknown = null;
  private onHookVoltageV: number | null = null;
  private offHookVoltageV: number | null = null;
  private offHookLoopCurrentMa: number | null = null;

  constructor(private readonly o: Si3215FxsOptions) {
    this.index = o.index;
    this.chip = new Si3215Spi(o.spi);
    this.clock = o.clock;
    this.pcm = o.pcm;
    const timing = o.hookTiming ?? DEFAULT_HOOK_TIMING;
    this.hook = new HookDetector(o.interrupt ? { ...timing, debounceMs: 0 } : timing);
    o.pcm.onReceive((frame) => {
      if (this.fault) return;
      for (const l of this.audioListeners) l(frame);
    });
  }

  async start(): Promise<Result<void>> {
    if (this.stopPolling) return ok(undefined);
    let outcome: Awaited<ReturnType<typeof initializeSi3215>>;
    try {
      outcome = await initializeSi3215(this.chip, this.clock, {
        pcmSlot: this.o.pcmSlot,
        ringFrequencyHz: this.o.ringFrequencyHz ?? 25,
        ringVoltagePeakV: 75,
        loopCurrentMa: 23,
      });
    } catch (error) {
      outcome = {
        ok: false,
        reason: "chip-not-responding",
        detail: error instanceof Error ? error.message : String(error),
      };
    }
    if (!outcome.ok) {
      this.markFaulty(outcome.reason, outcome.detail);
      return fail("port-faulty", `FXS ${this.index}: ${outcome.detail}`);
    }
    this.setLinefeed(this.activeLinefeed());
    this.lastHealthMs = this.clock.now();
    const interrupt = this.o.interrupt;
    if (interrupt) {
      // Polling only for the health check; hook changes come with the INT line.
      this.stopPolling = startPeriodic(this.clock, this.o.healthCheckIntervalMs ?? 1000, () =>
        this.poll(),
      );
      this.stopInterrupts = interrupt.onEdge(() => this.serviceInterrupt());
      // An interrupt pending before we listened raised no edge.
      if (interrupt.read()) this.serviceInterrupt();
    } else {
      this.stopPolling = startPeriodic(this.clock, this.o.pollIntervalMs ?? 10, () => this.poll());
    }
    return ok(undefined);
  }

  stop(): void {
    this.stopPolling?.();
    this.stopPolling = null;
    this.stopInterrupts?.();
    this.stopInterrupts = null;
    this.clearHookTimer();
    this.cancelRinging();
  }

  state(): FxsState {
    return {
      kind: "fxs",
      index: this.index,
      hook: this.hook.offHook ? "off" : "on",
      ringing: this.ringing,
      linefeed: this.linefeed,
      polarity: this.polarity,
      fault: this.fault,
    };
  }

  onEvent(listener: (event: FxsEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  writeAudio(frame: Int16Array): void {
    // Caller ID owns the slot while it plays; the port is silent when faulty.
    if (this.fault || this.playback) return;
    this.pcm.transmit(frame);
  }

  ring(options: RingOptions = {}): Result<void> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    if (this.hook.offHook) return fail("invalid-state", `FXS ${this.index} is off-hook`);
    const cadence = options.cadence ?? CHINA_RING_CADENCE;
    const steps = cadence.onOffMs;
    if (steps.length === 0 || steps.length % 2 !== 0 || steps.some((ms) => !(ms > 0))) {
      return fail(
        "invalid-argument",
        "cadence needs on/off pairs of positive durations",
        "cadence",
      );
    }
    this.cancelRinging();
    this.ringing = true;
    this.emit({ type: "ring-start", atMs: this.clock.now() });
    const cid = options.callerId;
    const phase = (i: number): void => {
      const on = i % 2 === 0;
      if (on) {
        this.stopPlayback();
        this.setLinefeed("ringing");
      } else if (cid && cid.timing === "after-first-ring" && i === 1) {
        // Caller ID between the first and second ring, in on-hook transmission.
        this.setLinefeed(this.onHookTransmissionLinefeed());
        const gapMs = steps[1]!;
        const delayMs = Math.min(this.o.callerIdDelayMs ?? 500, gapMs);
        this.ringTimer = this.clock.setTimeout(() => {
          this.play(cid.frames, () => {});
          this.ringTimer = this.clock.setTimeout(() => phase(i + 1), gapMs - delayMs);
        }, delayMs);
        return;
      } else {
        this.setLinefeed(this.activeLinefeed());
      }
      this.ringTimer = this.clock.setTimeout(() => phase(i + 1), steps[i % steps.length]!);
    };
    if (cid && cid.timing === "before-first-ring") {
      this.setLinefeed(this.onHookTransmissionLinefeed());
      this.play(cid.frames, () => {
        this.ringTimer = this.clock.setTimeout(() => phase(0), this.o.callerIdDelayMs ?? 500);
      });
    } else {
      phase(0);
    }
    return ok(undefined);
  }

  stopRing(): Result<void> {
    if (!this.ringing) return ok(undefined);
    this.endRinging("stopped");
    return ok(undefined);
  }

  sendCallerIdAudio(frames: readonly Int16Array[]): Result<void> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    if (this.ringing) return fail("invalid-state", "port is ringing: pass caller ID to ring()");
    // Off-hook (call waiting) caller ID goes in the active state; on-hook needs transmission mode.
    if (!this.hook.offHook) this.setLinefeed(this.onHookTransmissionLinefeed());
    this.play(frames, () => {
      if (!this.ringing && !this.fault) this.setLinefeed(this.activeLinefeed());
    });
    return ok(undefined);
  }

  setPolarity(polarity: "normal" | "reversed"): Result<void> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    this.polarity = polarity;
    if (this.linefeed.endsWith("active")) this.setLinefeed(this.activeLinefeed());
    else if (this.linefeed.endsWith("on-hook-transmission"))
      this.setLinefeed(this.onHookTransmissionLinefeed());
    return ok(undefined);
  }

  measure(): Result<FxsLineFigures> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    const figures = this.guard(() => this.readLoop());
    if (!figures) return fail("port-faulty", `FXS ${this.index} is faulty: ${this.fault?.detail}`);
    return ok(figures);
  }

  // --- internals ----------------------------------------------------------------------------------

  /** DR78/DR79 now; remembered as the on-hook or off-hook figures by what DR68 says. */
  private readLoop(): FxsLineFigures {
    const lvs = this.chip.read(DR.LOOP_VOLTAGE_SENSE);
    const lcs = this.chip.read(DR.LOOP_CURRENT_SENSE);
    const closed = (this.chip.read(DR.HOOK_STATUS) & HOOK_LCR) !== 0;
    const lineVoltageV = tenths(((lvs & 0x3f) * LOOP_VOLTAGE_MV_PER_LSB) / 1000);
    const loopCurrentMa = tenths(((lcs & 0x3f) * LOOP_CURRENT_UA_PER_LSB) / 1000);
    // Ringing voltage is AC: the DC figures mean nothing while the ringer runs.
    if (this.linefeed !== "ringing") {
      if (closed) {
        this.offHookVoltageV = lineVoltageV;
        this.offHookLoopCurrentMa = loopCurrentMa;
      } else {
        this.onHookVoltageV = lineVoltageV;
      }
    }
    return {
      hook: this.hook.offHook ? "off" : "on",
      lineVoltageV,
      loopCurrentMa,
      polarity: lvs & LOOP_VOLTAGE_REVERSED ? "reversed" : "normal",
      onHookVoltageV: this.onHookVoltageV,
      offHookVoltageV: this.offHookVoltageV,
      offHookLoopCurrentMa: this.offHookLoopCurrentMa,
    };
  }

  /** The INT line fired: read the status registers until the chip lets the line go. */
  private serviceInterrupt(): void {
    for (let i = 0; i < 4 && this.stopInterrupts && !this.fault; i++) {
      this.poll();
      if (!this.o.interrupt?.read()) return;
    }
  }

  /** An on-hook interval becomes a hang-up after flashMaxMs with no further edge: look then. */
  private armHookTimer(): void {
    if (!this.o.interrupt) return;
    if (!this.hook.pendingOnHook) {
      this.clearHookTimer();
      return;
    }
    if (this.hookTimer !== null) return;
    const delayMs = (this.o.hookTiming ?? DEFAULT_HOOK_TIMING).flashMaxMs + 1;
    this.hookTimer = this.clock.setTimeout(() => {
      this.hookTimer = null;
      this.poll();
    }, delayMs);
  }

  private clearHookTimer(): void {
    if (this.hookTimer !== null) this.clock.clearTimeout(this.hookTimer);
    this.hookTimer = null;
  }

  private poll(): void {
    this.guard(() => {
      const status = this.chip.read(DR.HOOK_STATUS);
      if (status & HOOK_RESERVED) {
        this.checkHealth();
        if (this.fault) return;
      }
      const interrupts = this.chip.read(DR.INT_STATUS_2);
      if (interrupts !== 0) this.chip.write(DR.INT_STATUS_2, interrupts);
      if (interrupts & INT2_POWER_ALARMS) {
        this.markFaulty(
          "power-alarm",
          `transistor power alarm (DR19=0x${interrupts.toString(16)})`,
        );
        return;
      }
      const now = this.clock.now();
      const offHook = (status & (HOOK_LCR | HOOK_RTP)) !== 0;
      // Ring trip: take ringing voltage off an answered phone at once, not after the debounce.
      if (offHook && this.ringing) this.endRinging("answered");
      const events = this.hook.sample(offHook, now);
      if (events.length > 0 && !this.ringing) this.readLoop();
      for (const e of events) this.emit(e);
      this.armHookTimer();
      if (now - this.lastHealthMs >= (this.o.healthCheckIntervalMs ?? 1000)) {
        this.lastHealthMs = now;
        this.checkHealth();
      }
    });
  }

  private checkHealth(): void {
    const loopback = this.chip.read(DR.LOOPBACK);
    if (loopback !== 0x02) {
      this.markFaulty("chip-not-responding", `DR8 reads 0x${loopback.toString(16)}, expected 0x02`);
      return;
    }
    const battery = batteryVolts(this.chip.read(DR.VBAT_SENSE));
    if (battery < RUNNING_MIN_BATTERY_V)
      this.markFaulty("battery-fault", `battery ${battery.toFixed(1)} V`);
  }

  private play(frames: readonly Int16Array[], done: () => void): void {
    this.stopPlayback();
    let i = 0;
    const sendNext = (): void => {
      if (i >= frames.length) {
        stopTimer();
        this.playback = null;
        done();
        return;
      }
      this.pcm.transmit(frames[i++]!);
    };
    const stopTimer = startPeriodic(this.clock, PCM_FRAME_MS, sendNext);
    this.playback = { stop: stopTimer };
    sendNext();
  }

  private stopPlayback(): void {
    this.playback?.stop();
    this.playback = null;
  }

  private endRinging(reason: "stopped" | "answered" | "fault"): void {
    this.cancelRinging();
    if (reason !== "fault") this.setLinefeed(this.activeLinefeed());
    this.emit({ type: "ring-stop", atMs: this.clock.now(), reason });
  }

  private cancelRinging(): void {
    if (this.ringTimer !== null) this.clock.clearTimeout(this.ringTimer);
    this.ringTimer = null;
    this.stopPlayback();
    this.ringing = false;
  }

  private activeLinefeed(): Linefeed {
    return this.polarity === "normal" ? "forward-active" : "reverse-active";
  }

  private onHookTransmissionLinefeed(): Linefeed {
    return this.polarity === "normal"
      ? "forward-on-hook-transmission"
      : "reverse-on-hook-transmission";
  }

  private setLinefeed(linefeed: Linefeed): void {
    if (this.fault) return;
    this.guard(() => this.chip.write(DR.LINEFEED, LINEFEED_CODES[linefeed]));
    this.linefeed = linefeed;
  }

  private checkUsable(): Result<void> {
    if (this.fault) return fail("port-faulty", `FXS ${this.index} is faulty: ${this.fault.detail}`);
    if (!this.stopPolling) return fail("invalid-state", `FXS ${this.index} is not started`);
    return ok(undefined);
  }

  /** SPI failures (a Linux backend throws) are the chip not answering: fault this port only. */
  private guard<T>(action: () => T): T | undefined {
    try {
      return action();
    } catch (error) {
      this.markFaulty(
        "chip-not-responding",
        error instanceof Error ? error.message : String(error),
      );
      return undefined;
    }
  }

  private markFaulty(reason: FxsFaultReason, detail: string): void {
    if (this.fault) return;
    const wasRinging = this.ringing;
    this.fault = { reason, detail, atMs: this.clock.now() };
    this.stopPolling?.();
    this.stopInterrupts?.();
    this.stopInterrupts = null;
    this.clearHookTimer();
    this.cancelRinging();
    if (wasRinging) this.emit({ type: "ring-stop", atMs: this.clock.now(), reason: "fault" });
    this.emit({ type: "fault", atMs: this.clock.now(), reason, detail });
  }

  private emit(event: FxsEvent): void {
    for (const l of this.listeners) l(event);
  }
}

const tenths = (v: number): number => Math.round(v * 10) / 10;

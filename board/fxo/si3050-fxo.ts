// FXO port on a Si3050 Voice DAA (Si3050 datasheet; SPEC DEV-2): power-up of the line-side
// device, ring detection with cadence validation, seize/release through R5 OH, loop current
// (R28) and line voltage (R29) reads, polarity reversal and loop-current-drop disconnect
// detection, on-hook line monitoring (ONHM) so caller ID audio reaches the host between rings.
// With the chip's INT line (interrupt signalling), an idle line is read four times a second
// (health, line presence: an unplugged cable raises no interrupt); an interrupt (ring detect, polarity, drop-out, overload) is serviced at once
// and starts the 10 ms sampling that ring validation and loop-current tracking need, which
// stops again once the line has been quiet on hook. Without one, it samples every 10 ms.
import { type Clock, startPeriodic, waitFor } from "../clock.ts";
import type { InterruptLine } from "../gpio/interrupt-line.ts";
import type { PcmChannel } from "../pcm/pcm-channel.ts";
import type { PortFault } from "../port-fault.ts";
import { fail, ok, type Result } from "../result.ts";
import type { SpiDevice } from "../spi/spi.ts";
import type { FxoEvent, FxoFaultReason, FxoPort, FxoState } from "./fxo.ts";
import { DEFAULT_RING_VALIDATION, type RingValidation, RingValidator } from "./ring-validator.ts";
import {
  DAA1_OH,
  DAA1_ONHM,
  DAA1_RDT,
  INT_DODI,
  INT_LCSOI,
  INT_POLI,
  INT_RDTI,
  LINE_STATUS_FDT,
  LOOP_CURRENT_MA_PER_LSB,
  R,
  SI3050_SPI_READ,
  SI3050_SPI_WRITE,
} from "./si3050-registers.ts";

export interface Si3050FxoOptions {
  readonly index: number;
  readonly spi: SpiDevice;
  readonly pcm: PcmChannel;
  readonly clock: Clock;
  readonly pcmSlot: number;
  readonly pollIntervalMs?: number;
  readonly ringValidation?: RingValidation;
  /** Loop current below minLoopCurrentMa this long while off-hook is a far-end disconnect. */
  readonly disconnectMs?: number;
  readonly minLoopCurrentMa?: number;
  /** Exchanges that signal clear-down by reversing polarity (rather than at answer). */
  readonly disconnectOnPolarityReversal?: boolean;
  /** Line voltage under this on-hook means no exchange is connected. */
  readonly minLineVoltageV?: number;
  /** The chip's INT output (open drain, active low) on a GPIO line; absent: polling only. */
  readonly interrupt?: InterruptLine;
}

const SEIZE_SETTLE_MS = 200;
const LINE_STATUS_HOLD_MS = 1000;
const HEALTH_CHECK_MS = 1000;
/** With interrupts, sampling goes on this long after the last ring burst (the cadence's gap). */
const RING_QUIET_MS = 6000;
/** With interrupts, how often an idle line is read: a cable pulled raises no interrupt. */
const IDLE_LOOK_MS = 250;

export class Si3050Fxo implements FxoPort {
  readonly kind = "fxo";
  readonly index: number;
  private readonly clock: Clock;
  private readonly rings: RingValidator;
  private readonly listeners = new Set<(e: FxoEvent) => void>();
  private readonly audioListeners = new Set<(frame: Int16Array) => void>();
  private fault: PortFault<FxoFaultReason> | null = null;
  private stopPolling: (() => void) | null = null;
  /** The 10 ms sampling while the line is active (interrupt signalling only). */
  private stopSampling: (() => void) | null = null;
  private stopInterrupts: (() => void) | null = null;
  private lastRingMs = Number.NEGATIVE_INFINITY;
  private offHook = false;
  private seizedAtMs = 0;
  private revision = 0;
  private lastHealthMs = 0;
  private voltageV = 0;
  private currentMa = 0;
  private seizedCurrentMa: number | null = null;
  private polarity: "normal" | "reversed" = "normal";
  private connected = true;
  private connectedCandidateSinceMs: number | null = null;
  private lowCurrentSinceMs: number | null = null;
  private disconnectReported = false;

  constructor(private readonly o: Si3050FxoOptions) {
    this.index = o.index;
    this.clock = o.clock;
    this.rings = new RingValidator(o.ringValidation ?? DEFAULT_RING_VALIDATION);
    o.pcm.onReceive((frame) => {
      if (this.fault) return;
      for (const l of this.audioListeners) l(frame);
    });
  }

  async start(): Promise<Result<void>> {
    if (this.stopPolling) return ok(undefined);
    try {
      this.revision = this.read(R.REVISION);
      if (this.revision === 0x00 || this.revision === 0xff) {
        return this.startFailed("chip-not-responding", `R11 reads 0x${this.revision.toString(16)}`);
      }
      this.write(R.DAA_CONTROL_4, 0x00);
      // Country settings: ACIM 600 ohm, DC termination 50 V / 3.5 V knee, ring threshold defaults.
      this.write(R.INTL_CONTROL_1, 0x00);
      this.write(R.DC_TERMINATION, 0xc0);
      this.write(R.AC_TERMINATION, 0x00);
      this.write(R.DAA_CONTROL_5, 0x20);
      const startCount = this.o.pcmSlot * 8 + 1;
      this.write(R.PCM_TX_START_LOW, startCount & 0xff);
      this.write(R.PCM_TX_START_HIGH, startCount >> 8);
      this.write(R.PCM_RX_START_LOW, startCount & 0xff);
      this.write(R.PCM_RX_START_HIGH, startCount >> 8);
      this.write(R.PCM_MODE, 0x38);
      this.write(R.RING_VALIDATION_1, 0x16);
      this.write(R.RING_VALIDATION_2, 0x2d);
      this.write(R.RING_VALIDATION_3, 0x99);
      // Power up the line-side device and wait for the isolation link's frame detect.
      this.write(R.DAA_CONTROL_2, 0x00);
      if (
        !(await waitFor(this.clock, () => (this.read(R.LINE_STATUS) & LINE_STATUS_FDT) !== 0, 500))
      ) {
        return this.startFailed("line-side-lost", "no frame detect from the line-side device");
      }
      this.write(R.INT_MASK, INT_RDTI | INT_DODI | INT_LCSOI | INT_POLI);
      this.write(R.INT_SOURCE, 0x00);
      this.write(R.DAA_CONTROL_1, DAA1_ONHM);
    } catch (error) {
      return this.startFailed(
        "chip-not-responding",
        error instanceof Error ? error.message : String(error),
      );
    }
    this.lastHealthMs = this.clock.now();
    const interrupt = this.o.interrupt;
    if (!interrupt) {
      this.stopPolling = startPeriodic(this.clock, this.o.pollIntervalMs ?? 10, () => this.poll());
      return ok(undefined);
    }
    this.stopPolling = startPeriodic(this.clock, IDLE_LOOK_MS, () => this.sample());
    this.stopInterrupts = interrupt.onEdge(() => this.sample());
    // The line as it is now (voltage, polarity), and any interrupt pending before we listened,
    // which raised no edge.
    this.sample();
    return ok(undefined);
  }

  stop(): void {
    this.stopPolling?.();
    this.stopPolling = null;
    this.stopSampling?.();
    this.stopSampling = null;
    this.stopInterrupts?.();
    this.stopInterrupts = null;
  }

  state(): FxoState {
    return {
      kind: "fxo",
      index: this.index,
      hook: this.offHook ? "off" : "on",
      ringing: this.rings.ringing,
      lineConnected: this.connected,
      lineVoltageV: this.voltageV,
      loopCurrentMa: this.currentMa,
      seizedLoopCurrentMa: this.seizedCurrentMa,
      polarity: this.polarity,
      fault: this.fault,
    };
  }

  onEvent(listener: (event: FxoEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAudio(listener: (frame: Int16Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  writeAudio(frame: Int16Array): void {
    if (!this.fault) this.o.pcm.transmit(frame);
  }

  seize(): Result<void> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    if (!this.attempt(() => this.write(R.DAA_CONTROL_1, DAA1_ONHM | DAA1_OH)))
      return this.faultResult();
    this.offHook = true;
    this.seizedAtMs = this.clock.now();
    this.lowCurrentSinceMs = null;
    this.disconnectReported = false;
    this.rings.reset();
    this.pace();
    return ok(undefined);
  }

  release(): Result<void> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    if (!this.attempt(() => this.write(R.DAA_CONTROL_1, DAA1_ONHM))) return this.faultResult();
    this.offHook = false;
    return ok(undefined);
  }

  readLoopCurrentMa(): Result<number> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    const raw = this.tryRead(R.LOOP_CURRENT);
    return raw === undefined
      ? this.faultResult()
      : ok(Math.round(raw * LOOP_CURRENT_MA_PER_LSB * 10) / 10);
  }

  readLineVoltageV(): Result<number> {
    const usable = this.checkUsable();
    if (!usable.ok) return usable;
    const raw = this.tryRead(R.LINE_VOLTAGE);
    return raw === undefined ? this.faultResult() : ok(raw > 127 ? raw - 256 : raw);
  }

  // --- internals -----------------------------------------------------------------------------------

  /** Interrupt signalling: one read of the chip now, then the pace the line's activity needs. */
  private sample(): void {
    this.poll();
    this.pace();
  }

  /** Samples every 10 ms while seized, ringing or just rung; idle, only the 250 ms look. */
  private pace(): void {
    if (!this.o.interrupt || !this.stopPolling || this.fault) return;
    const now = this.clock.now();
    const active =
      this.offHook ||
      this.rings.ringing ||
      now - this.lastRingMs < RING_QUIET_MS ||
      this.connectedCandidateSinceMs !== null;
    if (active && !this.stopSampling)
      this.stopSampling = startPeriodic(this.clock, this.o.pollIntervalMs ?? 10, () =>
        this.sample(),
      );
    else if (!active && this.stopSampling) {
      this.stopSampling();
      this.stopSampling = null;
    }
  }

  private poll(): void {
    this.attempt(() => {
      const now = this.clock.now();
      const daa1 = this.read(R.DAA_CONTROL_1);
      if (daa1 === 0xff || (daa1 & DAA1_ONHM) === 0 || now - this.lastHealthMs >= HEALTH_CHECK_MS) {
        this.lastHealthMs = now;
        this.checkHealth();
        if (this.fault) return;
      }
      const interrupts = this.read(R.INT_SOURCE);
      if (interrupts !== 0) this.write(R.INT_SOURCE, ~interrupts & 0xff);
      if (interrupts & INT_LCSOI) {
        this.markFaulty("line-fault", "loop current overload (R4 LCSOI)");
        return;
      }
      const lvs = this.read(R.LINE_VOLTAGE);
      this.voltageV = lvs > 127 ? lvs - 256 : lvs;
      this.currentMa = Math.round(this.read(R.LOOP_CURRENT) * LOOP_CURRENT_MA_PER_LSB * 10) / 10;
      this.trackPolarity(now);
      if (this.offHook) this.trackLoopCurrent(now);
      else {
        if ((daa1 & DAA1_RDT) !== 0 || (interrupts & INT_RDTI) !== 0) this.lastRingMs = now;
        for (const e of this.rings.sample((daa1 & DAA1_RDT) !== 0, now)) this.emit(e);
        this.trackLinePresence(now);
      }
    });
  }

  /** The sign of LVS says which way the battery points; POLI alone would not. */
  private trackPolarity(now: number): void {
    if (Math.abs(this.voltageV) < (this.o.minLineVoltageV ?? 3)) return;
    const polarity = this.voltageV < 0 ? "reversed" : "normal";
    if (polarity === this.polarity) return;
    this.polarity = polarity;
    this.emit({ type: "polarity-reversal", atMs: now, polarity });
    if (this.offHook && this.o.disconnectOnPolarityReversal)
      this.reportDisconnect(now, "polarity-reversal");
  }

  private trackLoopCurrent(now: number): void {
    if (now - this.seizedAtMs < SEIZE_SETTLE_MS) return;
    this.seizedCurrentMa = this.currentMa;
    if (this.currentMa >= (this.o.minLoopCurrentMa ?? 3)) {
      this.lowCurrentSinceMs = null;
      return;
    }
    this.lowCurrentSinceMs ??= now;
    if (now - this.lowCurrentSinceMs >= (this.o.disconnectMs ?? 300))
      this.reportDisconnect(now, "loop-current-drop");
  }

  private reportDisconnect(now: number, reason: "loop-current-drop" | "polarity-reversal"): void {
    if (this.disconnectReported) return;
    this.disconnectReported = true;
    this.emit({ type: "disconnect", atMs: now, reason });
  }

  private trackLinePresence(now: number): void {
    const present = Math.abs(this.voltageV) >= (this.o.minLineVoltageV ?? 3) || this.rings.ringing;
    if (present === this.connected) {
      this.connectedCandidateSinceMs = null;
      return;
    }
    this.connectedCandidateSinceMs ??= now;
    if (now - this.connectedCandidateSinceMs >= LINE_STATUS_HOLD_MS) {
      this.connected = present;
      this.connectedCandidateSinceMs = null;
      this.emit({ type: "line-status", atMs: now, connected: present });
    }
  }

  private checkHealth(): void {
    const revision = this.read(R.REVISION);
    if (revision !== this.revision) {
      this.markFaulty(
        "chip-not-responding",
        `R11 reads 0x${revision.toString(16)}, was 0x${this.revision.toString(16)}`,
      );
      return;
    }
    if ((this.read(R.LINE_STATUS) & LINE_STATUS_FDT) === 0)
      this.markFaulty("line-side-lost", "frame detect lost");
  }

  private read(reg: number): number {
    return this.o.spi.transfer(Uint8Array.of(SI3050_SPI_READ, reg, 0))[2] ?? 0xff;
  }

  private write(reg: number, value: number): void {
    this.o.spi.transfer(Uint8Array.of(SI3050_SPI_WRITE, reg, value & 0xff));
  }

  private checkUsable(): Result<void> {
    if (this.fault) return this.faultResult();
    if (!this.stopPolling) return fail("invalid-state", `FXO ${this.index} is not started`);
    return ok(undefined);
  }

  private faultResult<T>(): Result<T> {
    return fail("port-faulty", `FXO ${this.index} is faulty: ${this.fault?.detail ?? "SPI error"}`);
  }

  private startFailed(reason: FxoFaultReason, detail: string): Result<void> {
    this.markFaulty(reason, detail);
    return fail("port-faulty", `FXO ${this.index}: ${detail}`);
  }

  /** SPI failures (a Linux backend throws) are the chip not answering: fault this port only. */
  private attempt(action: () => void): boolean {
    try {
      action();
      return true;
    } catch (error) {
      this.markFaulty(
        "chip-not-responding",
        error instanceof Error ? error.message : String(error),
      );
      return false;
    }
  }

  private tryRead(reg: number): number | undefined {
    let value: number | undefined;
    return this.attempt(() => {
      value = this.read(reg);
    })
      ? value
      : undefined;
  }

  private markFaulty(reason: FxoFaultReason, detail: string): void {
    if (this.fault) return;
    this.fault = { reason, detail, atMs: this.clock.now() };
    this.stopPolling?.();
    this.stopSampling?.();
    this.stopSampling = null;
    this.emit({ type: "fault", atMs: this.clock.now(), reason, detail });
  }

  private emit(event: FxoEvent): void {
    for (const l of this.listeners) l(event);
  }
}

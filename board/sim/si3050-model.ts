// Register-level model of a Si3050 Voice DAA (Si3050 datasheet) on the simulated SPI bus. The
// driver sees ring detect (R5 RDT, R4 RDTI), off-hook (R5 OH), loop current (R28), line voltage
// and polarity (R29), interrupts and the line-side link (R6 PDL, R12 FDT); the telco side drives
// ringing, battery feed, polarity and audio.
import type { Clock } from "../clock.ts";
import {
  DAA1_OH,
  DAA1_ONHM,
  DAA1_RDT,
  DAA1_RDTP,
  DAA2_PDL,
  INT_DODI,
  INT_LCSOI,
  INT_POLI,
  INT_RDTI,
  LINE_STATUS_FDT,
  LOOP_CURRENT_MA_PER_LSB,
  R,
  SI3050_SPI_READ,
  SI3050_SPI_WRITE,
} from "../fxo/si3050-registers.ts";
import type { PcmChannel } from "../pcm/pcm-channel.ts";
import type { SimSpiTarget } from "../spi/sim-spi.ts";
import type { RegisterWrite } from "./si3215-model.ts";

/** What the telephone exchange's line sees of the DAA. */
export interface DaaLineListener {
  onHookChange(offHook: boolean, atMs: number): void;
  onAudio(frame: Int16Array): void;
}

export type Si3050Fault = "no-response" | "reads-zero" | "line-fault";

const ON_HOOK_VOLTS = 48;
const OFF_HOOK_VOLTS = 8;
const LOOP_CURRENT_MA = 25;

export class Si3050Model implements SimSpiTarget {
  private readonly regs = new Uint8Array(64);
  private fault: Si3050Fault | null = null;
  private listener: DaaLineListener | null = null;
  private connected = true;
  private feed = true;
  private ringVoltage = false;
  private reversed = false;
  /** Another telephone on the same pair is off the hook: the exchange's feed sags. */
  private extensionOffHook = false;
  private interruptPin: ((asserted: boolean) => void) | null = null;
  private interruptAsserted = false;
  readonly writes: RegisterWrite[] = [];
  /** Register reads, kept while `traceReads` is on (a test watching the driver's SPI traffic). */
  traceReads = false;
  readonly reads: { register: number; atMs: number }[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly pcm: PcmChannel,
  ) {
    this.regs[R.CONTROL_2] = 0x03;
    this.regs[R.DAA_CONTROL_2] = DAA2_PDL;
    this.regs[R.REVISION] = 0x13;
    pcm.onReceive((frame) => {
      if (this.pcmEnabled() && this.offHook()) this.listener?.onAudio(frame);
    });
  }

  attachLine(listener: DaaLineListener): void {
    this.listener = listener;
  }

  /**
   * The INT pin (open drain, active low): asserted while an interrupt enabled in R3 is pending
   * in R4; the board routes it to a GPIO line.
   */
  attachInterruptPin(pin: (asserted: boolean) => void): void {
    this.interruptPin = pin;
    this.updateInterruptPin();
  }

  // --- SPI face --------------------------------------------------------------------------------

  transfer(tx: Uint8Array): Uint8Array {
    const rx = new Uint8Array(tx.length);
    if (tx.length < 3 || (tx[0]! & 0x20) === 0) return rx.fill(0xff);
    if ((tx[0]! & SI3050_SPI_READ) === SI3050_SPI_READ) rx[2] = this.read(tx[1]! & 0x3f);
    else if (
      tx[0] === SI3050_SPI_WRITE &&
      this.fault !== "no-response" &&
      this.fault !== "reads-zero"
    ) {
      this.write(tx[1]! & 0x3f, tx[2]!);
    }
    return rx;
  }

  private read(reg: number): number {
    if (this.traceReads) this.reads.push({ register: reg, atMs: this.clock.now() });
    if (this.fault === "no-response") return 0xff;
    if (this.fault === "reads-zero") return 0x00;
    switch (reg) {
      case R.DAA_CONTROL_1:
        return (
          (this.regs[reg]! & (DAA1_OH | DAA1_ONHM)) |
          (this.ringDetected() ? DAA1_RDT | DAA1_RDTP : 0)
        );
      case R.LINE_STATUS:
        return this.lineSideUp() ? LINE_STATUS_FDT : 0;
      case R.LOOP_CURRENT:
        return Math.round(this.loopCurrentMa() / LOOP_CURRENT_MA_PER_LSB);
      case R.LINE_VOLTAGE:
        return this.lineVoltageV() & 0xff;
      default:
        return this.regs[reg] ?? 0;
    }
  }

  private write(reg: number, value: number): void {
    this.writes.push({ register: reg, value, atMs: this.clock.now() });
    if (reg === R.INT_SOURCE) {
      this.regs[reg] = this.regs[reg]! & value;
      if (this.fault === "line-fault") this.raise(INT_LCSOI);
      this.updateInterruptPin();
      return;
    }
    const wasOffHook = this.offHook();
    this.regs[reg] = value;
    if (reg === R.INT_MASK) this.updateInterruptPin();
    if (this.offHook() !== wasOffHook)
      this.listener?.onHookChange(this.offHook(), this.clock.now());
  }

  private raise(bits: number): void {
    this.regs[R.INT_SOURCE] = this.regs[R.INT_SOURCE]! | bits;
    this.updateInterruptPin();
  }

  private updateInterruptPin(): void {
    const pending = (this.regs[R.INT_SOURCE]! & this.regs[R.INT_MASK]!) !== 0;
    if (pending === this.interruptAsserted) return;
    this.interruptAsserted = pending;
    this.interruptPin?.(pending);
  }

  private lineSideUp(): boolean {
    return (this.regs[R.DAA_CONTROL_2]! & DAA2_PDL) === 0;
  }

  private pcmEnabled(): boolean {
    return (this.regs[R.PCM_MODE]! & 0x20) !== 0;
  }

  private ringDetected(): boolean {
    return this.lineSideUp() && this.connected && this.ringVoltage && !this.offHook();
  }

  private loopCurrentMa(): number {
    return this.lineSideUp() && this.offHook() && this.connected && this.feed ? LOOP_CURRENT_MA : 0;
  }

  private lineVoltageV(): number {
    if (!this.lineSideUp() || !this.connected || !this.feed) return 0;
    const volts = this.offHook() || this.extensionOffHook ? OFF_HOOK_VOLTS : ON_HOOK_VOLTS;
    return this.reversed ? -volts : volts;
  }

  // --- line face (the virtual telco line) ------------------------------------------------------

  offHook(): boolean {
    return (this.regs[R.DAA_CONTROL_1]! & DAA1_OH) !== 0;
  }

  // Each change is in the registers before its interrupt is raised, as on the chip: a driver
  // woken by the INT line reads the new state.
  setRingVoltage(on: boolean): void {
    const rises = on && !this.ringVoltage && !this.offHook();
    this.ringVoltage = on;
    if (rises) this.raise(INT_RDTI);
  }

  /** Battery feed from the exchange; dropping it while off-hook is a loop-current disconnect. */
  setFeed(on: boolean): void {
    const drops = !on && this.feed && this.offHook();
    this.feed = on;
    if (drops) this.raise(INT_DODI);
  }

  setConnected(connected: boolean): void {
    const drops = !connected && this.connected && this.offHook();
    this.connected = connected;
    if (drops) this.raise(INT_DODI);
  }

  setExtensionOffHook(offHook: boolean): void {
    this.extensionOffHook = offHook;
  }

  setReversed(reversed: boolean): void {
    const changes = reversed !== this.reversed;
    this.reversed = reversed;
    if (changes) this.raise(INT_POLI);
  }

  /** Audio from the exchange; the DAA passes it off-hook, and on-hook while line monitoring (ONHM). */
  sendFromLine(frame: Int16Array): void {
    if (!this.pcmEnabled() || !this.lineSideUp() || !this.connected) return;
    const monitoring = (this.regs[R.DAA_CONTROL_1]! & DAA1_ONHM) !== 0;
    if (this.offHook() || monitoring) this.pcm.transmit(frame);
  }

  // --- test face --------------------------------------------------------------------------------

  injectFault(fault: Si3050Fault): void {
    this.fault = fault;
    if (fault === "line-fault") this.raise(INT_LCSOI);
  }

  clearFault(): void {
    this.fault = null;
  }

  peek(reg: number): number {
    return this.regs[reg] ?? 0;
  }
}

// Register-level model of a Si3215 ProSLIC (Si3210/3215 datasheet) on the simulated SPI bus: the
// real driver writes and reads its registers; the model reacts like the chip as far as the driver
// can observe (linefeed, loop closure and ring trip, interrupts, indirect registers, DC-DC power-up
// and calibration, PCM), and drives the analog line towards an attached virtual phone.
import type { Clock } from "../clock.ts";
import type { Linefeed } from "../fxs/fxs.ts";
import {
  DCDC_CAL_BUSY,
  DR,
  HOOK_LCR,
  HOOK_RTP,
  INT2_LOOP_CLOSURE,
  INT2_RING_TRIP,
  LINEFEED_CODES,
  LOOP_CURRENT_UA_PER_LSB,
  LOOP_VOLTAGE_MV_PER_LSB,
  LOOP_VOLTAGE_REVERSED,
  ON_HOOK_VOLTAGE_MV_PER_LSB,
  SI3215_SPI_READ,
  VBAT_SENSE_MV_PER_LSB,
} from "../fxs/si3215-registers.ts";
import type { PcmChannel } from "../pcm/pcm-channel.ts";
import type { SimSpiTarget } from "../spi/sim-spi.ts";

/** What an analog phone on the line sees of the SLIC. */
export interface SlicLineListener {
  onLinefeed(linefeed: Linefeed, atMs: number): void;
  onAudio(frame: Int16Array): void;
}

/** Faults a test can inject into the chip. */
export type Si3215Fault = "no-response" | "reads-zero" | "power-alarm" | "battery-fault";

export interface RegisterWrite {
  readonly register: number;
  readonly value: number;
  readonly atMs: number;
}

const LINEFEED_NAMES = Object.fromEntries(
  Object.entries(LINEFEED_CODES).map(([name, code]) => [code, name]),
) as Record<number, Linefeed>;

/** DC resistance of an off-hook telephone set and the line to it. */
const DEFAULT_LOOP_OHMS = 300;
/** The DC feed's source resistance below the current limit (the resistive region of the feed). */
const FEED_OHMS = 400;

const RESET_VALUES: ReadonlyArray<[number, number]> = [
  [DR.ID, 0x05],
  [DR.LOOPBACK, 0x02],
  [DR.HYBRID, 0x33],
  [DR.POWER_DOWN_1, 0x10],
  [DR.VBATH, 0x32],
  [DR.VBATL, 0x10],
];

export class Si3215Model implements SimSpiTarget {
  private readonly regs = new Uint8Array(128);
  private readonly indirect = new Uint16Array(256);
  private indirectDataWritten = false;
  private loopClosed = false;
  private fault: Si3215Fault | null = null;
  private listener: SlicLineListener | null = null;
  private loopOhms = DEFAULT_LOOP_OHMS;
  /** Leakage between tip and ring (a damp cable): on-hook current, in ohms; null = none. */
  private leakageOhms: number | null = null;
  private interruptPin: ((asserted: boolean) => void) | null = null;
  private interruptAsserted = false;
  /** Every register write, in order, for tests that check the driver's exact writes. */
  readonly writes: RegisterWrite[] = [];
  /** Register reads (value as answered) while traceReads is on, for tests of what the driver read. */
  readonly reads: RegisterWrite[] = [];
  /** Off by default: a running board reads its chips for ever. */
  traceReads = false;

  constructor(
    private readonly clock: Clock,
    private readonly pcm: PcmChannel,
  ) {
    for (const [reg, value] of RESET_VALUES) this.regs[reg] = value;
    pcm.onReceive((frame) => {
      if (this.pcmEnabled() && this.lineCarriesAudio()) this.listener?.onAudio(frame);
    });
  }

  attachLine(listener: SlicLineListener): void {
    this.listener = listener;
  }

  /**
   * The INT pin (open drain, active low): asserted while an enabled interrupt (DR18-20 masked by
   * DR21-23) is pending; the board routes it to a GPIO line.
   */
  attachInterruptPin(pin: (asserted: boolean) => void): void {
    this.interruptPin = pin;
    this.updateInterruptPin();
  }

  // --- SPI face -----------------------------------------------------------------------------

  transfer(tx: Uint8Array): Uint8Array {
    const rx = new Uint8Array(tx.length);
    if (tx.length < 2) return rx.fill(0xff);
    const control = tx[0]!;
    const address = control & 0x7f;
    if (control & SI3215_SPI_READ) {
      rx[1] = this.read(address);
      if (this.traceReads)
        this.reads.push({ register: address, value: rx[1]!, atMs: this.clock.now() });
    } else {
      if (this.fault !== "no-response" && this.fault !== "reads-zero") this.write(address, tx[1]!);
    }
    return rx;
  }

  private read(reg: number): number {
    if (this.fault === "no-response") return 0xff;
    if (this.fault === "reads-zero") return 0x00;
    switch (reg) {
      case DR.LINEFEED: {
        const lf = this.regs[DR.LINEFEED]! & 0x07;
        return (lf << 4) | lf;
      }
      case DR.HOOK_STATUS:
        return this.hookStatus();
      case DR.VBAT_SENSE:
        return this.vbatSense();
      case DR.LOOP_VOLTAGE_SENSE:
        return this.loopVoltageSense();
      case DR.LOOP_CURRENT_SENSE:
        return Math.min(0x3f, Math.round((this.loopCurrentMa() * 1000) / LOOP_CURRENT_UA_PER_LSB));
      default:
        return this.regs[reg] ?? 0;
    }
  }

  private write(reg: number, value: number): void {
    this.writes.push({ register: reg, value, atMs: this.clock.now() });
    switch (reg) {
      case DR.INT_STATUS_1:
      case DR.INT_STATUS_2:
      case DR.INT_STATUS_3:
        // Interrupt bits clear when written with 1.
        this.regs[reg] = this.regs[reg]! & ~value;
        if (reg === DR.INT_STATUS_2 && this.fault === "power-alarm") this.regs[reg] |= 0x04;
        this.updateInterruptPin();
        return;
      case DR.INT_ENABLE_1:
      case DR.INT_ENABLE_2:
      case DR.INT_ENABLE_3:
        this.regs[reg] = value;
        this.updateInterruptPin();
        return;
      case DR.IND_DATA_LOW:
      case DR.IND_DATA_HIGH:
        this.regs[reg] = value;
        this.indirectDataWritten = true;
        return;
      case DR.IND_ADDRESS:
        this.indirectAccess(value);
        return;
      case DR.DCDC_CONTROL:
        // DC-DC calibration finishes before the driver's next read.
        this.regs[reg] = value & ~DCDC_CAL_BUSY;
        return;
      case DR.CAL_1:
        this.regs[reg] = 0;
        return;
      case DR.LINEFEED: {
        const before = this.linefeed();
        this.regs[reg] = value & 0x07;
        if (this.linefeed() !== before) this.onLinefeedChange();
        return;
      }
      default:
        this.regs[reg] = value;
    }
  }

  /** The chip tells a write (data written first) from a read (address only) of IR by that order. */
  private indirectAccess(address: number): void {
    if (this.indirectDataWritten) {
      this.indirect[address] = this.regs[DR.IND_DATA_LOW]! | (this.regs[DR.IND_DATA_HIGH]! << 8);
    } else {
      const v = this.indirect[address]!;
      this.regs[DR.IND_DATA_LOW] = v & 0xff;
      this.regs[DR.IND_DATA_HIGH] = v >> 8;
    }
    this.indirectDataWritten = false;
    this.regs[DR.IND_STATUS] = 0;
  }

  private hookStatus(): number {
    if (!this.loopClosed || !this.batteryUp()) return 0;
    const lf = this.linefeed();
    if (lf === "open") return 0;
    if (lf === "ringing") return HOOK_LCR | HOOK_RTP;
    return HOOK_LCR;
  }

  private batteryUp(): boolean {
    return this.fault !== "battery-fault" && (this.regs[DR.POWER_DOWN_1]! & 0x10) === 0;
  }

  private vbatSense(): number {
    if (!this.batteryUp()) return 0;
    const vbathV = this.regs[DR.VBATH]! * 1.5;
    return Math.min(255, Math.round((vbathV * 1000) / VBAT_SENSE_MV_PER_LSB));
  }

  /** Current in the loop: limited by DR71 off-hook, through the leakage on-hook. */
  private loopCurrentMa(): number {
    const lf = this.linefeed();
    if (!this.batteryUp() || lf === "open" || lf === "ringing") return 0;
    const openCircuitV = this.openCircuitVolts();
    const loadOhms = this.loopClosed ? this.loopOhms : this.leakageOhms;
    if (loadOhms === null) return 0;
    const limitMa = 20 + 3 * (this.regs[DR.LOOP_CURRENT_LIMIT]! & 0x07);
    return Math.min(limitMa, (openCircuitV * 1000) / (FEED_OHMS + loadOhms));
  }

  private openCircuitVolts(): number {
    const vocV = (this.regs[DR.ON_HOOK_LINE_VOLTAGE]! * ON_HOOK_VOLTAGE_MV_PER_LSB) / 1000;
    return Math.min(vocV, this.regs[DR.VBATH]! * 1.5);
  }

  /** |tip - ring| (bits 5:0) and LVSP (bit 7) for the reverse linefeeds. */
  private loopVoltageSense(): number {
    const lf = this.linefeed();
    if (!this.batteryUp() || lf === "open" || lf === "ringing") return 0;
    // A closed loop or a leak draws current: the line voltage is what the load's resistance drops.
    const loadOhms = this.loopClosed ? this.loopOhms : this.leakageOhms;
    const volts =
      loadOhms === null ? this.openCircuitVolts() : (this.loopCurrentMa() * loadOhms) / 1000;
    const code = Math.min(0x3f, Math.round((volts * 1000) / LOOP_VOLTAGE_MV_PER_LSB));
    return lf.startsWith("reverse") ? code | LOOP_VOLTAGE_REVERSED : code;
  }

  private pcmEnabled(): boolean {
    return (this.regs[DR.PCM_MODE]! & 0x20) !== 0;
  }

  private lineCarriesAudio(): boolean {
    const lf = this.linefeed();
    return this.batteryUp() && lf !== "open" && lf !== "ringing";
  }

  private onLinefeedChange(): void {
    if (this.linefeed() === "ringing" && this.loopClosed)
      this.raise(DR.INT_STATUS_2, INT2_RING_TRIP);
    this.listener?.onLinefeed(this.linefeed(), this.clock.now());
  }

  private raise(reg: number, bits: number): void {
    this.regs[reg] = this.regs[reg]! | bits;
    this.updateInterruptPin();
  }

  private updateInterruptPin(): void {
    const pending =
      (this.regs[DR.INT_STATUS_1]! & this.regs[DR.INT_ENABLE_1]!) !== 0 ||
      (this.regs[DR.INT_STATUS_2]! & this.regs[DR.INT_ENABLE_2]!) !== 0 ||
      (this.regs[DR.INT_STATUS_3]! & this.regs[DR.INT_ENABLE_3]!) !== 0;
    if (pending === this.interruptAsserted) return;
    this.interruptAsserted = pending;
    this.interruptPin?.(pending);
  }

  // --- analog face (the virtual phone) --------------------------------------------------------

  /** The linefeed state the chip is driving. */
  linefeed(): Linefeed {
    return LINEFEED_NAMES[this.regs[DR.LINEFEED]! & 0x07]!;
  }

  /** The handset closes or opens the DC loop. */
  setLoopClosed(closed: boolean): void {
    if (closed === this.loopClosed) return;
    this.loopClosed = closed;
    this.raise(DR.INT_STATUS_2, INT2_LOOP_CLOSURE);
    if (closed && this.linefeed() === "ringing") this.raise(DR.INT_STATUS_2, INT2_RING_TRIP);
  }

  /** Audio the phone puts on the line; reaches the PCM highway while the loop is fed and closed. */
  sendFromLine(frame: Int16Array): void {
    if (this.pcmEnabled() && this.loopClosed && this.lineCarriesAudio()) this.pcm.transmit(frame);
  }

  // --- test face -------------------------------------------------------------------------------

  injectFault(fault: Si3215Fault): void {
    this.fault = fault;
    if (fault === "power-alarm") this.raise(DR.INT_STATUS_2, 0x04);
  }

  clearFault(): void {
    this.fault = null;
  }

  /** DC resistance of the off-hook phone and its cable (a long line draws less current). */
  setLoopResistance(ohms: number): void {
    this.loopOhms = ohms;
  }

  /** Leakage across tip and ring (null: none), which pulls the on-hook voltage down. */
  setLeakage(ohms: number | null): void {
    this.leakageOhms = ohms;
  }

  /** Register value as the chip holds it (bypassing faults), for assertions. */
  peek(reg: number): number {
    return this.regs[reg] ?? 0;
  }

  peekIndirect(address: number): number {
    return this.indirect[address] ?? 0;
  }
}

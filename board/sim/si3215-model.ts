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
  /** Every register write, in order, for tests that check the driver's exact writes. */
  readonly writes: RegisterWrite[] = [];

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

  // --- SPI face -----------------------------------------------------------------------------

  transfer(tx: Uint8Array): Uint8Array {
    const rx = new Uint8Array(tx.length);
    if (tx.length < 2) return rx.fill(0xff);
    const control = tx[0]!;
    const address = control & 0x7f;
    if (control & SI3215_SPI_READ) {
      rx[1] = this.read(address);
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

  /** Register value as the chip holds it (bypassing faults), for assertions. */
  peek(reg: number): number {
    return this.regs[reg] ?? 0;
  }

  peekIndirect(address: number): number {
    return this.indirect[address] ?? 0;
  }
}

// A DS1307-class RTC spoken over an I2cBus (Maxim DS1307 datasheet "Timekeeper Registers"):
// seconds..year in BCD at 0x00-0x06, 24-hour mode, CH (clock halt) = bit 7 of seconds. On the
// simulated board it runs against board/sim's Ds1307Model.
import { type I2cBus, writeRead } from "../i2c/i2c.ts";
import type { Rtc } from "./rtc.ts";

const toBcd = (n: number): number => ((Math.floor(n / 10) << 4) | (n % 10)) & 0xff;
const fromBcd = (b: number): number => (b >> 4) * 10 + (b & 0x0f);

export class SimRtc implements Rtc {
  constructor(
    private readonly bus: I2cBus,
    private readonly address: number,
  ) {}

  readEpochMs(): number {
    const r = writeRead(this.bus, this.address, Uint8Array.of(0), 7);
    return Date.UTC(
      2000 + fromBcd(r[6]!),
      fromBcd(r[5]! & 0x1f) - 1,
      fromBcd(r[4]! & 0x3f),
      fromBcd(r[2]! & 0x3f),
      fromBcd(r[1]! & 0x7f),
      fromBcd(r[0]! & 0x7f),
    );
  }

  setEpochMs(epochMs: number): void {
    const d = new Date(epochMs);
    const regs = [
      d.getUTCSeconds(),
      d.getUTCMinutes(),
      d.getUTCHours(),
      d.getUTCDay() + 1,
      d.getUTCDate(),
      d.getUTCMonth() + 1,
      d.getUTCFullYear() - 2000,
    ];
    this.bus.transfer([
      { address: this.address, read: false, data: Uint8Array.of(0, ...regs.map(toBcd)) },
    ]);
  }
}

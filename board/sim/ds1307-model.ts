// Model of a DS1307 RTC (Maxim DS1307 datasheet): BCD timekeeping registers 0x00-0x06 that keep
// counting on the simulation Clock; writing the registers sets the time. Its backup battery,
// when given one, keeps the time across the simulator's restarts.
import type { Clock } from "../clock.ts";
import type { SimI2cTarget } from "../i2c/sim-i2c.ts";

const toBcd = (n: number): number => ((Math.floor(n / 10) << 4) | (n % 10)) & 0xff;
const fromBcd = (b: number): number => (b >> 4) * 10 + (b & 0x0f);

/** What keeps the chip's time while the board is off: the time it was set to, and when. */
export interface RtcBattery {
  /** The time the chip shows now, if the battery held one. */
  load(): number | undefined;
  save(epochMs: number): void;
}

export class Ds1307Model implements SimI2cTarget {
  private pointer = 0;
  /** Epoch ms the chip showed at clock time `setAtMs`. */
  private baseEpochMs: number;
  private setAtMs: number;

  constructor(
    private readonly clock: Clock,
    initialEpochMs = Date.UTC(2024, 0, 1),
    private readonly battery?: RtcBattery,
  ) {
    this.baseEpochMs = battery?.load() ?? initialEpochMs;
    this.setAtMs = clock.now();
  }

  write(data: Uint8Array): void {
    if (data.length === 0) return;
    this.pointer = data[0]! & 0x3f;
    if (data.length >= 8 && this.pointer === 0) {
      const r = data.subarray(1);
      this.baseEpochMs = Date.UTC(
        2000 + fromBcd(r[6]!),
        fromBcd(r[5]!) - 1,
        fromBcd(r[4]!),
        fromBcd(r[2]! & 0x3f),
        fromBcd(r[1]!),
        fromBcd(r[0]! & 0x7f),
      );
      this.setAtMs = this.clock.now();
      this.battery?.save(this.baseEpochMs);
    }
  }

  read(length: number): Uint8Array {
    const d = new Date(this.baseEpochMs + (this.clock.now() - this.setAtMs));
    const regs = [
      d.getUTCSeconds(),
      d.getUTCMinutes(),
      d.getUTCHours(),
      d.getUTCDay() + 1,
      d.getUTCDate(),
      d.getUTCMonth() + 1,
      d.getUTCFullYear() - 2000,
    ].map(toBcd);
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = regs[(this.pointer + i) % 64] ?? 0;
    return out;
  }
}

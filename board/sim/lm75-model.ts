// Model of an LM75 temperature sensor (TI LM75A datasheet): register 0 holds the temperature,
// 9-bit two's complement in the top bits of two bytes; tests and the front panel set it.
import type { SimI2cTarget } from "../i2c/sim-i2c.ts";

export class Lm75Model implements SimI2cTarget {
  private pointer = 0;

  constructor(private celsius = 42) {}

  setCelsius(celsius: number): void {
    this.celsius = Math.max(-55, Math.min(125, celsius));
  }

  write(data: Uint8Array): void {
    if (data.length > 0) this.pointer = data[0]! & 0x03;
  }

  read(length: number): Uint8Array {
    const out = new Uint8Array(length);
    if (this.pointer !== 0) return out;
    const raw = Math.round(this.celsius * 2) & 0x1ff;
    out[0] = raw >> 1;
    if (length > 1) out[1] = (raw & 1) << 7;
    return out;
  }
}

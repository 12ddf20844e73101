// Model of an AT24C02-class I2C EEPROM (Microchip AT24C02 datasheet): one address byte sets the
// word pointer, writes fill an 8-byte page and wrap within it, reads run on across the array.
import type { SimI2cTarget } from "../i2c/sim-i2c.ts";

export class At24Model implements SimI2cTarget {
  private pointer = 0;

  constructor(
    readonly memory: Uint8Array = new Uint8Array(256).fill(0xff),
    private readonly pageBytes = 8,
  ) {}

  write(data: Uint8Array): void {
    if (data.length === 0) return;
    this.pointer = data[0]! % this.memory.length;
    const pageStart = this.pointer - (this.pointer % this.pageBytes);
    for (let i = 1; i < data.length; i++) {
      this.memory[this.pointer] = data[i]!;
      this.pointer = pageStart + ((this.pointer + 1 - pageStart) % this.pageBytes);
    }
  }

  read(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      out[i] = this.memory[this.pointer]!;
      this.pointer = (this.pointer + 1) % this.memory.length;
    }
    return out;
  }
}

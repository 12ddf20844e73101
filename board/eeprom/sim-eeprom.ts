// The at24 protocol spoken over an I2cBus (AT24C02 datasheet "Write Operations", "Read
// Operations"): page writes never cross an 8-byte page, random reads set the word address first.
// On the simulated board it runs against board/sim's At24Model.
import { type I2cBus, writeRead } from "../i2c/i2c.ts";
import { checkRange, type Eeprom } from "./eeprom.ts";

export class SimEeprom implements Eeprom {
  constructor(
    private readonly bus: I2cBus,
    private readonly address: number,
    readonly sizeBytes: number,
    private readonly pageBytes: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    checkRange(this.sizeBytes, offset, length);
    return writeRead(this.bus, this.address, Uint8Array.of(offset), length);
  }

  write(offset: number, data: Uint8Array): void {
    checkRange(this.sizeBytes, offset, data.length);
    let done = 0;
    while (done < data.length) {
      const at = offset + done;
      const room = this.pageBytes - (at % this.pageBytes);
      const chunk = data.subarray(done, done + Math.min(room, data.length - done));
      this.bus.transfer([
        { address: this.address, read: false, data: Uint8Array.of(at, ...chunk) },
      ]);
      done += chunk.length;
    }
  }
}

// Si3215 register access over SPI (Si3210/3215 datasheet, "Serial Peripheral Interface" and
// "Indirect Registers"): a control byte (bit 7 = read, bits 6..0 = address) then one data byte.
import type { SpiDevice } from "../spi/spi.ts";
import { DR, SI3215_SPI_READ } from "./si3215-registers.ts";

export class Si3215Spi {
  constructor(private readonly spi: SpiDevice) {}

  read(reg: number): number {
    const rx = this.spi.transfer(Uint8Array.of(SI3215_SPI_READ | (reg & 0x7f), 0));
    return rx[1] ?? 0xff;
  }

  write(reg: number, value: number): void {
    this.spi.transfer(Uint8Array.of(reg & 0x7f, value & 0xff));
  }

  /** Indirect write: data into DR28/DR29 first, then the address into DR30 starts the access. */
  writeIndirect(address: number, value: number): void {
    this.write(DR.IND_DATA_LOW, value & 0xff);
    this.write(DR.IND_DATA_HIGH, (value >> 8) & 0xff);
    this.write(DR.IND_ADDRESS, address);
  }

  /** Indirect read: the address alone into DR30, then the data from DR28/DR29. */
  readIndirect(address: number): number {
    this.write(DR.IND_ADDRESS, address);
    return this.read(DR.IND_DATA_LOW) | (this.read(DR.IND_DATA_HIGH) << 8);
  }
}

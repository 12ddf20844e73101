// An LM75-class sensor spoken over an I2cBus (TI LM75A datasheet): pointer 0 selects the
// temperature register, two bytes MSB first, 9-bit two's complement in 0.5 degree steps.
import { type I2cBus, writeRead } from "../i2c/i2c.ts";
import type { TemperatureSensor } from "./temperature.ts";

export class SimTemperature implements TemperatureSensor {
  constructor(
    private readonly bus: I2cBus,
    private readonly address: number,
  ) {}

  readCelsius(): number {
    const r = writeRead(this.bus, this.address, Uint8Array.of(0), 2);
    const raw = ((r[0]! << 8) | r[1]!) >> 7;
    return (raw & 0x100 ? raw - 0x200 : raw) / 2;
  }
}

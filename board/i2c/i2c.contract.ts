// One contract for every I2cBus backend (STYLE 3), against a 24C02 EEPROM at 0x50.
import { describe, expect, test } from "bun:test";
import { type I2cBus, writeRead } from "./i2c.ts";

export function i2cContract(backend: string, makeBus: () => I2cBus): void {
  describe(`I2cBus contract: ${backend}`, () => {
    test("a pointer write then a repeated-start read returns what was stored", () => {
      const bus = makeBus();
      bus.transfer([{ address: 0x50, read: false, data: Uint8Array.of(0x08, 1, 2, 3) }]);
      expect(Array.from(writeRead(bus, 0x50, Uint8Array.of(0x08), 3))).toEqual([1, 2, 3]);
    });

    test("an address with no device is an error", () => {
      expect(() => makeBus().transfer([{ address: 0x23, read: true, length: 1 }])).toThrow();
    });
  });
}

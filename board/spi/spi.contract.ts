// One contract for every SpiDevice backend (STYLE 3), run against a device that echoes the
// previous transfer (a shift register's behaviour), so full duplex is visible.
import { describe, expect, test } from "bun:test";
import type { SpiDevice } from "./spi.ts";

export function spiContract(backend: string, makeDevice: () => SpiDevice): void {
  describe(`SpiDevice contract: ${backend}`, () => {
    test("a transfer returns as many bytes as it sent, clocked in meanwhile", () => {
      const dev = makeDevice();
      dev.transfer(Uint8Array.of(1, 2, 3));
      expect(Array.from(dev.transfer(Uint8Array.of(9, 9, 9)))).toEqual([1, 2, 3]);
    });

    test("a closed device refuses transfers", () => {
      const dev = makeDevice();
      dev.close();
      expect(() => dev.transfer(Uint8Array.of(0))).toThrow();
    });
  });
}

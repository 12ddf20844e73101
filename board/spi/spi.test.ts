import { expect, test } from "bun:test";
import { SimSpiBus } from "./sim-spi.ts";
import { spiContract } from "./spi.contract.ts";

spiContract("simulated SPI bus", () => {
  const bus = new SimSpiBus();
  let last = new Uint8Array(3);
  bus.attach(2, {
    transfer: (tx) => {
      const out = last;
      last = tx.slice();
      return out;
    },
  });
  return bus.device(2);
});

test("an empty chip select reads all ones, like a pulled-up MISO", () => {
  expect(Array.from(new SimSpiBus().device(5).transfer(Uint8Array.of(0x80, 0)))).toEqual([
    0xff, 0xff,
  ]);
});

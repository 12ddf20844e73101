// One contract for every GpioController backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import type { GpioPin } from "../../bsp/board-definition.ts";
import type { GpioController } from "./gpio.ts";

export interface GpioHarness {
  readonly gpio: GpioController;
  readonly chip: string;
  /** Drives an input's physical level from outside. */
  driveInput(pin: GpioPin, high: boolean): void;
  /** Physical level of an output. */
  outputLevel(pin: GpioPin): boolean;
}

export function gpioContract(backend: string, makeHarness: () => GpioHarness): void {
  describe(`GpioController contract: ${backend}`, () => {
    test("an output reads back what was written, and active-low inverts the pin", () => {
      const h = makeHarness();
      const led = { chip: h.chip, line: 3, activeLow: false };
      const inverted = { chip: h.chip, line: 4, activeLow: true };
      const a = h.gpio.requestLine(led, "output", "test", false);
      h.gpio.requestLine(inverted, "output", "test", true);
      expect(h.outputLevel(led)).toBe(false);
      a.write(true);
      expect(a.read()).toBe(true);
      expect(h.outputLevel(led)).toBe(true);
      expect(h.outputLevel(inverted)).toBe(false);
    });

    test("an active-low input reads pressed when pulled low", () => {
      const h = makeHarness();
      const button = { chip: h.chip, line: 16, activeLow: true };
      const line = h.gpio.requestLine(button, "input", "test");
      expect(line.read()).toBe(false);
      h.driveInput(button, false);
      expect(line.read()).toBe(true);
    });

    test("a line cannot be requested twice until released", () => {
      const h = makeHarness();
      const pin = { chip: h.chip, line: 7, activeLow: false };
      const line = h.gpio.requestLine(pin, "output", "first");
      expect(() => h.gpio.requestLine(pin, "output", "second")).toThrow();
      line.close();
      expect(() => h.gpio.requestLine(pin, "output", "third")).not.toThrow();
    });
  });
}

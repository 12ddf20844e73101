// One contract for every TemperatureSensor backend (STYLE 3).
import { describe, expect, test } from "bun:test";
import type { TemperatureSensor } from "./temperature.ts";

export interface TemperatureHarness {
  readonly sensor: TemperatureSensor;
  setCelsius(celsius: number): void;
}

export function temperatureContract(backend: string, makeHarness: () => TemperatureHarness): void {
  describe(`TemperatureSensor contract: ${backend}`, () => {
    test("reads the board temperature to half a degree, below zero too", () => {
      const h = makeHarness();
      for (const c of [41.5, 85, -10.5]) {
        h.setCelsius(c);
        expect(h.sensor.readCelsius()).toBe(c);
      }
    });
  });
}

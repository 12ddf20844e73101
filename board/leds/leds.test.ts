import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sim } from "../../bsp/sim.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { SimGpioChip } from "../gpio/sim-gpio.ts";
import { ManualClock } from "../manual-clock.ts";
import { ledsContract } from "./leds.contract.ts";
import { LinuxLeds } from "./linux-leds.ts";
import { SimLeds } from "./sim-leds.ts";

function simHarness() {
  const chip = new SimGpioChip();
  const clock = new ManualClock();
  const leds = new SimLeds(chip, sim.leds, clock);
  const pin = (name: string) => sim.leds.find((l) => l.name === name)!.gpio;
  return {
    leds,
    clock,
    chip,
    lit: (name: string) => chip.level(pin(name)),
    advance: (ms: number) => clock.advance(ms),
  };
}

/** A fake /sys/class/leds tree with one directory per LED, as gpio-leds creates. */
function sysfsTree(): string {
  const dir = tempDir("leds-");
  for (const l of sim.leds) {
    mkdirSync(join(dir, l.sysfsName));
    writeFileSync(join(dir, l.sysfsName, "brightness"), "0");
    writeFileSync(join(dir, l.sysfsName, "trigger"), "[none] timer heartbeat");
  }
  return dir;
}

ledsContract("GPIO LEDs on the simulated chip", simHarness);

ledsContract("gpio-leds sysfs (fixture tree)", () => {
  const dir = sysfsTree();
  const leds = new LinuxLeds(sim.leds, dir);
  return {
    leds,
    lit: (name) => readFileSync(join(dir, `pbx:green:${name}`, "brightness"), "utf8") === "1",
    advance: () => {},
  };
});

describe("SimLeds blinking", () => {
  test("blink-fast toggles the GPIO line every 200 ms on the clock", () => {
    const h = simHarness();
    h.leds.set("fxs1", "blink-fast");
    const seen: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push(h.lit("fxs1"));
      h.advance(200);
    }
    expect(seen).toEqual([true, false, true, false]);
    h.leds.set("fxs1", "on");
    h.advance(1000);
    expect(h.lit("fxs1")).toBe(true);
  });
});

describe("LinuxLeds", () => {
  test("blinking uses the kernel timer trigger with delay_on/delay_off", () => {
    const dir = sysfsTree();
    new LinuxLeds(sim.leds, dir).set("sip", "blink-slow");
    expect(readFileSync(join(dir, "pbx:green:sip", "trigger"), "utf8")).toBe("timer");
    expect(readFileSync(join(dir, "pbx:green:sip", "delay_on"), "utf8")).toBe("1000");
  });
});

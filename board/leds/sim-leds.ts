// LEDs on GPIO lines, blinked in software on the Clock: the simulated board's LEDs (and any board
// without the gpio-leds kernel driver). Tests read the line levels on the simulated GPIO chip.
import type { LedDefinition } from "../../bsp/board-definition.ts";
import { type Clock, startPeriodic } from "../clock.ts";
import type { GpioController, GpioLine } from "../gpio/gpio.ts";
import { fail, ok, type Result } from "../result.ts";
import { BLINK_MS, LED_MODES, type LedMode, type Leds } from "./leds.ts";

interface LedSlot {
  readonly line: GpioLine;
  mode: LedMode;
  stopBlink: (() => void) | null;
}

export class SimLeds implements Leds {
  private readonly slots = new Map<string, LedSlot>();

  constructor(
    gpio: GpioController,
    definitions: readonly LedDefinition[],
    private readonly clock: Clock,
  ) {
    for (const d of definitions) {
      this.slots.set(d.name, {
        line: gpio.requestLine(d.gpio, "output", `led-${d.name}`, false),
        mode: "off",
        stopBlink: null,
      });
    }
  }

  names(): readonly string[] {
    return [...this.slots.keys()];
  }

  set(name: string, mode: LedMode): Result<void> {
    const slot = this.slots.get(name);
    if (!slot) return fail("invalid-argument", `no LED named ${name}`, "name");
    if (!LED_MODES.includes(mode))
      return fail("invalid-argument", `unknown LED mode ${mode}`, "mode");
    slot.stopBlink?.();
    slot.stopBlink = null;
    slot.mode = mode;
    if (mode === "on" || mode === "off") {
      slot.line.write(mode === "on");
      return ok(undefined);
    }
    // Both blink rates have equal on and off times, so one period toggles the line.
    const { onMs } = BLINK_MS[mode];
    let lit = true;
    slot.line.write(true);
    slot.stopBlink = startPeriodic(this.clock, onMs, () => {
      lit = !lit;
      slot.line.write(lit);
    });
    return ok(undefined);
  }

  get(name: string): Result<LedMode> {
    const slot = this.slots.get(name);
    return slot ? ok(slot.mode) : fail("invalid-argument", `no LED named ${name}`, "name");
  }
}

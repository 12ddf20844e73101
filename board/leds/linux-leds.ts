// LEDs through the gpio-leds kernel driver's sysfs class (Documentation/leds/leds-class.rst):
// /sys/class/leds/<name>/brightness, and the "timer" trigger's delay_on/delay_off for blinking,
// so blinking continues without the firmware waking up.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LedDefinition } from "../../bsp/board-definition.ts";
import { fail, ok, type Result } from "../result.ts";
import { BLINK_MS, LED_MODES, type LedMode, type Leds } from "./leds.ts";

export class LinuxLeds implements Leds {
  private readonly byName = new Map<string, LedDefinition>();

  constructor(
    definitions: readonly LedDefinition[],
    private readonly classDir = "/sys/class/leds",
  ) {
    for (const d of definitions) this.byName.set(d.name, d);
  }

  names(): readonly string[] {
    return [...this.byName.keys()];
  }

  set(name: string, mode: LedMode): Result<void> {
    const def = this.byName.get(name);
    if (!def) return fail("invalid-argument", `no LED named ${name}`, "name");
    if (!LED_MODES.includes(mode))
      return fail("invalid-argument", `unknown LED mode ${mode}`, "mode");
    const dir = join(this.classDir, def.sysfsName);
    try {
      if (mode === "on" || mode === "off") {
        writeFileSync(join(dir, "trigger"), "none");
        writeFileSync(join(dir, "brightness"), mode === "on" ? "1" : "0");
      } else {
        // Writing "timer" creates delay_on/delay_off; set them after the trigger.
        writeFileSync(join(dir, "trigger"), "timer");
        writeFileSync(join(dir, "delay_on"), String(BLINK_MS[mode].onMs));
        writeFileSync(join(dir, "delay_off"), String(BLINK_MS[mode].offMs));
      }
    } catch (error) {
      return fail("io-error", `${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
    return ok(undefined);
  }

  get(name: string): Result<LedMode> {
    const def = this.byName.get(name);
    if (!def) return fail("invalid-argument", `no LED named ${name}`, "name");
    const dir = join(this.classDir, def.sysfsName);
    try {
      if (activeTrigger(readFileSync(join(dir, "trigger"), "utf8")) === "timer") {
        const onMs = Number(readFileSync(join(dir, "delay_on"), "utf8").trim());
        return ok(onMs <= BLINK_MS["blink-fast"].onMs ? "blink-fast" : "blink-slow");
      }
      return ok(Number(readFileSync(join(dir, "brightness"), "utf8").trim()) > 0 ? "on" : "off");
    } catch (error) {
      return fail("io-error", `${dir}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** The kernel lists every trigger and brackets the active one: "none [timer] heartbeat". */
function activeTrigger(text: string): string {
  const bracketed = /\[([^\]]+)\]/.exec(text);
  return (bracketed ? bracketed[1]! : text).trim();
}

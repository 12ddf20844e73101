// The simulated board's buttons: GpioButtons on the simulated GPIO chip, plus the control face a
// test or the virtual front panel uses to hold a button down for a while (STYLE 4).
import type { ButtonDefinition } from "../../bsp/board-definition.ts";
import type { Clock } from "../clock.ts";
import type { SimGpioChip } from "../gpio/sim-gpio.ts";
import { fail, ok, type Result } from "../result.ts";
import { GpioButtons } from "./gpio-buttons.ts";

export class SimButtons extends GpioButtons {
  constructor(
    private readonly chip: SimGpioChip,
    private readonly definitions: readonly ButtonDefinition[],
    private readonly simClock: Clock,
  ) {
    super(chip, definitions, simClock);
  }

  /** Presses `name` now and releases it after holdMs of clock time. */
  hold(name: string, holdMs: number): Result<void> {
    const def = this.definitions.find((d) => d.name === name);
    if (!def) return fail("invalid-argument", `no button named ${name}`, "button");
    if (!Number.isFinite(holdMs) || holdMs <= 0 || holdMs > 60_000) {
      return fail("invalid-argument", "holdMs must be between 1 and 60000", "holdMs");
    }
    // Contacts pull the line to its active level; the pull-up restores it on release.
    this.chip.drive(def.gpio, !def.gpio.activeLow);
    this.simClock.setTimeout(() => this.chip.drive(def.gpio, def.gpio.activeLow), holdMs);
    return ok(undefined);
  }
}

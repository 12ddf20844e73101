// Simulated GPIO chip: lines with a physical level. Outputs are driven by the firmware (LEDs);
// inputs by the test or the virtual front panel (the reset button).
import type { GpioPin } from "../../bsp/board-definition.ts";
import { BoardIoError } from "../result.ts";
import type { GpioController, GpioLine } from "./gpio.ts";

interface SimLineState {
  high: boolean;
  owner: string | null;
  direction: "input" | "output";
}

export class SimGpioChip implements GpioController {
  private readonly lines = new Map<string, SimLineState>();

  requestLine(
    pin: GpioPin,
    direction: "input" | "output",
    consumer: string,
    initial = false,
  ): GpioLine {
    const state = this.state(pin);
    if (state.owner !== null)
      throw new BoardIoError(`line ${pin.line} busy (${state.owner})`, pin.chip);
    state.owner = consumer;
    state.direction = direction;
    if (direction === "output") state.high = initial !== pin.activeLow;
    let open = true;
    return {
      read: () => state.high !== pin.activeLow,
      write: (active) => {
        if (!open || state.direction !== "output")
          throw new BoardIoError(`line ${pin.line} not an output`, pin.chip);
        state.high = active !== pin.activeLow;
      },
      close: () => {
        open = false;
        state.owner = null;
      },
    };
  }

  close(): void {}

  /** Physical level of a line (what an LED or a scope on the pin sees). */
  level(pin: GpioPin): boolean {
    return this.state(pin).high;
  }

  /** Drives an input's physical level from outside (a button contact, a pull-up). */
  drive(pin: GpioPin, high: boolean): void {
    this.state(pin).high = high;
  }

  private state(pin: GpioPin): SimLineState {
    const key = `${pin.chip}:${pin.line}`;
    let s = this.lines.get(key);
    if (!s) {
      // Inputs idle at the inactive level (pull-up for active-low contacts).
      s = { high: pin.activeLow, owner: null, direction: "input" };
      this.lines.set(key, s);
    }
    return s;
  }
}

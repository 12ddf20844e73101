// Simulated GPIO chip: lines with a physical level. Outputs are driven by the firmware (LEDs);
// inputs by the test, the virtual front panel (the reset button) or a chip model's interrupt pin,
// whose edges reach lines requested with edge detection at once, as the kernel's line events do.
import type { GpioPin } from "../../bsp/board-definition.ts";
import { BoardIoError } from "../result.ts";
import type { GpioController, GpioEdgeEvent, GpioEventLine, GpioLine } from "./gpio.ts";

interface SimLineState {
  high: boolean;
  owner: string | null;
  direction: "input" | "output";
  /** Level watchers of a line requested with edge detection. */
  readonly watchers: Set<(high: boolean) => void>;
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

  requestEvents(
    pin: GpioPin,
    edges: "rising" | "falling" | "both",
    consumer: string,
  ): GpioEventLine {
    const line = this.requestLine(pin, "input", consumer);
    const state = this.state(pin);
    const listeners = new Set<(event: GpioEdgeEvent) => void>();
    const watcher = (high: boolean): void => {
      const edge = high !== pin.activeLow ? "rising" : "falling";
      if (edges !== "both" && edges !== edge) return;
      for (const l of [...listeners]) l({ edge });
    };
    state.watchers.add(watcher);
    return {
      read: () => line.read(),
      write: (active) => line.write(active),
      onEdge(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close() {
        state.watchers.delete(watcher);
        listeners.clear();
        line.close();
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
    const state = this.state(pin);
    if (state.high === high) return;
    state.high = high;
    for (const w of [...state.watchers]) w(high);
  }

  private state(pin: GpioPin): SimLineState {
    const key = `${pin.chip}:${pin.line}`;
    let s = this.lines.get(key);
    if (!s) {
      // Inputs idle at the inactive level (pull-up for active-low contacts).
      s = { high: pin.activeLow, owner: null, direction: "input", watchers: new Set() };
      this.lines.set(key, s);
    }
    return s;
  }
}

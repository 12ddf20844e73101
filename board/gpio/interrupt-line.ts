// A chip's interrupt output on a GPIO line (SPEC DEV-2): the driver is told of each edge towards
// the active level and can read the level; the line is requested with edge detection on first
// use, so building a board touches no device until its ports start.
import type { GpioPin } from "../../bsp/board-definition.ts";
import type { GpioController, GpioEventLine } from "./gpio.ts";

export interface InterruptLine {
  /** Calls the listener on each edge towards the active level (an interrupt raised). */
  onEdge(listener: () => void): () => void;
  /** Whether an interrupt is pending now (the line is at its active level). */
  read(): boolean;
}

/** The INT pin `pin` as an InterruptLine over `gpio`. */
export function interruptLine(gpio: GpioController, pin: GpioPin, consumer: string): InterruptLine {
  let line: GpioEventLine | null = null;
  const open = (): GpioEventLine => {
    line ??= gpio.requestEvents(pin, "rising", consumer);
    return line;
  };
  return {
    onEdge(listener) {
      const stop = open().onEdge(() => listener());
      return () => {
        stop();
        line?.close();
        line = null;
      };
    },
    read: () => open().read(),
  };
}

// GPIO port (Linux Documentation/userspace-api/gpio/chardev.rst): request one line as input or
// output and read or write its logical value (active-low already applied).
import type { GpioPin } from "../../bsp/board-definition.ts";

export interface GpioLine {
  /** Logical value: true = active (LED on, button pressed). */
  read(): boolean;
  write(active: boolean): void;
  close(): void;
}

export interface GpioController {
  requestLine(
    pin: GpioPin,
    direction: "input" | "output",
    consumer: string,
    initial?: boolean,
  ): GpioLine;
  close(): void;
}

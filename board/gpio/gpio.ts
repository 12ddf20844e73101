// GPIO port (Linux Documentation/userspace-api/gpio/chardev.rst): request one line as input or
// output and read or write its logical value (active-low already applied), or request an input
// with edge detection and be told of each edge (line events: a chip's interrupt line).
import type { GpioPin } from "../../bsp/board-definition.ts";

export interface GpioLine {
  /** Logical value: true = active (LED on, button pressed). */
  read(): boolean;
  write(active: boolean): void;
  close(): void;
}

/** Edges of the logical value: "rising" = towards active (for an active-low pin, falling volts). */
export type GpioEdge = "rising" | "falling";

export interface GpioEdgeEvent {
  readonly edge: GpioEdge;
}

export interface GpioEventLine extends GpioLine {
  onEdge(listener: (event: GpioEdgeEvent) => void): () => void;
}

export interface GpioController {
  /** An input with edge detection on the given edges (GPIO_V2_LINE_FLAG_EDGE_*). */
  requestEvents(
    pin: GpioPin,
    edges: "rising" | "falling" | "both",
    consumer: string,
  ): GpioEventLine;
  requestLine(
    pin: GpioPin,
    direction: "input" | "output",
    consumer: string,
    initial?: boolean,
  ): GpioLine;
  close(): void;
}

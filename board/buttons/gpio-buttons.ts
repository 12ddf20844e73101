// Buttons on GPIO input lines, sampled on the Clock and debounced in software. Runs over any
// GpioController: the Linux GPIO character device on the board, the simulated chip on a PC.
import type { ButtonDefinition } from "../../bsp/board-definition.ts";
import { type Clock, startPeriodic } from "../clock.ts";
import type { GpioController, GpioLine } from "../gpio/gpio.ts";
import { ButtonDebouncer } from "./button-debouncer.ts";
import type { ButtonEvent, Buttons } from "./buttons.ts";

export const BUTTON_POLL_MS = 10;

export class GpioButtons implements Buttons {
  private readonly buttons: Array<{ name: string; line: GpioLine; debouncer: ButtonDebouncer }> =
    [];
  private readonly listeners = new Set<(e: ButtonEvent) => void>();
  private readonly stopPolling: () => void;

  constructor(
    gpio: GpioController,
    definitions: readonly ButtonDefinition[],
    private readonly clock: Clock,
  ) {
    for (const d of definitions) {
      this.buttons.push({
        name: d.name,
        line: gpio.requestLine(d.gpio, "input", `button-${d.name}`),
        debouncer: new ButtonDebouncer(d.debounceMs, d.longPressMs),
      });
    }
    this.stopPolling = startPeriodic(clock, BUTTON_POLL_MS, () => this.poll());
  }

  names(): readonly string[] {
    return this.buttons.map((b) => b.name);
  }

  isPressed(name: string): boolean {
    return this.buttons.find((b) => b.name === name)?.debouncer.isPressed ?? false;
  }

  onEvent(listener: (event: ButtonEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stop(): void {
    this.stopPolling();
    for (const b of this.buttons) b.line.close();
  }

  private poll(): void {
    const now = this.clock.now();
    for (const b of this.buttons) {
      for (const e of b.debouncer.sample(b.line.read(), now)) {
        const event: ButtonEvent = { button: b.name, ...e };
        for (const l of this.listeners) l(event);
      }
    }
  }
}

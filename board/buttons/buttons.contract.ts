// One contract for every Buttons backend (STYLE 3): debounce, press, and the 6 s long press.
import { describe, expect, test } from "bun:test";
import type { ButtonEvent, Buttons } from "./buttons.ts";

export interface ButtonsHarness {
  readonly buttons: Buttons;
  /** Holds the named button for holdMs starting now. */
  hold(name: string, holdMs: number): void;
  advance(ms: number): void;
}

export function buttonsContract(backend: string, makeHarness: () => ButtonsHarness): void {
  describe(`Buttons contract: ${backend}`, () => {
    const run = (holdMs: number, afterMs: number): ButtonEvent[] => {
      const h = makeHarness();
      const events: ButtonEvent[] = [];
      h.buttons.onEvent((e) => events.push(e));
      h.hold("reset", holdMs);
      h.advance(afterMs);
      return events;
    };

    test("holding reset 6 s is a long press, reported while still held", () => {
      const h = makeHarness();
      const events: ButtonEvent[] = [];
      h.buttons.onEvent((e) => events.push(e));
      h.hold("reset", 8000);
      h.advance(5900);
      expect(events).toEqual([]);
      expect(h.buttons.isPressed("reset")).toBe(true);
      h.advance(200);
      expect(events.map((e) => [e.button, e.type])).toEqual([["reset", "long-press"]]);
      h.advance(3000);
      expect(events.length).toBe(1);
    });

    test("holding reset 2 s is a short press, not a factory reset", () => {
      const events = run(2000, 3000);
      expect(events.map((e) => e.type)).toEqual(["press"]);
      expect(Math.abs(events[0]!.heldMs - 2000)).toBeLessThanOrEqual(20);
    });

    test("contact bounce shorter than the debounce time is ignored", () => {
      expect(run(15, 500)).toEqual([]);
    });
  });
}

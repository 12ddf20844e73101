// LED port (SPEC DEV-2): the front-panel LEDs by name: power, SIP registration, one per port.
import type { Result } from "../result.ts";

export type LedMode = "off" | "on" | "blink-slow" | "blink-fast";

/** Blink timings: slow = attention (registering), fast = activity (ringing). */
export const BLINK_MS: Record<"blink-slow" | "blink-fast", { onMs: number; offMs: number }> = {
  "blink-slow": { onMs: 1000, offMs: 1000 },
  "blink-fast": { onMs: 200, offMs: 200 },
};

export interface Leds {
  names(): readonly string[];
  set(name: string, mode: LedMode): Result<void>;
  get(name: string): Result<LedMode>;
}

export const LED_MODES: readonly LedMode[] = ["off", "on", "blink-slow", "blink-fast"];

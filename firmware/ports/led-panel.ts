// The front-panel LEDs (SPEC DEV-2): power on while the firmware runs (fast blink while a
// factory reset waits for confirmation), SIP on while at least one extension is registered,
// one LED per analog port: off idle, on off-hook or in a call, fast blink ringing, slow blink
// faulty.
import type { LedMode, Leds } from "../../board/leds/leds.ts";
import type { LedDefinition } from "../../bsp/board-definition.ts";
import type { PortState } from "../lines/port-state.ts";

const MODE_OF_STATE: Record<PortState, LedMode> = {
  idle: "off",
  "off-hook": "on",
  "in-use": "on",
  ringing: "blink-fast",
  faulty: "blink-slow",
};

export interface LedPanelOptions {
  readonly leds: Leds;
  readonly definitions: readonly LedDefinition[];
  /** How many extensions have at least one registered contact now. */
  readonly registeredExtensions: () => number;
}

export class LedPanel {
  private attention = false;

  constructor(private readonly o: LedPanelOptions) {}

  /** Power on, SIP and port LEDs from the current state. */
  start(ports: ReadonlyArray<{ kind: "fxs" | "fxo"; index: number; state: PortState }>): void {
    this.setRole("power", "on");
    this.registrationChanged();
    for (const p of ports) this.portChanged(p.kind, p.index, p.state);
  }

  registrationChanged(): void {
    this.setRole("sip-registration", this.o.registeredExtensions() > 0 ? "on" : "off");
  }

  portChanged(kind: "fxs" | "fxo", index: number, state: PortState): void {
    const led = this.o.definitions.find(
      (d) =>
        (d.role === "port" || d.role === "port-use") &&
        d.port?.kind === kind &&
        d.port.index === index,
    );
    if (led) this.o.leds.set(led.name, MODE_OF_STATE[state]);
  }

  /** A factory reset is waiting for confirmation: the power LED blinks fast. */
  setAttention(on: boolean): void {
    this.attention = on;
    this.setRole("power", on ? "blink-fast" : "on");
  }

  /** Whether the power LED is signalling a pending factory reset. */
  attentionShown(): boolean {
    return this.attention;
  }

  private setRole(role: LedDefinition["role"], mode: LedMode): void {
    for (const d of this.o.definitions) if (d.role === role) this.o.leds.set(d.name, mode);
  }
}

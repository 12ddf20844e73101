// The board-facing facades web/api consumes (SPEC STAT-3, DEV-2, DEV-7; DESIGN "Interfaces that
// tests and tools rely on": the simulated board's control API). Declared here by their consumer;
// firmware/ports implements them over the board, the lines and the factory reset.
import type { PortDiagnosticsView } from "../../firmware/ports/port-diagnostics.ts";
import type { Outcome } from "./services.ts";

export type { PortDiagnosticsView };

/** Line figures and the installer's tests on one port ("fxs1", "fxo2"). */
export interface PortDiagnosticsFacade {
  diagnostics(port: string): Outcome<PortDiagnosticsView>;
  ringTest(port: string): Outcome<PortDiagnosticsView>;
  callerIdTest(port: string, number: unknown): Outcome<PortDiagnosticsView>;
  dtmfTest(port: string): Outcome<PortDiagnosticsView>;
  stopTests(port: string): Outcome<PortDiagnosticsView>;
}

/** One analog port (SPEC STAT-3). */
export interface PortView {
  /** "fxs1", "fxo2", ... */
  port: string;
  type: "fxs" | "fxo";
  index: number;
  state: "idle" | "off-hook" | "ringing" | "in-use" | "faulty";
  fault: { reason: string; detail: string } | null;
  /** FXS: the analog extension's number. */
  extension?: string;
  /** FXO: a cable to the exchange is plugged in. */
  lineConnected?: boolean;
}

export interface PortsFacade {
  list(): PortView[];
  /** Absent where the box has no board (API tests of other resources). */
  diagnostics?: PortDiagnosticsFacade;
}

/** The handset on a simulated FXS port, as the virtual front panel shows it. */
export interface SimFxsView {
  port: number;
  hook: "on" | "off";
  ringing: boolean;
  callerId: { number: string; name?: string | undefined } | null;
  hears:
    | "dial-tone"
    | "ringback"
    | "busy"
    | "congestion"
    | "silence"
    | "audio"
    | "stutter-dial-tone";
  ringBursts: readonly { startMs: number; endMs: number | null }[];
}

/** The exchange's side of a simulated FXO line. */
export interface SimFxoView {
  port: number;
  ringing: boolean;
  pbxOffHook: boolean;
  connected: boolean;
  reversed: boolean;
  farEndAnswered: boolean;
  extensionOffHook: boolean;
}

/** Refusals use code "invalid" (400, names the field) or "invalid_state" (409). */
export interface SimFacade {
  fxs(port: number): Outcome<SimFxsView>;
  fxsAction(port: number, action: "offhook" | "onhook" | "flash"): Outcome<SimFxsView>;
  fxsDial(port: number, digits: string): Outcome<SimFxsView>;
  fxo(port: number): Outcome<SimFxoView>;
  fxoRing(port: number, callerId: string | undefined): Outcome<SimFxoView>;
  fxoAction(port: number, action: "answer" | "hangup"): Outcome<SimFxoView>;
  /** The pair: plugged in, tip and ring swapped, a parallel phone off the hook. */
  fxoWiring(
    port: number,
    wiring: { connected?: boolean; reversed?: boolean; extensionOffHook?: boolean },
  ): Outcome<SimFxoView>;
  resetButton(holdMs: number): Outcome<unknown>;
  usb(inserted: boolean, freeBytes?: number): Outcome<unknown>;
  /** Test face: makes a simulated chip fail ("no-response", "power-alarm", ...). */
  injectFault(kind: "fxs" | "fxo", port: number, fault: string): Outcome<unknown>;
}

export interface FactoryResetView {
  pending: boolean;
  requestedAtMs: number | null;
  secondPressUntilMs: number | null;
  expiresAtMs: number | null;
}

export interface FactoryResetFacade {
  status(): FactoryResetView;
  /** Carries the reset out: the box wipes its data and restarts shortly after answering. */
  confirm(): void;
  cancel(): boolean;
}

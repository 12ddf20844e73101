// The simulated board's control API (STYLE 4; DESIGN "Interfaces that tests and tools rely on"):
// plain methods that the web layer wraps as /api/v1/sim/...: the handset on each FXS port, the
// exchange on each FXO port, the reset button and the USB stick. Inputs are validated and
// errors come back as values.
import { fail, ok, type Result } from "../result.ts";
import type { CallerIdInfo, HeardSound } from "./phone-dsp.ts";
import type { SimBoard } from "./sim-board.ts";
import type { VirtualLineState } from "./virtual-line.ts";
import type { RingBurst } from "./virtual-phone.ts";

export interface SimFxsState {
  readonly port: number;
  readonly hook: "on" | "off";
  readonly ringing: boolean;
  readonly callerId: CallerIdInfo | null;
  readonly hears: HeardSound;
  readonly ringBursts: readonly RingBurst[];
}

export interface SimFxsHandle {
  state(): SimFxsState;
  offhook(): Result<void>;
  onhook(): Result<void>;
  flash(): Result<void>;
  dial(digits: string): Result<void>;
}

export interface SimFxoHandle {
  state(): VirtualLineState & { readonly port: number };
  ring(callerId?: string): Result<void>;
  answer(): Result<void>;
  hangup(): Result<void>;
  /** The pair itself: plugged in, tip and ring swapped, a parallel phone off the hook. */
  wiring(w: FxoWiring): Result<void>;
}

export interface FxoWiring {
  readonly connected?: boolean;
  readonly reversed?: boolean;
  readonly extensionOffHook?: boolean;
}

export class SimControl {
  constructor(private readonly board: SimBoard) {}

  /** The handset on FXS port `port` (1-based). */
  fxs(port: number): Result<SimFxsHandle> {
    const phone = this.board.phones[port - 1];
    if (!Number.isInteger(port) || !phone)
      return fail("unknown-port", `no FXS port ${port}`, "port");
    return ok({
      state: () => ({
        port,
        hook: phone.isOffHook() ? "off" : "on",
        ringing: phone.isRinging(),
        callerId: phone.callerId(),
        hears: phone.hears(),
        ringBursts: phone.ringBursts().slice(-10),
      }),
      offhook: () => {
        phone.offHook();
        return ok(undefined);
      },
      onhook: () => {
        phone.onHook();
        return ok(undefined);
      },
      flash: () => phone.flash(),
      dial: (digits) =>
        typeof digits === "string" && digits.length > 0 && digits.length <= 32
          ? phone.dial(digits)
          : fail("invalid-argument", "digits must be 1-32 of 0-9, *, #, A-D", "digits"),
    });
  }

  /** The exchange side of FXO port `port` (1-based). */
  fxo(port: number): Result<SimFxoHandle> {
    const line = this.board.lines[port - 1];
    if (!Number.isInteger(port) || !line)
      return fail("unknown-port", `no FXO port ${port}`, "port");
    return ok({
      state: () => ({ port, ...line.state() }),
      ring: (callerId) =>
        line.ring(callerId === undefined || callerId === "" ? undefined : { number: callerId }),
      answer: () => line.answer(),
      hangup: () => line.hangup(),
      wiring: (w) => {
        if (w.connected !== undefined) line.setConnected(w.connected);
        if (w.reversed !== undefined) line.setReversed(w.reversed);
        if (w.extensionOffHook !== undefined) line.setExtensionOffHook(w.extensionOffHook);
        return ok(undefined);
      },
    });
  }

  /** Holds the reset button for holdMs (6000 or more is a factory reset). */
  resetButton(holdMs: number): Result<void> {
    const reset = this.board.definition.buttons.find((b) => b.name === "reset");
    if (!reset) return fail("not-supported", "this board has no reset button");
    return this.board.buttons.hold(reset.name, holdMs);
  }

  /** Inserts (optionally nearly full) or removes the simulated USB stick. */
  usb(inserted: boolean, freeBytes?: number): Result<void> {
    if (typeof inserted !== "boolean")
      return fail("invalid-argument", "inserted must be true or false", "inserted");
    if (freeBytes !== undefined && !(Number.isSafeInteger(freeBytes) && freeBytes >= 0))
      return fail("invalid-argument", "freeBytes must be a whole number of bytes", "freeBytes");
    if (inserted) this.board.usb.insert(freeBytes === undefined ? {} : { freeBytes });
    else this.board.usb.remove();
    return ok(undefined);
  }

  /** Sets the board temperature sensor's reading. */
  temperature(celsius: number): Result<void> {
    if (!Number.isFinite(celsius) || celsius < -55 || celsius > 125) {
      return fail("invalid-argument", "temperature must be -55..125 C", "celsius");
    }
    this.board.temperatureChip.setCelsius(celsius);
    return ok(undefined);
  }
}

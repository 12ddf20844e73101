// The simulated board's control API as web/api consumes it (DESIGN "Interfaces that tests and
// tools rely on"; STYLE 4): board/sim's SimControl with its refusals turned into the API's
// vocabulary (unknown port or bad input: "invalid" naming the field; wrong moment:
// "invalid_state"), plus fault injection into the chip models for tests.
import type { Result } from "../../board/result.ts";
import type { Si3050Fault } from "../../board/sim/si3050-model.ts";
import type { Si3215Fault } from "../../board/sim/si3215-model.ts";
import type { SimBoard } from "../../board/sim/sim-board.ts";
import type {
  FxoWiring,
  SimFxoHandle,
  SimFxsHandle,
  SimFxsState,
} from "../../board/sim/sim-control.ts";

type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; field?: string } };

export const FXS_FAULTS: readonly Si3215Fault[] = [
  "no-response",
  "reads-zero",
  "power-alarm",
  "battery-fault",
];
export const FXO_FAULTS: readonly Si3050Fault[] = ["no-response", "reads-zero", "line-fault"];

function outcome<T>(r: Result<T>): Outcome<T> {
  if (r.ok) return { ok: true, value: r.value };
  const { code, message, field } = r.error;
  const apiCode = code === "invalid-state" || code === "port-faulty" ? "invalid_state" : "invalid";
  return {
    ok: false,
    error: field ? { code: apiCode, message, field } : { code: apiCode, message },
  };
}

/** The facade over a SimBoard's control API. */
export function simFacade(board: SimBoard) {
  const withFxs = <T>(port: number, act: (h: SimFxsHandle) => Result<T>) => {
    const h = board.control.fxs(port);
    return outcome(h.ok ? act(h.value) : h);
  };
  const withFxo = <T>(port: number, act: (h: SimFxoHandle) => Result<T>) => {
    const h = board.control.fxo(port);
    return outcome(h.ok ? act(h.value) : h);
  };
  const fxsThen =
    (act: (h: SimFxsHandle) => Result<unknown>) =>
    (h: SimFxsHandle): Result<SimFxsState> => {
      const r = act(h);
      return r.ok ? { ok: true, value: h.state() } : r;
    };
  const fxoThen =
    (act: (h: SimFxoHandle) => Result<unknown>) =>
    (h: SimFxoHandle): Result<ReturnType<SimFxoHandle["state"]>> => {
      const r = act(h);
      return r.ok ? { ok: true, value: h.state() } : r;
    };
  return {
    fxs: (port: number) => withFxs(port, (h) => ({ ok: true, value: h.state() })),
    fxsAction: (port: number, action: "offhook" | "onhook" | "flash") =>
      withFxs(
        port,
        fxsThen((h) => h[action]()),
      ),
    fxsDial: (port: number, digits: string) =>
      withFxs(
        port,
        fxsThen((h) => h.dial(digits)),
      ),
    fxo: (port: number) => withFxo(port, (h) => ({ ok: true, value: h.state() })),
    fxoRing: (port: number, callerId: string | undefined) =>
      withFxo(
        port,
        fxoThen((h) => h.ring(callerId)),
      ),
    fxoAction: (port: number, action: "answer" | "hangup") =>
      withFxo(
        port,
        fxoThen((h) => h[action]()),
      ),
    fxoWiring: (port: number, wiring: FxoWiring) =>
      withFxo(
        port,
        fxoThen((h) => h.wiring(wiring)),
      ),
    resetButton: (holdMs: number) => outcome(board.control.resetButton(holdMs)),
    usb: (inserted: boolean, freeBytes?: number) => outcome(board.control.usb(inserted, freeBytes)),
    injectFault(kind: "fxs" | "fxo", port: number, fault: string): Outcome<undefined> {
      const chip = kind === "fxs" ? board.slics[port - 1] : board.daas[port - 1];
      if (!chip)
        return {
          ok: false,
          error: { code: "invalid", message: `no ${kind} port ${port}`, field: "port" },
        };
      const known: readonly string[] = kind === "fxs" ? FXS_FAULTS : FXO_FAULTS;
      if (!known.includes(fault))
        return {
          ok: false,
          error: {
            code: "invalid",
            message: `fault must be one of: ${known.join(", ")}`,
            field: "fault",
          },
        };
      (chip.injectFault as (f: string) => void)(fault);
      return { ok: true, value: undefined };
    },
  };
}

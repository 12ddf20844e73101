// Test support: the simulated board (real drivers over register models, virtual phones and
// exchange lines with media/ DSP) under a manual clock, with the analog lines on top.
import { ManualClock } from "../../board/manual-clock.ts";
import { SimBoard } from "../../board/sim/sim-board.ts";
import { timerClockOf } from "../ports/board-clock.ts";
import { mediaPhoneDsp } from "../ports/media-phone-dsp.ts";
import { AnalogLines, type AnalogLinesOptions, type PortStateChange } from "./analog-lines.ts";
import { numberDialPlan } from "./dial-plan.ts";

export async function simLines(
  options: Partial<
    Pick<AnalogLinesOptions, "fxsSettings" | "fxoSettings" | "dialPlan" | "fxsMessageWaiting">
  > & {
    beforeStart?: (board: SimBoard) => void;
  } = {},
) {
  const clock = new ManualClock(Date.UTC(2025, 0, 1));
  const board = new SimBoard({ clock, dsp: mediaPhoneDsp() });
  const changes: PortStateChange[] = [];
  const lines = new AnalogLines({
    fxs: board.fxs,
    fxo: board.fxo,
    clock: timerClockOf(clock),
    dialPlan:
      options.dialPlan ??
      numberDialPlan({ numbers: () => ["8001", "8002", "*4#"], openPrefixes: () => ["9"] }),
    ...(options.fxsSettings ? { fxsSettings: options.fxsSettings } : {}),
    ...(options.fxoSettings ? { fxoSettings: options.fxoSettings } : {}),
    ...(options.fxsMessageWaiting ? { fxsMessageWaiting: options.fxsMessageWaiting } : {}),
    onPortState: (c) => changes.push(c),
  });
  options.beforeStart?.(board);
  const started = board.start();
  await clock.advanceAsync(1000);
  const report = await started;
  const phone = (port: number) => {
    const h = board.control.fxs(port);
    if (!h.ok) throw new Error(h.error.message);
    return h.value;
  };
  const exchange = (port: number) => {
    const h = board.control.fxo(port);
    if (!h.ok) throw new Error(h.error.message);
    return h.value;
  };
  return { clock, board, lines, changes, report, phone, exchange };
}

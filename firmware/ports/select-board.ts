// Which board the firmware runs on (SPEC DEV-2; DESIGN "Running it": --board, default "sim" on
// a PC, read from the device tree on the device). A simulated definition ("sim", "sim-alsa")
// builds the simulated board with its virtual phones and exchange lines; any other definition
// gets the Linux backends.
import type { Board } from "../../board/board.ts";
import type { Clock } from "../../board/clock.ts";
import { LinuxBoard } from "../../board/linux/linux-board.ts";
import type { Syscalls } from "../../board/linux/syscalls.ts";
import type { PhoneDsp } from "../../board/sim/phone-dsp.ts";
import { SimBoard } from "../../board/sim/sim-board.ts";
import type { BoardDefinition } from "../../bsp/board-definition.ts";
import { boards, findBoardByCompatible, findBoardByName } from "../../bsp/boards.ts";

export type BoardSelection =
  | { readonly ok: true; readonly definition: BoardDefinition }
  | { readonly ok: false; readonly error: string };

/**
 * The definition named `name`, or with "auto" the one whose devicetree compatible string the
 * kernel reports (`readCompatible` returns /proc/device-tree/compatible, or undefined).
 */
export function selectBoard(
  name: string,
  readCompatible: () => string | undefined,
): BoardSelection {
  if (name !== "auto") {
    const byName = findBoardByName(name);
    if (byName) return { ok: true, definition: byName };
    const known = boards.map((b) => b.name).join(", ");
    return { ok: false, error: `unknown board "${name}" (known: ${known}, auto)` };
  }
  const compatible = readCompatible();
  if (compatible === undefined)
    return { ok: false, error: "no /proc/device-tree/compatible: pass --board" };
  const byCompatible = findBoardByCompatible(compatible);
  if (byCompatible) return { ok: true, definition: byCompatible };
  const shown = compatible.split("\0").filter(Boolean).join(", ");
  return { ok: false, error: `no board definition is compatible with ${shown}` };
}

export interface BuildBoardOptions {
  readonly clock: Clock;
  /** DSP of the simulator's virtual phones (only used on the simulated board). */
  readonly dsp: PhoneDsp;
  /** libc over bun:ffi (only loaded for a real board). */
  readonly syscalls: () => Promise<Syscalls>;
  readonly rtcEpochMs?: number;
  /** Where the simulated USB stick keeps its files (only used on the simulated board). */
  readonly simUsbDir?: string;
  /** The simulated RTC's battery file (only used on the simulated board). */
  readonly simRtcFile?: string;
}

/** The simulated board for a simulated definition, the Linux backends for every other one. */
export async function buildBoard(
  definition: BoardDefinition,
  o: BuildBoardOptions,
): Promise<{ board: Board; sim: SimBoard | null }> {
  if (definition.simulated) {
    const sim = new SimBoard({
      clock: o.clock,
      dsp: o.dsp,
      definition,
      ...(o.rtcEpochMs !== undefined ? { rtcEpochMs: o.rtcEpochMs } : {}),
      ...(o.simUsbDir !== undefined ? { usbDir: o.simUsbDir } : {}),
      ...(o.simRtcFile !== undefined ? { rtcBatteryFile: o.simRtcFile } : {}),
    });
    return { board: sim, sim };
  }
  const board = new LinuxBoard(definition, { clock: o.clock, syscalls: await o.syscalls() });
  return { board, sim: null };
}

// Board lookup (SPEC DEV-2): by --board name on a PC, by the devicetree compatible string
// (/proc/device-tree/compatible) on the device.
import type { BoardDefinition } from "./board-definition.ts";
import { pbxA534s4o } from "./pbx-a53-4s4o.ts";
import { sim } from "./sim.ts";
import { simAlsa } from "./sim-alsa.ts";

/** Every board this firmware knows. */
export const boards: readonly BoardDefinition[] = [sim, pbxA534s4o, simAlsa];

/** The board with this short name, or undefined. */
export function findBoardByName(name: string): BoardDefinition | undefined {
  return boards.find((b) => b.name === name);
}

/**
 * The board matching a devicetree compatible list. The kernel exposes it as NUL-separated
 * strings, most specific first; the first string any board claims wins.
 */
export function findBoardByCompatible(
  compatible: string | readonly string[],
): BoardDefinition | undefined {
  const wanted =
    typeof compatible === "string" ? compatible.split("\0").filter((s) => s !== "") : compatible;
  for (const c of wanted) {
    const board = boards.find((b) => b.compatible.includes(c));
    if (board) return board;
  }
  return undefined;
}

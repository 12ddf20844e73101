// A firmware slot on a partition of the board's flash (`/dev/mmcblk0p3`), as RAUC installs an
// ext4 slot: `begin` makes a fresh ext4 file system on it (no file of an older firmware
// survives) and mounts it on a private mount point; `commit` syncs and unmounts; `abort`
// empties the file system and unmounts, and a slot half written is never pointed at anyway
// (the updater switches U-Boot only after a commit). Needs mkfs.ext4 (e2fsprogs) and mount/umount (util-linux) on the board.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FirmwareSlot } from "./firmware-slot.ts";

/** The file system label names the slot's role for whoever inspects the flash. */
const LABEL = "pbx-slot";

export class PartitionSlot implements FirmwareSlot {
  #mountPoint: string | undefined;

  constructor(readonly location: string) {}

  async begin(): Promise<string> {
    await this.abort();
    await run(["mkfs.ext4", "-q", "-F", "-L", LABEL, this.location], `formatting ${this.location}`);
    const mountPoint = mkdtempSync(join(tmpdir(), "pbx-slot-"));
    try {
      await run(
        ["mount", "-t", "ext4", "-o", "rw,nodev,nosuid", this.location, mountPoint],
        `mounting ${this.location}`,
      );
    } catch (error) {
      rmSync(mountPoint, { recursive: true, force: true });
      throw error;
    }
    this.#mountPoint = mountPoint;
    // A fresh ext4 has lost+found; the slot's own files go beside it.
    return mountPoint;
  }

  async commit(): Promise<void> {
    const mountPoint = this.#mountPoint;
    if (!mountPoint) throw new Error(`${this.location} is not being written`);
    await run(["sync", "-f", mountPoint], `syncing ${this.location}`);
    await this.#unmount(mountPoint);
  }

  async abort(): Promise<void> {
    const mountPoint = this.#mountPoint;
    if (!mountPoint) return;
    for (const name of readdirSync(mountPoint))
      if (name !== "lost+found") rmSync(join(mountPoint, name), { recursive: true, force: true });
    await run(["sync", "-f", mountPoint], `syncing ${this.location}`);
    await this.#unmount(mountPoint);
  }

  async #unmount(mountPoint: string): Promise<void> {
    await run(["umount", mountPoint], `unmounting ${this.location}`);
    this.#mountPoint = undefined;
    rmSync(mountPoint, { recursive: true, force: true });
  }
}

/** Runs a system tool; a failure says what was being done and the tool's own words. */
async function run(argv: string[], doing: string): Promise<void> {
  const child = Bun.spawn(argv, { stdout: "ignore", stderr: "pipe" });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  if (code !== 0) throw new Error(`${doing} failed (exit ${code}): ${stderr.trim()}`);
}

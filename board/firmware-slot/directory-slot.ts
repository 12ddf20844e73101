// A firmware slot kept as a directory (the simulated board's slot-a and slot-b): the new files
// are written to `<slot>.part` and renamed over the slot once whole, so a cut or a failed check
// leaves the old slot as it was.
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { FirmwareSlot } from "./firmware-slot.ts";

export class DirectorySlot implements FirmwareSlot {
  constructor(readonly location: string) {}

  get #part(): string {
    return `${this.location}.part`;
  }

  async begin(): Promise<string> {
    rmSync(this.#part, { recursive: true, force: true });
    mkdirSync(this.#part, { recursive: true });
    return this.#part;
  }

  async commit(): Promise<void> {
    rmSync(this.location, { recursive: true, force: true });
    mkdirSync(dirname(this.location), { recursive: true });
    renameSync(this.#part, this.location);
  }

  async abort(): Promise<void> {
    rmSync(this.#part, { recursive: true, force: true });
  }
}

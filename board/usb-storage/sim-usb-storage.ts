// Simulated USB storage: the virtual front panel inserts and removes one stick (STYLE 4). The
// stick is a real folder, so what the box writes to it can be read back, and it keeps its
// files while pulled, as a stick would. Its free space is the folder's real free space, or
// less when a test asks for a nearly full stick.
import { mkdirSync, mkdtempSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EjectResult, UsbStorage, UsbVolume } from "./usb-storage.ts";

const DEVICE = "sda1";
const SIZE_BYTES = 16 * 1024 ** 3;

export interface SimStickOptions {
  /** Reports at most this much free space (a nearly full stick). */
  freeBytes?: number;
}

export class SimUsbStorage implements UsbStorage {
  #inserted: SimStickOptions | null = null;
  #root: string | undefined;

  /** `root`: the folder standing for the stick's file system (a temporary one if not given). */
  constructor(root?: string) {
    this.#root = root;
  }

  get mountPoint(): string {
    this.#root ??= mkdtempSync(join(tmpdir(), "pbx-sim-usb-"));
    return join(this.#root, DEVICE);
  }

  list(): UsbVolume[] {
    if (!this.#inserted) return [];
    const mountPoint = this.mountPoint;
    mkdirSync(mountPoint, { recursive: true });
    const fs = statfsSync(mountPoint);
    const free = Math.min(Number(fs.bavail) * Number(fs.bsize), SIZE_BYTES - 1);
    const limit = this.#inserted.freeBytes;
    return [
      {
        device: DEVICE,
        mountPoint,
        sizeBytes: SIZE_BYTES,
        freeBytes: limit === undefined ? free : Math.min(free, limit),
        fsType: "vfat",
      },
    ];
  }

  /** The simulated stick is mounted as it is inserted, as an automounter would. */
  async mountInserted(): Promise<string[]> {
    return [];
  }

  insert(options: SimStickOptions = {}): void {
    this.#inserted = { ...options };
  }

  remove(): void {
    this.#inserted = null;
  }

  async eject(device: string): Promise<EjectResult> {
    if (!this.#inserted || device !== DEVICE)
      return { ok: false, message: `no USB stick ${device} is mounted` };
    this.#inserted = null;
    return { ok: true };
  }
}

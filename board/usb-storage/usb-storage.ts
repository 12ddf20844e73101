// USB storage port (SPEC DEV-5, STAT-1): mounted USB volumes with their size and free space,
// and the safe eject that lets a stick be pulled without losing what was written to it.

export interface UsbVolume {
  /** Kernel block device name, e.g. "sda1". */
  readonly device: string;
  /** The directory its files are under while it is mounted. */
  readonly mountPoint: string;
  readonly sizeBytes: number;
  readonly freeBytes: number;
  readonly fsType: string;
}

export type EjectResult = { ok: true } | { ok: false; message: string };

export interface UsbStorage {
  /** Volumes on USB mass storage that are mounted now. */
  list(): UsbVolume[];
  /**
   * Mounts USB volumes that are inserted but not mounted yet (read-write, no devices, no
   * set-uid, nothing executed from the stick); the names of those mounted now.
   */
  mountInserted(): Promise<string[]>;
  /** Flushes and unmounts `device`; once it answers ok, the stick may be pulled. */
  eject(device: string): Promise<EjectResult>;
}

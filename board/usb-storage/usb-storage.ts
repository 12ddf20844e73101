// USB storage port (SPEC DEV-5, STAT-1): mounted USB volumes with their size and free space.

export interface UsbVolume {
  /** Kernel block device name, e.g. "sda1". */
  readonly device: string;
  readonly mountPoint: string;
  readonly sizeBytes: number;
  readonly freeBytes: number;
  readonly fsType: string;
}

export interface UsbStorage {
  /** Volumes on USB mass storage that are mounted now. */
  list(): UsbVolume[];
}

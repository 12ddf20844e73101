// Simulated USB storage: the virtual front panel inserts and removes one stick (STYLE 4).
import type { UsbStorage, UsbVolume } from "./usb-storage.ts";

export const SIM_USB_VOLUME: UsbVolume = {
  device: "sda1",
  mountPoint: "/media/usb/sda1",
  sizeBytes: 16 * 1024 ** 3,
  freeBytes: 12 * 1024 ** 3,
  fsType: "vfat",
};

export class SimUsbStorage implements UsbStorage {
  private volume: UsbVolume | null = null;

  list(): UsbVolume[] {
    return this.volume ? [this.volume] : [];
  }

  insert(volume: UsbVolume = SIM_USB_VOLUME): void {
    this.volume = volume;
  }

  remove(): void {
    this.volume = null;
  }
}

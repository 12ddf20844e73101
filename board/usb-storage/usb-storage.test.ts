import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../../test/support/temp-dir.ts";
import { LinuxUsbStorage } from "./linux-usb-storage.ts";
import { SimUsbStorage } from "./sim-usb-storage.ts";
import { usbStorageContract } from "./usb-storage.contract.ts";

usbStorageContract("simulated USB storage", () => {
  const storage = new SimUsbStorage(tempDir("sim-usb-"));
  return { storage, insert: () => storage.insert(), remove: () => storage.remove() };
});

/**
 * A fixture /sys and /proc/mounts: an internal eMMC (mounted, not USB) and, on insert, a USB stick
 * whose sysfs path runs through usb1 with partition sda1 mounted at /media/usb/sda1.
 */
function fixture() {
  const root = tempDir("blk-");
  const sysBlock = join(root, "sys/block");
  mkdirSync(sysBlock, { recursive: true });
  const emmc = join(root, "sys/devices/platform/mmc0/block/mmcblk0");
  mkdirSync(join(emmc, "mmcblk0p2"), { recursive: true });
  writeFileSync(join(emmc, "size"), "15269888\n");
  writeFileSync(join(emmc, "mmcblk0p2", "size"), "7000000\n");
  symlinkSync(emmc, join(sysBlock, "mmcblk0"));
  const mounts = join(root, "mounts");
  const base = "/dev/mmcblk0p2 / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n";
  writeFileSync(mounts, base);
  const stick = join(root, "sys/devices/pci0000:00/usb1/1-1/1-1:1.0/host0/block/sda");
  const mountPoint = join(root, "media/usb/sda1");
  return {
    mountPoint,
    storage: new LinuxUsbStorage(
      { sysBlockDir: sysBlock, mountsFile: mounts },
      () => 3_000_000_000,
    ),
    insert: () => {
      mkdirSync(join(stick, "sda1"), { recursive: true });
      writeFileSync(join(stick, "size"), "15630336\n");
      writeFileSync(join(stick, "sda1", "size"), "15628288\n");
      symlinkSync(stick, join(sysBlock, "sda"));
      mkdirSync(mountPoint, { recursive: true });
      writeFileSync(mounts, `${base}/dev/sda1 ${mountPoint} vfat rw,noexec 0 0\n`);
    },
    remove: () => {
      writeFileSync(mounts, base);
      rmSync(join(sysBlock, "sda"));
    },
  };
}

usbStorageContract("sysfs + /proc/mounts (fixture files)", fixture);

describe("LinuxUsbStorage", () => {
  test("reports the partition size from sysfs sectors and the mount from /proc/mounts", () => {
    const f = fixture();
    f.insert();
    expect(f.storage.list()).toEqual([
      {
        device: "sda1",
        mountPoint: f.mountPoint,
        fsType: "vfat",
        sizeBytes: 15628288 * 512,
        freeBytes: 3_000_000_000,
      },
    ]);
  });
});

describe("SimUsbStorage", () => {
  test("the stick is a folder that keeps its files while pulled; eject unmounts it", async () => {
    const storage = new SimUsbStorage(tempDir("sim-usb-"));
    storage.insert({ freeBytes: 1000 });
    const [stick] = storage.list();
    expect(stick!.freeBytes).toBe(1000);
    writeFileSync(join(stick!.mountPoint, "kept.txt"), "on the stick");
    storage.remove();
    storage.insert();
    expect(readFileSync(join(storage.list()[0]!.mountPoint, "kept.txt"), "utf8")).toBe(
      "on the stick",
    );
    expect(await storage.eject("sda1")).toEqual({ ok: true });
    expect(storage.list()).toEqual([]);
  });
});

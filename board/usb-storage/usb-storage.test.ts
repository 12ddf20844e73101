import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { requirePeer, run } from "../../test/support/peers.ts";
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
      { sysBlockDir: sysBlock, mountsFile: mounts, mountRoot: join(root, "media/usb") },
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

describe("LinuxUsbStorage mounts a stick nobody mounted", () => {
  test("mounted read-write with safe options under the mount root; once ejected, not again until pulled", async () => {
    requirePeer("losetup", "mount");
    requirePeer("mkfs.ext4", "e2fsprogs");
    const root = tempDir("usb-mount-");
    // The stick: an ext4 image on a loop device, seen as sdb1 of a disk on usb2.
    const image = join(root, "stick.img");
    await mustRun(["truncate", "-s", "16M", image]);
    await mustRun(["mkfs.ext4", "-q", "-F", image]);
    const loop = (await mustRun(["losetup", "--find", "--show", image])).trim();
    const sysBlock = join(root, "sys/block");
    const disk = join(root, "sys/devices/pci0000:00/usb2/2-1/2-1:1.0/host1/block/sdb");
    const devDir = join(root, "dev");
    mkdirSync(sysBlock, { recursive: true });
    mkdirSync(devDir);
    symlinkSync(loop, join(devDir, "sdb1"));
    const plugIn = () => {
      mkdirSync(join(disk, "sdb1"), { recursive: true });
      writeFileSync(join(disk, "size"), "32768\n");
      writeFileSync(join(disk, "sdb1", "size"), "32768\n");
      symlinkSync(disk, join(sysBlock, "sdb"));
    };
    const storage = new LinuxUsbStorage({
      sysBlockDir: sysBlock,
      mountsFile: "/proc/mounts",
      mountRoot: join(root, "media/usb"),
      devDir,
    });
    try {
      plugIn();
      expect(storage.list()).toEqual([]);
      expect(await storage.mountInserted()).toEqual(["sdb1"]);
      const [stick] = storage.list();
      expect(stick).toMatchObject({
        device: "sdb1",
        fsType: "ext4",
        mountPoint: join(root, "media/usb/sdb1"),
      });
      const options = readFileSync("/proc/mounts", "utf8")
        .split("\n")
        .find((l) => l.split(" ")[1] === stick!.mountPoint)!
        .split(" ")[3]!
        .split(",");
      expect(options).toEqual(
        expect.arrayContaining(["rw", "nosuid", "nodev", "noexec", "noatime"]),
      );
      writeFileSync(join(stick!.mountPoint, "written.txt"), "kept");
      expect(await storage.mountInserted()).toEqual([]);

      expect(await storage.eject("sdb1")).toEqual({ ok: true });
      expect(storage.list()).toEqual([]);
      expect(await storage.mountInserted()).toEqual([]);
      // Pulled and put back: mounted again, with what was written on it.
      rmSync(join(sysBlock, "sdb"));
      expect(await storage.mountInserted()).toEqual([]);
      symlinkSync(disk, join(sysBlock, "sdb"));
      expect(await storage.mountInserted()).toEqual(["sdb1"]);
      expect(readFileSync(join(storage.list()[0]!.mountPoint, "written.txt"), "utf8")).toBe("kept");
    } finally {
      await run(["umount", join(root, "media/usb/sdb1")]);
      await run(["losetup", "-d", loop]);
    }
  });
});

async function mustRun(argv: string[]): Promise<string> {
  const done = await run(argv);
  if (done.code !== 0) throw new Error(`${argv.join(" ")}: ${done.stderr}`);
  return done.stdout;
}

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

// USB storage from sysfs and procfs (Documentation/ABI/stable/sysfs-block, proc(5) /proc/mounts):
// a block device whose sysfs path runs through a USB controller, with a partition (or the whole
// disk) mounted; size from the "size" file in 512-byte sectors, free space from statfs(2). A
// stick nobody mounted is mounted under the board's mount root by mount(8), which finds its
// file system, with options that keep a stranger's stick harmless.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  statfsSync,
} from "node:fs";
import { join } from "node:path";
import type { EjectResult, UsbStorage, UsbVolume } from "./usb-storage.ts";

export interface LinuxUsbStoragePaths {
  readonly sysBlockDir: string;
  readonly mountsFile: string;
  /** Where sticks are mounted, one folder per device (`/media/usb/sda1`). */
  readonly mountRoot: string;
  /** Where the device nodes are (`/dev`). */
  readonly devDir?: string;
}

/** Read-write; no device files, set-uid programs or executables from a stick; no atime writes. */
export const STICK_MOUNT_OPTIONS = "rw,nosuid,nodev,noexec,noatime";

export type FreeSpace = (mountPoint: string) => number;

const statfsFree: FreeSpace = (mountPoint) => {
  const s = statfsSync(mountPoint);
  return Number(s.bavail) * Number(s.bsize);
};

export class LinuxUsbStorage implements UsbStorage {
  /** Devices ejected and not pulled yet. */
  readonly #ejected = new Set<string>();

  constructor(
    private readonly paths: LinuxUsbStoragePaths,
    private readonly freeSpace: FreeSpace = statfsFree,
  ) {}

  list(): UsbVolume[] {
    const mounts = this.#mounts();
    const volumes: UsbVolume[] = [];
    for (const { dev, sizeFile } of this.#usbDevices()) {
      const mount = mounts.get(this.#node(dev));
      if (!mount) continue;
      volumes.push({
        device: dev,
        mountPoint: mount.mountPoint,
        fsType: mount.fsType,
        sizeBytes: Number(readFileSync(sizeFile, "utf8").trim()) * 512,
        freeBytes: this.freeSpace(mount.mountPoint),
      });
    }
    return volumes.sort((a, b) => a.device.localeCompare(b.device));
  }

  async mountInserted(): Promise<string[]> {
    const mounts = this.#mounts();
    const devices = this.#usbDevices();
    // A disk with partitions is mounted by its partitions; one without, as a whole.
    const disks = new Set(devices.filter((d) => d.partition).map((d) => d.disk));
    // An ejected stick stays unmounted until it is pulled.
    for (const dev of this.#ejected)
      if (!devices.some((d) => d.dev === dev)) this.#ejected.delete(dev);
    const mounted: string[] = [];
    for (const { dev, disk, partition } of devices) {
      if (this.#ejected.has(dev) || (!partition && disks.has(disk))) continue;
      if (mounts.has(this.#node(dev))) continue;
      const mountPoint = join(this.paths.mountRoot, dev);
      mkdirSync(mountPoint, { recursive: true });
      const mount = Bun.spawn(
        ["mount", "-o", STICK_MOUNT_OPTIONS, join(this.#devDir, dev), mountPoint],
        { stdout: "ignore", stderr: "ignore" },
      );
      if ((await mount.exited) === 0) mounted.push(dev);
      // No file system mount(8) knows (a blank stick, a card reader's empty slot): tried again
      // at the next look, leaving no folder behind.
      else removeFolder(mountPoint);
    }
    return mounted;
  }

  get #devDir(): string {
    return this.paths.devDir ?? "/dev";
  }

  /** The device node as /proc/mounts names it (the kernel's node, symlinks followed). */
  #node(dev: string): string {
    const path = join(this.#devDir, dev);
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  }

  #mounts(): Map<string, { mountPoint: string; fsType: string }> {
    const mounts = parseMounts(readFileSync(this.paths.mountsFile, "utf8"));
    const bySource = new Map<string, { mountPoint: string; fsType: string }>();
    for (const [source, mount] of mounts) {
      let node = source;
      try {
        if (source.startsWith("/")) node = realpathSync(source);
      } catch {
        // A source that is no file (gone, or not a path): kept as written.
      }
      bySource.set(node, mount);
      bySource.set(source, mount);
    }
    return bySource;
  }

  /** Block devices on USB: each disk and each of its partitions, with its size file. */
  #usbDevices(): { dev: string; disk: string; partition: boolean; sizeFile: string }[] {
    const devices: { dev: string; disk: string; partition: boolean; sizeFile: string }[] = [];
    for (const disk of readdirSync(this.paths.sysBlockDir)) {
      const diskDir = join(this.paths.sysBlockDir, disk);
      // The device path runs through a USB host controller: .../usb1/1-1/... .
      if (!/\/usb\d+\//.test(realpathSync(diskDir))) continue;
      devices.push({ dev: disk, disk, partition: false, sizeFile: join(diskDir, "size") });
      for (const p of readdirSync(diskDir))
        if (p.startsWith(disk) && existsSync(join(diskDir, p, "size")))
          devices.push({ dev: p, disk, partition: true, sizeFile: join(diskDir, p, "size") });
    }
    return devices;
  }

  /** umount(8) flushes the stick's caches before it lets go of it. */
  async eject(device: string): Promise<EjectResult> {
    const volume = this.list().find((v) => v.device === device);
    if (!volume) return { ok: false, message: `no USB stick ${device} is mounted` };
    const umount = Bun.spawn(["umount", volume.mountPoint], { stdout: "ignore", stderr: "pipe" });
    const [code, said] = await Promise.all([umount.exited, new Response(umount.stderr).text()]);
    if (code !== 0) return { ok: false, message: said.trim() || `umount exited ${code}` };
    this.#ejected.add(device);
    if (volume.mountPoint.startsWith(`${this.paths.mountRoot}/`)) removeFolder(volume.mountPoint);
    return { ok: true };
  }
}

function removeFolder(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    // Not empty or already gone: left as it is.
  }
}

/** /proc/mounts fields are space-separated with spaces inside names escaped as \040. */
function parseMounts(text: string): Map<string, { mountPoint: string; fsType: string }> {
  const unescapeOctal = (s: string): string =>
    s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  const map = new Map<string, { mountPoint: string; fsType: string }>();
  for (const line of text.split("\n")) {
    const [source, target, fsType] = line.split(" ");
    if (source && target && fsType)
      map.set(unescapeOctal(source), { mountPoint: unescapeOctal(target), fsType });
  }
  return map;
}

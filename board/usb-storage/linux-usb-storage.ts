// USB storage from sysfs and procfs (Documentation/ABI/stable/sysfs-block, proc(5) /proc/mounts):
// a block device whose sysfs path runs through a USB controller, with a partition (or the whole
// disk) mounted; size from the "size" file in 512-byte sectors, free space from statfs(2).
import { existsSync, readdirSync, readFileSync, realpathSync, statfsSync } from "node:fs";
import { join } from "node:path";
import type { EjectResult, UsbStorage, UsbVolume } from "./usb-storage.ts";

export interface LinuxUsbStoragePaths {
  readonly sysBlockDir: string;
  readonly mountsFile: string;
}

export type FreeSpace = (mountPoint: string) => number;

const statfsFree: FreeSpace = (mountPoint) => {
  const s = statfsSync(mountPoint);
  return Number(s.bavail) * Number(s.bsize);
};

export class LinuxUsbStorage implements UsbStorage {
  constructor(
    private readonly paths: LinuxUsbStoragePaths,
    private readonly freeSpace: FreeSpace = statfsFree,
  ) {}

  list(): UsbVolume[] {
    const mounts = parseMounts(readFileSync(this.paths.mountsFile, "utf8"));
    const volumes: UsbVolume[] = [];
    for (const disk of readdirSync(this.paths.sysBlockDir)) {
      const diskDir = join(this.paths.sysBlockDir, disk);
      // The device path runs through a USB host controller: .../usb1/1-1/... .
      if (!/\/usb\d+\//.test(realpathSync(diskDir))) continue;
      const candidates = [
        disk,
        ...readdirSync(diskDir).filter(
          (p) => p.startsWith(disk) && existsSync(join(diskDir, p, "size")),
        ),
      ];
      for (const dev of candidates) {
        const mount = mounts.get(`/dev/${dev}`);
        if (!mount) continue;
        const sizeFile = dev === disk ? join(diskDir, "size") : join(diskDir, dev, "size");
        volumes.push({
          device: dev,
          mountPoint: mount.mountPoint,
          fsType: mount.fsType,
          sizeBytes: Number(readFileSync(sizeFile, "utf8").trim()) * 512,
          freeBytes: this.freeSpace(mount.mountPoint),
        });
      }
    }
    return volumes.sort((a, b) => a.device.localeCompare(b.device));
  }

  /** umount(8) flushes the stick's caches before it lets go of it. */
  async eject(device: string): Promise<EjectResult> {
    const volume = this.list().find((v) => v.device === device);
    if (!volume) return { ok: false, message: `no USB stick ${device} is mounted` };
    const umount = Bun.spawn(["umount", volume.mountPoint], { stdout: "ignore", stderr: "pipe" });
    const [code, said] = await Promise.all([umount.exited, new Response(umount.stderr).text()]);
    return code === 0
      ? { ok: true }
      : { ok: false, message: said.trim() || `umount exited ${code}` };
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

// SPEC DEV-7: backups kept by the box itself, made on a schedule or by "back up now": in
// <data>/backups, or on the USB stick's pbx/backups while one is mounted. Each is written to a
// ".part" name, synced and renamed, so a power cut or a pulled stick never leaves a half
// backup under a backup's name; only the newest `keep` of a place are kept.
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";

export type BackupPlace = "internal" | "usb";
export const BACKUP_PLACES: readonly BackupPlace[] = ["internal", "usb"];

/** What a kept backup's name looks like (create-backup.ts names them). */
const BACKUP_NAME = /^pbx-backup-[A-Za-z0-9_-]+-\d{8}-\d{6}\.tar$/;

export interface StoredBackup {
  place: BackupPlace;
  name: string;
  bytes: number;
  modifiedAtMs: number;
}

export interface StoredBackupsOptions {
  internalDir: string;
  /** The stick's backup folder while one is mounted. */
  usbDir(): string | undefined;
}

export class StoredBackups {
  constructor(private readonly o: StoredBackupsOptions) {}

  /** The folder of `place`, or undefined when it is not there now (no stick). */
  dirOf(place: BackupPlace): string | undefined {
    return place === "internal" ? this.o.internalDir : this.o.usbDir();
  }

  /** Every kept backup, newest first. */
  list(): StoredBackup[] {
    const found: StoredBackup[] = [];
    for (const place of BACKUP_PLACES) {
      const dir = this.dirOf(place);
      if (!dir || !existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!BACKUP_NAME.test(name)) continue;
        const stat = statSync(join(dir, name));
        found.push({ place, name, bytes: stat.size, modifiedAtMs: stat.mtimeMs });
      }
    }
    return found.sort((a, b) => b.name.localeCompare(a.name) || a.place.localeCompare(b.place));
  }

  /** The path of a kept backup, or undefined (unknown name, or its place is gone). */
  pathOf(place: BackupPlace, name: string): string | undefined {
    const dir = this.dirOf(place);
    if (!dir || !BACKUP_NAME.test(name)) return undefined;
    const path = join(dir, name);
    return existsSync(path) ? path : undefined;
  }

  delete(place: BackupPlace, name: string): boolean {
    const path = this.pathOf(place, name);
    if (!path) return false;
    rmSync(path, { force: true });
    return true;
  }

  /** Copies the backup at `from` into `place` as `name`, then keeps only the newest `keep`. */
  keep(from: string, name: string, place: BackupPlace, keep: number): StoredBackup {
    const dir = this.dirOf(place);
    if (!dir) throw new Error(`no ${place} storage for backups now`);
    mkdirSync(dir, { recursive: true });
    const to = join(dir, name);
    const part = `${to}.part`;
    try {
      copyFileSync(from, part);
      const fd = openSync(part, "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(part, to);
    } catch (error) {
      rmSync(part, { force: true });
      throw error;
    }
    const mine = this.list().filter((b) => b.place === place);
    for (const old of mine.slice(Math.max(1, keep))) rmSync(join(dir, old.name), { force: true });
    const stat = statSync(to);
    return { place, name, bytes: stat.size, modifiedAtMs: stat.mtimeMs };
  }
}

// SPEC DEV-7: the box backs itself up on its schedule, and at once when the admin asks. A
// scheduled backup meant for the USB stick goes to the box when no stick is in, and says so.
// The schedule is looked at every TICK_MS; the date of the last scheduled run is kept, so a
// minute is never backed up twice, even across a restart within it.
import type { BackupContents } from "./backup-manifest.ts";
import {
  BACKUP_SCHEDULE_KEY,
  type BackupSchedule,
  DEFAULT_BACKUP_SCHEDULE,
  dueDate,
} from "./backup-schedule.ts";
import type { WrittenBackup } from "./create-backup.ts";
import type { BackupPlace, StoredBackup, StoredBackups } from "./stored-backups.ts";

export const TICK_MS = 20_000;
const LAST_RUN_KEY = "backup.lastScheduledDate";
const LAST_RESULT_KEY = "backup.lastResult";

export interface BackupResult {
  atMs: number;
  ok: boolean;
  /** "schedule" or "now". */
  trigger: "schedule" | "now";
  place?: BackupPlace;
  name?: string;
  bytes?: number;
  /** Why it failed, or why it went elsewhere than asked. */
  message?: string;
}

export interface ScheduledBackupsOptions {
  create(include: BackupContents): Pick<WrittenBackup, "path" | "fileName"> & { done(): void };
  stored: StoredBackups;
  settings: { get<T>(key: string, fallback: T): T; set(key: string, value: unknown): void };
  timeZone(): string;
  now(): number;
  clock: { setTimer(delayMs: number, fire: () => void): { cancel(): void } };
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

export class ScheduledBackups {
  #timer: { cancel(): void } | null = null;

  constructor(private readonly o: ScheduledBackupsOptions) {}

  start(): void {
    this.#tick();
  }

  stop(): void {
    this.#timer?.cancel();
    this.#timer = null;
  }

  schedule(): BackupSchedule {
    return { ...DEFAULT_BACKUP_SCHEDULE, ...this.o.settings.get(BACKUP_SCHEDULE_KEY, {}) };
  }

  setSchedule(schedule: BackupSchedule): BackupSchedule {
    this.o.settings.set(BACKUP_SCHEDULE_KEY, schedule);
    return this.schedule();
  }

  lastResult(): BackupResult | null {
    return this.o.settings.get<BackupResult | null>(LAST_RESULT_KEY, null);
  }

  /** Backs up now to `place` with the schedule's contents and its number kept. */
  runNow(place: BackupPlace): BackupResult {
    return this.#run("now", place);
  }

  #tick(): void {
    const schedule = this.schedule();
    const date = dueDate(schedule, this.o.now(), this.o.timeZone());
    if (date && this.o.settings.get(LAST_RUN_KEY, "") !== date) {
      this.o.settings.set(LAST_RUN_KEY, date);
      this.#run("schedule", schedule.place);
    }
    this.#timer = this.o.clock.setTimer(TICK_MS, () => this.#tick());
  }

  #run(trigger: BackupResult["trigger"], asked: BackupPlace): BackupResult {
    const schedule = this.schedule();
    const place: BackupPlace = this.o.stored.dirOf(asked) ? asked : "internal";
    const moved = place !== asked ? "no USB stick is in: kept on the box" : undefined;
    const atMs = Math.round(this.o.now());
    let result: BackupResult;
    try {
      const written = this.o.create({ voiceFiles: schedule.voiceFiles, records: schedule.records });
      let kept: StoredBackup;
      try {
        kept = this.o.stored.keep(written.path, written.fileName, place, schedule.keep);
      } finally {
        written.done();
      }
      result = {
        atMs,
        ok: true,
        trigger,
        place,
        name: kept.name,
        bytes: kept.bytes,
        ...(moved ? { message: moved } : {}),
      };
      this.o.log.info("backup kept", { trigger, place, name: kept.name, bytes: kept.bytes });
    } catch (error) {
      result = { atMs, ok: false, trigger, place, message: String(error) };
      this.o.log.warn("backup failed", { trigger, place, error: String(error) });
    }
    this.o.settings.set(LAST_RESULT_KEY, result);
    return result;
  }
}

// SPEC DEV-7: when the box backs itself up, kept as one setting. Backups run at a wall-clock
// minute in the box's time zone, every day or on one weekday, to the box or the USB stick.
import { wallClock } from "../routes/time-condition.ts";
import type { BackupPlace } from "./stored-backups.ts";

export interface BackupSchedule {
  enabled: boolean;
  frequency: "daily" | "weekly";
  /** For weekly: 0 = Sunday ... 6 = Saturday. */
  weekday: number;
  /** "HH:MM", 24-hour, in the box's time zone. */
  time: string;
  /** Where: the box, or the USB stick (the box when no stick is in). */
  place: BackupPlace;
  /** How many scheduled backups of a place are kept. */
  keep: number;
  voiceFiles: boolean;
  records: boolean;
}

export const BACKUP_SCHEDULE_KEY = "backup.schedule";

export const DEFAULT_BACKUP_SCHEDULE: BackupSchedule = {
  enabled: false,
  frequency: "daily",
  weekday: 1,
  time: "03:00",
  place: "internal",
  keep: 7,
  voiceFiles: false,
  records: false,
};

/** The wall-clock date a backup is due at `atMs`, or undefined when none is due that minute. */
export function dueDate(
  schedule: BackupSchedule,
  atMs: number,
  timeZone: string,
): string | undefined {
  if (!schedule.enabled) return undefined;
  const wall = wallClock(atMs, timeZone);
  const [hours, minutes] = schedule.time.split(":").map(Number);
  if (wall.minute !== (hours ?? 0) * 60 + (minutes ?? 0)) return undefined;
  if (schedule.frequency === "weekly" && wall.weekday !== schedule.weekday) return undefined;
  return wall.date;
}

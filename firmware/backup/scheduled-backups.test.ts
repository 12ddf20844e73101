import { beforeEach, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import type { BackupSchedule } from "./backup-schedule.ts";
import { ScheduledBackups, TICK_MS } from "./scheduled-backups.ts";
import { StoredBackups } from "./stored-backups.ts";

// Monday 2026-03-02 02:58 in Shanghai (UTC+8).
const START = Date.parse("2026-03-02T02:58:00+08:00");
let dir: string;
let clock: ManualClock;
let stick: string | undefined;
let failing: string | undefined;
let service: ScheduledBackups;
const settings = new Map<string, unknown>();

beforeEach(() => {
  dir = tempDir("scheduled-backups-");
  clock = new ManualClock(START);
  stick = undefined;
  failing = undefined;
  settings.clear();
  const work = join(dir, "work");
  mkdirSync(work, { recursive: true });
  service = new ScheduledBackups({
    create: () => {
      if (failing) throw new Error(failing);
      const stamp = new Date(clock.now()).toISOString().replace(/[-:]/g, "").replace("T", "-");
      const fileName = `pbx-backup-sim-${stamp.slice(0, 15)}.tar`;
      const path = join(work, fileName);
      writeFileSync(path, "a backup");
      return { path, fileName, bytes: 8, done: () => {} };
    },
    stored: new StoredBackups({ internalDir: join(dir, "backups"), usbDir: () => stick }),
    settings: {
      get: <T>(key: string, fallback: T) =>
        settings.has(key) ? (settings.get(key) as T) : fallback,
      set: (key, value) => settings.set(key, value),
    },
    timeZone: () => "Asia/Shanghai",
    now: () => clock.now(),
    clock,
    log: { info: () => {}, warn: () => {} },
  });
});

const daily: BackupSchedule = {
  enabled: true,
  frequency: "daily",
  weekday: 0,
  time: "03:00",
  place: "internal",
  keep: 2,
  voiceFiles: false,
  records: false,
};
const kept = (folder = join(dir, "backups")) => readdirSync(folder).sort();
const hours = (n: number) => clock.advance(n * 3_600_000);

describe("scheduled backups (SPEC DEV-7)", () => {
  test("a daily backup runs once at its minute in the box's time zone, keeping the newest", () => {
    service.setSchedule(daily);
    service.start();
    clock.advance(60_000);
    expect(service.lastResult()).toBeNull();
    clock.advance(60_000 + 3 * TICK_MS);
    expect(kept()).toEqual(["pbx-backup-sim-20260301-190000.tar"]);
    expect(service.lastResult()).toMatchObject({
      ok: true,
      trigger: "schedule",
      place: "internal",
    });
    hours(24);
    hours(24);
    expect(kept()).toEqual([
      "pbx-backup-sim-20260302-190000.tar",
      "pbx-backup-sim-20260303-190000.tar",
    ]);
  });

  test("weekly runs only on its weekday; off runs never", () => {
    service.setSchedule({ ...daily, frequency: "weekly", weekday: 3, keep: 5 });
    service.start();
    hours(24 * 7);
    expect(kept()).toEqual(["pbx-backup-sim-20260303-190000.tar"]);
    service.setSchedule({ ...daily, enabled: false });
    hours(24 * 3);
    expect(kept()).toHaveLength(1);
  });

  test("to the USB stick when one is in, else to the box, saying so", () => {
    stick = join(dir, "stick", "pbx", "backups");
    expect(service.runNow("usb")).toMatchObject({ ok: true, trigger: "now", place: "usb" });
    expect(kept(stick)).toHaveLength(1);
    stick = undefined;
    clock.advance(1000);
    expect(service.runNow("usb")).toMatchObject({
      ok: true,
      place: "internal",
      message: "no USB stick is in: kept on the box",
    });
  });

  test("a failed backup is the last result, with why", () => {
    failing = "disk full";
    expect(service.runNow("internal")).toMatchObject({ ok: false, message: "Error: disk full" });
    expect(service.lastResult()).toMatchObject({ ok: false });
  });
});

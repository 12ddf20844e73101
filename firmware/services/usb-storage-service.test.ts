import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SimUsbStorage } from "../../board/usb-storage/sim-usb-storage.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { type OpenDatabase, openDatabase } from "../db/open-database.ts";
import { SettingsStore } from "../db/settings-store.ts";
import { RecordingStore } from "../recordings/recording-store.ts";
import { VoicemailStore } from "../voicemail/voicemail-store.ts";
import { POLL_MS, UsbStorageService } from "./usb-storage-service.ts";

let database: OpenDatabase;
let dir: string;
let clock: ManualClock;
let stick: SimUsbStorage;
let recordings: RecordingStore;
let service: UsbStorageService;
const logged: string[] = [];

beforeEach(() => {
  dir = tempDir("usb-service-");
  database = openDatabase(join(dir, "pbx.sqlite"));
  clock = new ManualClock();
  stick = new SimUsbStorage(join(dir, "stick"));
  recordings = RecordingStore.open({
    db: database.db,
    volumes: { data: join(dir, "recordings") },
    clock: { now: () => Date.UTC(2026, 0, 1) },
    hasRoomFor: (volume, bytes) => volume !== "usb" || service.hasRoomFor(bytes),
  });
  service = new UsbStorageService({
    usb: stick,
    recordings,
    settings: new SettingsStore(database.db),
    clock,
    log: { info: (message) => logged.push(message) },
  });
  service.start();
});
afterEach(() => {
  service.stop();
  database.close();
});

async function recordOneSecond() {
  const active = recordings.begin({ kind: "call", direction: "internal", extensions: ["401"] });
  for (let n = 0; n < 50; n++) active.recorder.write(new Int16Array(160).fill(1000));
  const record = active.finish()!;
  await recordings.idle();
  return recordings.get(record.id)!;
}

const wavsUnder = (path: string): string[] =>
  existsSync(path)
    ? readdirSync(path, { recursive: true })
        .filter((f) => String(f).endsWith(".wav"))
        .map(String)
    : [];

describe("the USB stick as the box uses it (SPEC DEV-5)", () => {
  test("a stick is noticed at the next poll and new recordings move to it", async () => {
    expect((await recordOneSecond()).volume).toBe("data");
    stick.insert();
    expect(service.view().usb).not.toBeNull();
    clock.advance(POLL_MS);
    expect(logged).toContain("USB stick mounted");
    expect((await recordOneSecond()).volume).toBe("usb");
    expect(wavsUnder(stick.mountPoint)).toHaveLength(1);
  });

  test("kept on the box when the admin says so, and again on the stick when not", async () => {
    stick.insert();
    clock.advance(POLL_MS);
    service.setTargets({ recordingsTo: "internal" });
    expect((await recordOneSecond()).volume).toBe("data");
    service.setTargets({ recordingsTo: "usb" });
    expect((await recordOneSecond()).volume).toBe("usb");
  });

  test("a pulled stick is noticed; eject finishes moving, then unmounts", async () => {
    stick.insert();
    clock.advance(POLL_MS);
    stick.remove();
    clock.advance(POLL_MS);
    expect(logged).toContain("USB stick gone");
    expect((await recordOneSecond()).volume).toBe("data");

    stick.insert();
    clock.advance(POLL_MS);
    const active = recordings.begin({ kind: "call", direction: "internal", extensions: ["401"] });
    for (let n = 0; n < 50; n++) active.recorder.write(new Int16Array(160).fill(1000));
    const record = active.finish()!;
    expect(await service.eject()).toEqual({ ok: true });
    // The recording finished before the eject went to the stick before it was unmounted.
    expect(recordings.get(record.id)!.volume).toBe("usb");
    expect(stick.list()).toEqual([]);
    expect(await service.eject()).toEqual({ ok: false, message: "no USB stick is mounted" });
  });

  test("a stick without room keeps recordings on the box", async () => {
    stick.insert({ freeBytes: 1_000_000 });
    clock.advance(POLL_MS);
    expect(service.hasRoomFor(100)).toBe(false);
    expect((await recordOneSecond()).volume).toBe("data");
  });

  test("voicemail stays on the box until the admin sends it to the stick; eject waits for it", async () => {
    const voicemail = new VoicemailStore(database.db, join(dir, "voicemail"), (bytes) =>
      service.hasRoomFor(bytes),
    );
    service.stop();
    service = new UsbStorageService({
      usb: stick,
      recordings,
      voicemail,
      settings: new SettingsStore(database.db),
      clock,
      log: { info: (message) => logged.push(message) },
    });
    service.start();
    const leave = () =>
      voicemail.add("401", {
        callerNumber: "402",
        callerName: "",
        receivedMs: Date.UTC(2026, 0, 1),
        samples: new Int16Array(8000).fill(1000),
      });
    stick.insert();
    clock.advance(POLL_MS);
    expect(service.view().voicemailTo).toBe("internal");
    const kept = leave();
    await voicemail.idle();
    expect(voicemail.onStick(kept.id)).toBe(false);

    expect(service.setTargets({ voicemailTo: "usb" })).toMatchObject({
      recordingsTo: "usb",
      voicemailTo: "usb",
    });
    const moved = leave();
    expect(await service.eject()).toEqual({ ok: true });
    // Finished before the eject: on the stick's pbx/voicemail folder when it was unmounted.
    expect(wavsUnder(join(stick.mountPoint, "pbx", "voicemail"))).toHaveLength(1);
    expect(voicemail.path(moved.id)).toBeUndefined();
    expect(voicemail.path(kept.id)).toBeDefined();
  });
});

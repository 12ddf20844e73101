import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import { type OpenDatabase, openDatabase } from "../db/open-database.ts";
import { type RecordingStart, RecordingStore } from "./recording-store.ts";

const T0 = Date.UTC(2025, 5, 1, 9, 0, 0);
let dataDir: string;
let database: OpenDatabase;
let store: RecordingStore;
const clock = { ms: T0, now: () => clock.ms };

function open(volumes: Record<string, string> = { data: join(dataDir, "recordings") }) {
  database?.close();
  database = openDatabase(join(dataDir, "pbx.sqlite"));
  store = RecordingStore.open({ db: database.db, volumes, clock });
  return store;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "pbx-rec-"));
  clock.ms = T0;
  open();
});
afterEach(() => {
  database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** 20 ms of a tone at `hz`, amplitude `level`, continuing phase from frame `n`. */
function toneFrame(hz: number, level: number, n: number): Int16Array {
  return Int16Array.from({ length: 160 }, (_, i) =>
    Math.round(level * Math.sin((2 * Math.PI * hz * (n * 160 + i)) / 8000)),
  );
}

/** Records `frames` 20 ms frames and finishes; the clock moves as a call's would. */
function record(start: RecordingStart, frames: number, atMs = clock.ms) {
  clock.ms = atMs;
  const active = store.begin(start);
  for (let n = 0; n < frames; n++)
    active.recorder.write(toneFrame(440, 8000, n), toneFrame(1000, 4000, n));
  clock.ms += frames * 20;
  return { active, record: active.finish() };
}

const call = (
  extensions: string[],
  peerNumber: string,
  direction: RecordingStart["direction"] = "inbound",
) => ({ kind: "call", direction, extensions, peerNumber }) as const;

describe("recording a call", () => {
  test("begin, frames, finish leaves an indexed WAV that readWav and sox read back", () => {
    const { active, record: rec } = record(
      { ...call(["101"], "13800138000"), layout: "stereo", callId: "c-1" },
      50,
    );
    expect(rec).toMatchObject({
      kind: "call",
      direction: "inbound",
      extensions: ["101"],
      peerNumber: "13800138000",
      startedAt: new Date(T0),
      durationMs: 1000,
      bytes: 44 + 50 * 160 * 2 * 2,
      volume: "data",
      callId: "c-1",
    });
    expect(active.path).toContain(
      join("recordings", "2025", "06", "01", "20250601-090000-call-101-13800138000-"),
    );
    expect(existsSync(`${active.path}.part`)).toBe(false);
    const wav = readWav(new Uint8Array(readFileSync(active.path)));
    if (!wav.ok) throw new Error(wav.error);
    expect(wav.wav.sampleRateHz).toBe(8000);
    expect(wav.wav.channels.map((c) => c.length)).toEqual([8000, 8000]);
    expect(Math.max(...wav.wav.channels[0]!)).toBe(8000);
    expect(Math.max(...wav.wav.channels[1]!)).toBeGreaterThan(3990);
    const soxi = Bun.spawnSync(["soxi", "-D", active.path]);
    expect(soxi.stdout.toString().trim()).toBe("1.000000");
  });

  test("a recording with no audio, or aborted, leaves neither file nor row", () => {
    const empty = store.begin(call(["101"], "200"));
    expect(empty.finish()).toBeUndefined();
    const aborted = store.begin(call(["101"], "200"));
    aborted.recorder.write(toneFrame(440, 1000, 0));
    aborted.abort();
    expect(aborted.finish()).toBeUndefined();
    expect(store.search().total).toBe(0);
    for (const path of [empty.path, aborted.path]) {
      expect(readdirSync(dirname(path))).toEqual([]);
    }
  });

  test("delete removes the row and the file", () => {
    const { active, record: rec } = record(call(["101"], "200"), 5);
    expect(store.audio(rec!.id)).toBeDefined();
    expect(store.delete(rec!.id)).toBe(true);
    expect(existsSync(active.path)).toBe(false);
    expect(store.get(rec!.id)).toBeUndefined();
    expect(store.delete(rec!.id)).toBe(false);
  });
});

describe("search", () => {
  beforeEach(() => {
    record(call(["101"], "13800138000"), 5, T0);
    record(call(["101", "102"], "102", "internal"), 5, T0 + 60_000);
    record(call(["102"], "010_555", "outbound"), 5, T0 + 120_000);
    record(
      { kind: "one-touch", direction: "outbound", extensions: ["103"], peerNumber: "0105551234" },
      5,
      T0 + 180_000,
    );
    record(
      { kind: "conference", direction: "internal", extensions: ["101", "103"], peerNumber: "90" },
      5,
      T0 + 240_000,
    );
  });
  const peers = (q: Parameters<RecordingStore["search"]>[0]) =>
    store.search(q).items.map((r) => r.peerNumber);

  test("newest first, with the total and paging", () => {
    expect(peers({})).toEqual(["90", "0105551234", "010_555", "102", "13800138000"]);
    expect(store.search({ offset: 1, limit: 2 })).toMatchObject({
      total: 5,
      items: [{ peerNumber: "0105551234" }, { peerNumber: "010_555" }],
    });
  });

  test("an extension finds the recordings it took part in; several must all have", () => {
    expect(peers({ extensions: ["101"] })).toEqual(["90", "102", "13800138000"]);
    expect(peers({ extensions: ["101", "102"] })).toEqual(["102"]);
    expect(store.search({ extensions: ["104"] })).toEqual({ items: [], total: 0 });
    expect(store.search({ extensions: ["101", "103"] }).items[0]!.extensions).toEqual([
      "101",
      "103",
    ]);
  });

  test("by kind, direction, part of the peer number and time range", () => {
    expect(peers({ kind: "one-touch" })).toEqual(["0105551234"]);
    expect(peers({ kind: "call", direction: "outbound" })).toEqual(["010_555"]);
    // "_" is a character, not LIKE's wildcard: "5_1" would otherwise match 0105551234.
    expect(peers({ peer: "5_1" })).toEqual([]);
    expect(peers({ peer: "0_5" })).toEqual(["010_555"]);
    expect(peers({ peer: "555" })).toEqual(["0105551234", "010_555"]);
    expect(peers({ fromMs: T0 + 60_000, toMs: T0 + 180_000 })).toEqual(["010_555", "102"]);
  });
});

describe("crash safety", () => {
  test("after a power cut mid-recording and lost rows or files, a restart leaves them agreeing", () => {
    const { active: kept } = record(call(["101"], "200"), 5);
    const { active: lost } = record(call(["101"], "201"), 5);
    const interrupted = store.begin(call(["102"], "300"));
    interrupted.recorder.write(toneFrame(440, 1000, 0));
    rmSync(lost.path);
    const stray = join(dataDir, "recordings", "2025", "05", "31", "stray.wav");
    mkdirSync(dirname(stray), { recursive: true });
    writeFileSync(stray, readFileSync(kept.path));

    open();
    const rel = (p: string) => `data:${p.slice(join(dataDir, "recordings").length + 1)}`;
    expect(store.repairs).toEqual({
      partFiles: [rel(`${interrupted.path}.part`)],
      filesWithoutRow: ["data:2025/05/31/stray.wav"],
      rowsWithoutFile: [rel(lost.path)],
    });
    expect(store.search().items.map((r) => r.peerNumber)).toEqual(["200"]);
    expect(existsSync(kept.path)).toBe(true);
  });

  test("recordings on a volume that is absent now are kept, and come back with it", async () => {
    const usb = join(dataDir, "usb");
    open({ data: join(dataDir, "recordings"), usb });
    const { record: written } = record({ ...call(["101"], "200"), volume: "usb" }, 5);
    await store.idle();
    const rec = store.get(written!.id);
    expect(rec!.volume).toBe("usb");
    open();
    expect(store.repairs.rowsWithoutFile).toEqual([]);
    expect(store.get(rec!.id)).toBeDefined();
    expect(store.audio(rec!.id)).toBeUndefined();
    store.setVolume("usb", usb);
    expect(store.audio(rec!.id)?.size).toBe(rec!.bytes);
  });
});

describe("recordings for a USB stick (SPEC DEV-5)", () => {
  const usb = () => join(dataDir, "usb");
  const filesUnder = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
      : [];

  test("a finished recording moves to the stick whole, and only there", async () => {
    open({ data: join(dataDir, "recordings"), usb: usb() });
    store.setVolume("usb", usb(), true);
    const { record: rec } = record(call(["101"], "200"), 50);
    expect(rec!.volume).toBe("data");
    await store.idle();
    const moved = store.get(rec!.id)!;
    expect(moved.volume).toBe("usb");
    expect(store.audio(rec!.id)?.size).toBe(rec!.bytes);
    expect(filesUnder(join(dataDir, "recordings"))).toEqual([]);
    expect(filesUnder(usb()).filter((f) => f.endsWith(".wav"))).toHaveLength(1);
    expect(filesUnder(usb()).some((f) => f.endsWith(".part"))).toBe(false);
  });

  test("a stick pulled before the recording ends leaves it whole on the data volume", async () => {
    open({ data: join(dataDir, "recordings"), usb: usb() });
    store.setVolume("usb", usb(), true);
    const active = store.begin(call(["101"], "200"));
    for (let n = 0; n < 50; n++) active.recorder.write(toneFrame(440, 8000, n));
    store.setVolume("usb", undefined);
    const rec = active.finish();
    await store.idle();
    expect(store.get(rec!.id)!.volume).toBe("data");
    const wav = readWav(new Uint8Array(await store.audio(rec!.id)!.arrayBuffer()));
    expect(wav.ok && wav.wav.channels[0]!.length).toBe(50 * 160);
    expect(filesUnder(usb())).toEqual([]);
  });

  test("a stick without room for a recording leaves it on the data volume", async () => {
    store = RecordingStore.open({
      db: database.db,
      volumes: { data: join(dataDir, "recordings"), usb: usb() },
      clock,
      defaultVolume: "usb",
      hasRoomFor: (_volume, bytes) => bytes < 1000,
    });
    const { record: rec } = record(call(["101"], "200"), 50);
    await store.idle();
    expect(store.get(rec!.id)!.volume).toBe("data");
    expect(store.audio(rec!.id)?.size).toBe(rec!.bytes);
    expect(filesUnder(usb())).toEqual([]);
  });

  test("a recording deleted while it moves leaves no copy behind", async () => {
    open({ data: join(dataDir, "recordings"), usb: usb() });
    store.setVolume("usb", usb(), true);
    const { record: rec } = record(call(["101"], "200"), 50);
    expect(store.delete(rec!.id)).toBe(true);
    await store.idle();
    expect(filesUnder(usb())).toEqual([]);
    expect(filesUnder(join(dataDir, "recordings"))).toEqual([]);
  });
});

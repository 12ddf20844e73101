import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import { tempDir } from "../../test/support/temp-dir.ts";
import { departmentNoAnswer } from "../calls/routing/department-no-answer.ts";
import { mailboxes } from "../db/schema/voicemail.ts";
import { openTestDatabase } from "../db/test-database.ts";
import { isWorthKeeping } from "./voicemail-audio.ts";
import { VoicemailStore } from "./voicemail-store.ts";

const tone = (seconds: number) => {
  const x = new Int16Array(seconds * 8000);
  for (let i = 0; i < x.length; i++)
    x[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return x;
};

function store() {
  const { db } = openTestDatabase();
  const dir = tempDir("voicemail-store-");
  return { db, dir, store: new VoicemailStore(db, dir) };
}

describe("voicemail store", () => {
  test("a message is an 8 kHz mono WAV in the mailbox's folder with its row; counts follow", () => {
    const { store: s, dir } = store();
    const m = s.add("101", {
      callerNumber: "102",
      callerName: "Bob",
      receivedMs: 1000,
      samples: tone(2),
    });
    expect(m).toMatchObject({
      mailbox: "101",
      callerNumber: "102",
      durationMs: 2000,
      status: "new",
    });
    const wav = readWav(new Uint8Array(readFileSync(s.path(m.id)!)));
    expect(wav.ok && wav.wav.sampleRateHz === 8000 && wav.wav.channels.length === 1).toBe(true);
    expect(readdirSync(join(dir, "101")).filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(s.counts("101")).toEqual({ newMessages: 1, oldMessages: 0 });
    s.setStatus(m.id, "saved");
    expect(s.counts("101")).toEqual({ newMessages: 0, oldMessages: 1 });
    const path = s.path(m.id)!;
    expect(s.remove(m.id)).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect(s.counts("101")).toEqual({ newMessages: 0, oldMessages: 0 });
  });

  test("after a power cut: a temporary file or a file without its row is removed at start", () => {
    const { store: s, dir } = store();
    const kept = s.add("101", {
      callerNumber: "",
      callerName: "",
      receivedMs: 1,
      samples: tone(1),
    });
    writeFileSync(join(dir, "101", "msg-2-3.wav.part"), "half");
    writeFileSync(join(dir, "101", "msg-2-4.wav"), "no row");
    expect(s.sweep()).toBe(2);
    expect(readdirSync(join(dir, "101"))).toEqual([s.path(kept.id)!.split("/").at(-1)!]);
  });

  test("the PIN is kept only as a hash; before one is set the extension's PIN stands", () => {
    const { store: s, db } = store();
    expect(s.checkPin("101", "1234", "1234")).toBe(true);
    expect(s.checkPin("101", "9999", "1234")).toBe(false);
    s.setPin("101", "4321", "1234");
    const row = db.select().from(mailboxes).get();
    expect(row?.pinHash).not.toContain("4321");
    expect(row?.pinHash.startsWith("$argon2")).toBe(true);
    expect(s.checkPin("101", "4321", "1234")).toBe(true);
    expect(s.checkPin("101", "1234", "1234")).toBe(false);
    // The admin gives the extension another PIN: that one stands again.
    expect(s.checkPin("101", "5555", "5555")).toBe(true);
    expect(s.checkPin("101", "4321", "5555")).toBe(false);
  });

  test("silence-only and very short recordings are not kept", () => {
    expect(isWorthKeeping(new Int16Array(8000 * 5))).toBe(false);
    expect(isWorthKeeping(tone(0.5))).toBe(false);
    expect(isWorthKeeping(tone(2))).toBe(true);
  });

  test("a department's no-answer destination voicemail:N leaves a message in N's mailbox", () => {
    const hook = departmentNoAnswer(() => ({ kind: "unknown", number: "" }));
    const department = {
      kind: "department" as const,
      number: "600",
      name: "Sales",
      members: [],
      ring: { strategy: "ring-all" as const, noAnswer: "voicemail:101" },
    };
    // biome-ignore lint/suspicious/noExplicitAny: the hook reads only the department.
    expect(hook.onOutcome?.(department as any, "no-answer", {} as any)).toEqual({
      kind: "application",
      number: "101",
      app: "voicemail",
      argument: "unavailable:101",
    });
  });
});

describe("voicemail on a USB stick (SPEC DEV-5)", () => {
  const message = (s: VoicemailStore, receivedMs: number) =>
    s.add("101", { callerNumber: "102", callerName: "", receivedMs, samples: tone(1) });
  const wavs = (path: string) =>
    existsSync(path) ? readdirSync(path).filter((f) => f.endsWith(".wav")) : [];

  test("a new message moves to the stick once whole; it is found there, and deleted there", async () => {
    const { store: s, dir } = store();
    const stick = tempDir("voicemail-stick-");
    s.setVolume("usb", stick, true);
    const m = message(s, 1000);
    await s.idle();
    expect(wavs(join(stick, "101"))).toHaveLength(1);
    expect(wavs(join(dir, "101"))).toEqual([]);
    expect(s.path(m.id)).toBe(join(stick, "101", wavs(join(stick, "101"))[0]!));
    expect(s.onStick(m.id)).toBe(true);
    expect(s.remove(m.id)).toBe(true);
    expect(wavs(join(stick, "101"))).toEqual([]);
  });

  test("a pulled stick keeps its messages listed, without audio until it is back", async () => {
    const { store: s } = store();
    const stick = tempDir("voicemail-stick-");
    s.setVolume("usb", stick, true);
    const m = message(s, 1000);
    await s.idle();
    s.setVolume("usb", undefined);
    expect(s.list("101").map((x) => x.id)).toEqual([m.id]);
    expect(s.path(m.id)).toBeUndefined();
    // A message left meanwhile stays on the box.
    const later = message(s, 2000);
    await s.idle();
    expect(s.onStick(later.id)).toBe(false);
    s.setVolume("usb", stick, true);
    expect(s.onStick(m.id)).toBe(true);
  });

  test("kept on the box when the stick is not for voicemail, or has no room", async () => {
    const { db, dir } = store();
    const stick = tempDir("voicemail-stick-");
    let room = true;
    const s = new VoicemailStore(db, dir, () => room);
    s.setVolume("usb", stick, false);
    const kept = message(s, 1000);
    await s.idle();
    expect(s.onStick(kept.id)).toBe(false);
    s.setVolume("usb", stick, true);
    room = false;
    const full = message(s, 2000);
    await s.idle();
    expect(s.onStick(full.id)).toBe(false);
    expect(wavs(join(stick, "101"))).toEqual([]);
    expect(s.path(full.id)).toBe(join(dir, "101", wavs(join(dir, "101")).sort()[1]!));
  });

  test("a copy cut short on the stick is swept when the stick comes back", () => {
    const { store: s } = store();
    const stick = tempDir("voicemail-stick-");
    s.setVolume("usb", stick, true);
    mkdirSync(join(stick, "101"), { recursive: true });
    writeFileSync(join(stick, "101", "msg-1-1.wav.part"), "half");
    s.setVolume("usb", undefined);
    s.setVolume("usb", stick, true);
    expect(readdirSync(join(stick, "101"))).toEqual([]);
  });
});

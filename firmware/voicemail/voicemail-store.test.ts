import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

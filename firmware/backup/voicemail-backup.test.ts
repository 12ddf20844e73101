// SPEC DEV-7 with CALL-7: voicemail messages and greetings go with the "records" part of a
// backup (rows and WAVs), so a restore with records brings back a mailbox as it was, and one
// without them keeps the box's own. Real SQLite files and the real voicemail store.
import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readWav } from "../../media/file/wav-reader.ts";
import { migrations } from "../db/migrations/index.ts";
import { openDatabase } from "../db/open-database.ts";
import { VoicemailStore } from "../voicemail/voicemail-store.ts";
import { BackupService } from "./backup-service.ts";
import { applyPendingRestore } from "./pending-restore.ts";
import { listTar } from "./tar-archive.ts";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo();
});

const samples = (value: number) => new Int16Array(8000).fill(value);

function box() {
  const dir = mkdtempSync(join(tmpdir(), "pbx-vm-backup-"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const open = openDatabase(join(dir, "pbx.db"));
  const service = new BackupService({
    sqlite: open.sqlite,
    dataDir: dir,
    databasePath: join(dir, "pbx.db"),
    identity: { firmwareVersion: "0.1.0", board: "sim", model: "PBX-4S4O (simulated)" },
    migrations,
    now: () => Date.UTC(2026, 11, 4, 12),
    onRestoreCommitted: () => {},
  });
  const voicemail = new VoicemailStore(open.db, join(dir, "voicemail"));
  return { dir, open, service, voicemail };
}

/** The backup, its upload and check, the commit and the next start; the restored store. */
async function restore(b: ReturnType<typeof box>, path: string) {
  const checked = await b.service.check(async (target) => {
    await Bun.write(target, Bun.file(path));
  });
  if (!checked.ok) throw new Error(checked.error.message);
  expect(b.service.restore(checked.value.token).ok).toBe(true);
  b.open.close();
  applyPendingRestore(b.dir);
  const reopened = openDatabase(join(b.dir, "pbx.db"));
  cleanup.push(() => reopened.close());
  return new VoicemailStore(reopened.db, join(b.dir, "voicemail"));
}

function written(b: ReturnType<typeof box>, records: boolean): string {
  const w = b.service.create({ voiceFiles: false, records });
  const copy = join(mkdtempSync(join(tmpdir(), "pbx-vm-backup-file-")), w.fileName);
  cleanup.push(() => rmSync(join(copy, ".."), { recursive: true, force: true }));
  Bun.spawnSync(["cp", w.path, copy]);
  w.done();
  return copy;
}

test("with records: messages and greetings are in the file and come back on restore", async () => {
  const b = box();
  const kept = b.voicemail.add("101", {
    callerNumber: "102",
    callerName: "Bob",
    receivedMs: 1000,
    samples: samples(4000),
  });
  b.voicemail.saveGreeting("101", "busy", samples(2000));
  const file = written(b, true);
  const names = listTar(file).map((e) => e.name);
  expect(names).toContain(`voicemail/101/greeting-busy.wav`);
  expect(names.filter((n) => /^voicemail\/101\/msg-.*\.wav$/.test(n))).toHaveLength(1);

  // After the backup the message is deleted and another left: the restore gives the backup's.
  b.voicemail.remove(kept.id);
  b.voicemail.add("101", {
    callerNumber: "103",
    callerName: "",
    receivedMs: 2000,
    samples: samples(1),
  });
  const store = await restore(b, file);
  const list = store.list("101");
  expect(list.map((m) => m.callerNumber)).toEqual(["102"]);
  expect(store.counts("101")).toEqual({ newMessages: 1, oldMessages: 0 });
  const wav = readWav(new Uint8Array(await Bun.file(store.path(list[0]!.id)!).arrayBuffer()));
  expect(wav.ok && wav.wav.channels[0]![100]).toBe(4000);
  expect(await Bun.file(store.greetingPath("101", "busy")).exists()).toBe(true);
});

test("without records: no voicemail in the file, and the box keeps its own messages", async () => {
  const b = box();
  b.voicemail.add("101", {
    callerNumber: "102",
    callerName: "",
    receivedMs: 1000,
    samples: samples(4000),
  });
  const file = written(b, false);
  expect(listTar(file).some((e) => e.name.startsWith("voicemail/"))).toBe(false);
  b.voicemail.add("101", {
    callerNumber: "103",
    callerName: "",
    receivedMs: 2000,
    samples: samples(5),
  });
  const store = await restore(b, file);
  expect(
    store
      .list("101")
      .map((m) => m.callerNumber)
      .sort(),
  ).toEqual(["102", "103"]);
  expect(store.list("101").every((m) => store.path(m.id) !== undefined)).toBe(true);
});

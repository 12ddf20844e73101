// The backup file, the checks before a restore, the dry run and the commit, on real SQLite
// files: a backup of one box checked against a changed box lists exactly the changes; refused
// files (wrong board, newer schema, cut short, damaged) change nothing.
import { Database } from "bun:sqlite";
import { afterEach, describe, expect, test } from "bun:test";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "../db/migrations/index.ts";
import { applyMigrations } from "../db/migrator.ts";
import { type OpenDatabase, openDatabase } from "../db/open-database.ts";
import { BackupService } from "./backup-service.ts";
import { createBackup } from "./create-backup.ts";
import { applyPendingRestore, READY_DIR } from "./pending-restore.ts";
import { listTar } from "./tar-archive.ts";

const IDENTITY = { firmwareVersion: "0.1.0", board: "sim", model: "PBX-4S4O (simulated)" };
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const undo of cleanup.splice(0).reverse()) undo();
});

type Options = ConstructorParameters<typeof BackupService>[0];

function box(): {
  dir: string;
  open: OpenDatabase;
  options: Options;
  service: BackupService;
  restarts: number[];
} {
  const dir = mkdtempSync(join(tmpdir(), "pbx-backup-"));
  const open = openDatabase(join(dir, "pbx.db"));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => open.close());
  const restarts: number[] = [];
  const options: Options = {
    sqlite: open.sqlite,
    dataDir: dir,
    databasePath: join(dir, "pbx.db"),
    identity: IDENTITY,
    migrations,
    // The real clock gives fractions of a millisecond.
    now: () => Date.UTC(2026, 11, 4, 12) + 0.25,
    onRestoreCommitted: () => restarts.push(1),
  };
  return { dir, open, options, service: new BackupService(options), restarts };
}

function configure(db: Database) {
  db.run("INSERT INTO departments (name, number) VALUES ('Sales', '600')");
  for (const [number, name] of [
    ["101", "Alice"],
    ["102", "Bob"],
  ] as const)
    db.run(
      "INSERT INTO extensions (number, display_name, sip_password, ha1_md5, ha1_sha256, department_id) " +
        "VALUES (?, ?, 'secret-pw', 'h1', 'h2', (SELECT id FROM departments WHERE number = '600'))",
      [number, name],
    );
  db.run(
    "INSERT INTO trunks (name, kind, host, password) VALUES ('carrier', 'register', 'sip.example.net', 'trunk-pw')",
  );
  db.run(
    "INSERT INTO outbound_routes (name, position, patterns, trunk_ids, pins) " +
      "VALUES ('all', 1, '[\"X.\"]', json_array((SELECT id FROM trunks WHERE name = 'carrier')), '[]')",
  );
  db.run("INSERT INTO settings (key, value, updated_at) VALUES ('calls.ringTimeoutS', '45', 0)");
  db.run(
    "INSERT INTO call_records (call_id, started_at, ended_at, caller, callee, final_callee, duration_ms, talk_ms, type, status) VALUES ('c1', 0, 1, '101', '102', '102', 1, 0, 'internal', 'answered')",
  );
}

async function upload(service: BackupService, file: string) {
  return service.check(async (path) => writeFileSync(path, readFileSync(file)));
}

function dump(db: Database): string {
  const tables = db
    .query<{ name: string }, []>(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    )
    .all();
  return JSON.stringify(tables.map((t) => db.query(`SELECT * FROM "${t.name}"`).all()));
}

function backupOf(b: ReturnType<typeof box>, include = { voiceFiles: false, records: false }) {
  const written = b.service.create(include);
  const copy = join(mkdtempSync(join(tmpdir(), "pbx-backup-file-")), written.fileName);
  writeFileSync(copy, readFileSync(written.path));
  written.done();
  cleanup.push(() => rmSync(join(copy, ".."), { recursive: true, force: true }));
  return { file: copy, manifest: written.manifest };
}

describe("backup file", () => {
  test("one tar: manifest first, the database, sessions never, records only when asked", () => {
    const b = box();
    configure(b.open.sqlite);
    b.open.sqlite.run(
      "INSERT INTO accounts (username, password_hash, role) VALUES ('ops', 'argon-hash', 'operator')",
    );
    b.open.sqlite.run(
      "INSERT INTO sessions (token_sha256, account_id, created_at, last_seen_at, expires_at) VALUES ('t', 1, 0, 0, 9)",
    );
    const { file, manifest } = backupOf(b);
    expect(file).toMatch(/pbx-backup-sim-20261204-120000\.tar$/);
    expect(listTar(file).map((e) => e.name)).toEqual(["manifest.json", "pbx.db"]);
    expect(manifest).toMatchObject({
      format: 1,
      board: "sim",
      firmwareVersion: "0.1.0",
      schema: migrations.map((m) => m.name),
      contents: { config: true, voiceFiles: false, records: false },
    });
    const withRecords = backupOf(b, { voiceFiles: false, records: true });
    expect(withRecords.manifest.contents.records).toBe(true);
  });
});

describe("restore check (dry run)", () => {
  test("a box checked against its own backup shows no difference", async () => {
    const b = box();
    configure(b.open.sqlite);
    const { file } = backupOf(b);
    const checked = await upload(b.service, file);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.value.report.differences).toBe(0);
  });

  test("lists exactly what changed since the backup, by name, secrets without values; changes nothing", async () => {
    const b = box();
    configure(b.open.sqlite);
    const { file } = backupOf(b);
    const db = b.open.sqlite;
    db.run(
      "INSERT INTO extensions (number, sip_password, ha1_md5, ha1_sha256) VALUES ('103', 'x', 'h', 'h')",
    );
    db.run(
      "UPDATE extensions SET display_name = 'Alicia', sip_password = 'new-pw' WHERE number = '101'",
    );
    db.run("DELETE FROM outbound_routes");
    db.run("UPDATE trunks SET host = 'sip2.example.net'");
    db.run("UPDATE settings SET value = '30' WHERE key = 'calls.ringTimeoutS'");
    const before = dump(db);
    const checked = await upload(b.service, file);
    if (!checked.ok) throw new Error(checked.error.message);
    const areas = Object.fromEntries(checked.value.report.areas.map((a) => [a.area, a]));
    expect(areas.extensions).toEqual({
      area: "extensions",
      added: [],
      removed: ["103"],
      changed: [
        {
          key: "101",
          fields: [
            { field: "displayName", from: "Alicia", to: "Alice" },
            { field: "sipPassword", secret: true },
          ],
        },
      ],
    });
    expect(areas.outboundRoutes?.added).toEqual(["all"]);
    expect(areas.trunks?.changed).toEqual([
      {
        key: "carrier",
        fields: [{ field: "host", from: "sip2.example.net", to: "sip.example.net" }],
      },
    ]);
    expect(areas.settings?.changed).toEqual([
      { key: "calls.ringTimeoutS", fields: [{ field: "value", from: "30", to: "45" }] },
    ]);
    expect(checked.value.report.differences).toBe(5);
    expect(checked.value.report.keptFromBox).toEqual(["voiceFiles", "records"]);
    expect(JSON.stringify(checked.value)).not.toContain("secret-pw");
    expect(dump(db)).toBe(before);
  });

  test("refusals name why and change nothing: wrong board, newer schema, cut short, damaged", async () => {
    const b = box();
    configure(b.open.sqlite);
    const { file } = backupOf(b);
    const other = box();
    const before = dump(other.open.sqlite);
    const armBoard = new BackupService({
      ...other.options,
      identity: { ...IDENTITY, board: "pbx-a53-4s4o", model: "PBX-4S4O" },
    });
    const wrong = await upload(armBoard, file);
    expect(wrong).toMatchObject({ ok: false, error: { code: "wrong_board" } });
    if (!wrong.ok) expect(wrong.error.message).toContain('board "sim"');

    // This firmware as it was before the phonebook's migration.
    const older = new BackupService({
      ...other.options,
      migrations: migrations.slice(0, 8),
    });
    const newer = await upload(older, file);
    expect(newer).toMatchObject({ ok: false, error: { code: "newer_schema" } });
    if (!newer.ok) expect(newer.error.message).toContain(migrations.at(-1)!.name);

    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 2048));
    const cut = await upload(other.service, file);
    expect(cut).toMatchObject({ ok: false, error: { code: "not_a_backup" } });

    const flipped = Buffer.from(whole);
    writeFileSync(file, whole);
    const dbEntry = listTar(file).find((e) => e.name === "pbx.db")!;
    flipped[dbEntry.offset + 5000] = (flipped[dbEntry.offset + 5000]! + 1) % 256;
    writeFileSync(file, flipped);
    const damaged = await upload(other.service, file);
    expect(damaged).toMatchObject({ ok: false, error: { code: "damaged" } });

    writeFileSync(file, "not a backup at all");
    expect(await upload(other.service, file)).toMatchObject({
      ok: false,
      error: { code: "not_a_backup" },
    });
    expect(dump(other.open.sqlite)).toBe(before);
    expect(readdirSync(join(other.dir, "restore-staging"))).toEqual([]);
    expect(other.service.restore("any")).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  test("a backup from older firmware is migrated on the staged copy and compared", async () => {
    const b = box();
    const dir = mkdtempSync(join(tmpdir(), "pbx-old-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const old = new Database(join(dir, "old.db"));
    cleanup.push(() => old.close());
    applyMigrations(old, migrations.slice(0, 5));
    old.run(
      "INSERT INTO extensions (number, sip_password, ha1_md5, ha1_sha256) VALUES ('201', 'x', 'h', 'h')",
    );
    const written = createBackup({
      sqlite: old,
      dataDir: dir,
      workDir: dir,
      identity: { ...IDENTITY, firmwareVersion: "0.0.9" },
      include: { voiceFiles: false, records: false },
      nowMs: 0,
    });
    expect(written.manifest.schema).toHaveLength(5);
    const checked = await upload(b.service, written.path);
    if (!checked.ok) throw new Error(checked.error.message);
    expect(checked.value.migrated).toEqual(migrations.slice(5).map((m) => m.name));
    expect(checked.value.report.areas.find((a) => a.area === "extensions")?.added).toEqual(["201"]);
  });
});

describe("restore", () => {
  test("commits beside the box, keeps what the backup lacks, and the next start puts it in place", async () => {
    const b = box();
    configure(b.open.sqlite);
    const { file } = backupOf(b);
    b.open.sqlite.run("DELETE FROM extensions");
    b.open.sqlite.run(
      "INSERT INTO call_records (call_id, started_at, ended_at, caller, callee, final_callee, duration_ms, talk_ms, type, status) VALUES ('c2', 0, 1, '1', '2', '2', 1, 0, 'internal', 'answered')",
    );
    mkdirSync(join(b.dir, "moh", "default"), { recursive: true });
    writeFileSync(join(b.dir, "moh", "default", "a.wav"), "audio");
    const checked = await upload(b.service, file);
    if (!checked.ok) throw new Error(checked.error.message);
    expect(b.service.restore(checked.value.token)).toMatchObject({ ok: true });
    expect(b.restarts).toEqual([1]);
    expect(existsSync(join(b.dir, READY_DIR, "pbx.db"))).toBe(true);
    expect(b.service.restore(checked.value.token).ok).toBe(false);
    b.open.close();
    // A power cut after the database was moved in: the next start completes the rest.
    expect(applyPendingRestore(b.dir)).toEqual(["pbx.db"]);
    expect(applyPendingRestore(b.dir)).toBeNull();
    const restored = openDatabase(join(b.dir, "pbx.db"));
    cleanup.push(() => restored.close());
    const numbers = restored.sqlite
      .query<{ number: string }, []>("SELECT number FROM extensions ORDER BY number")
      .all();
    expect(numbers.map((n) => n.number)).toEqual(["101", "102"]);
    // Records were not in the backup: the box's own stay, including the one after the backup.
    const calls = restored.sqlite
      .query<{ call_id: string }, []>("SELECT call_id FROM call_records ORDER BY id")
      .all();
    expect(calls.map((c) => c.call_id)).toEqual(["c1", "c2"]);
    expect(readFileSync(join(b.dir, "moh", "default", "a.wav"), "utf8")).toBe("audio");
  });

  test("a restore cut off after its commit point is finished by the next start", async () => {
    const b = box();
    configure(b.open.sqlite);
    mkdirSync(join(b.dir, "prompts", "custom"), { recursive: true });
    writeFileSync(join(b.dir, "prompts", "custom", "hello.wav"), "v1");
    const { file } = backupOf(b, { voiceFiles: true, records: false });
    writeFileSync(join(b.dir, "prompts", "custom", "hello.wav"), "v2");
    const checked = await upload(b.service, file);
    if (!checked.ok) throw new Error(checked.error.message);
    b.service.restore(checked.value.token);
    b.open.close();
    // As if the start that applies it lost power after the database step.
    rmSync(join(b.dir, "pbx.db-wal"), { force: true });
    rmSync(join(b.dir, "pbx.db"));
    renameSync(join(b.dir, READY_DIR, "pbx.db"), join(b.dir, "pbx.db"));
    expect(applyPendingRestore(b.dir)).toEqual(["pbx.db", "moh", "prompts/custom"]);
    expect(readFileSync(join(b.dir, "prompts", "custom", "hello.wav"), "utf8")).toBe("v1");
    expect(existsSync(join(b.dir, READY_DIR))).toBe(false);
  });
});

import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrations } from "./migrations/index.ts";
import { DatabaseOpenError, openDatabase } from "./open-database.ts";
import { SettingsStore } from "./settings-store.ts";

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), "pbx-db-"));
  dirs.push(dir);
  return join(dir, "pbx.sqlite");
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("openDatabase", () => {
  test("creates the schema on first open and applies nothing on the second", () => {
    const path = tempPath();
    const first = openDatabase(path);
    expect(first.migrations.applied).toEqual(migrations.map((m) => m.name));
    expect(first.migrations.applied[0]).toBe("0000_initial");
    first.sqlite.run(
      "INSERT INTO settings (key, value, updated_at) VALUES ('realm', '\"pbx\"', 1)",
    );
    first.close();

    const second = openDatabase(path);
    expect(second.migrations.applied).toEqual([]);
    expect(second.migrations.unknown).toEqual([]);
    const tables = second.sqlite
      .query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((r) => r.name);
    for (const t of ["accounts", "sessions", "extensions", "departments", "settings"]) {
      expect(tables).toContain(t);
    }
    expect(new SettingsStore(second.db).get("realm", "")).toBe("pbx");
    second.close();
  });

  test("runs in WAL mode with foreign keys enforced", () => {
    const open = openDatabase(tempPath());
    const mode = open.sqlite.query<{ journal_mode: string }, []>("PRAGMA journal_mode").get();
    expect(mode?.journal_mode).toBe("wal");
    const fk = open.sqlite.query<{ foreign_keys: number }, []>("PRAGMA foreign_keys").get();
    expect(fk?.foreign_keys).toBe(1);
    const sync = open.sqlite.query<{ synchronous: number }, []>("PRAGMA synchronous").get();
    expect(sync?.synchronous).toBe(1); // NORMAL
    expect(() =>
      open.sqlite.run(
        "INSERT INTO extensions (number, sip_password, ha1_md5, ha1_sha256, department_id) " +
          "VALUES ('100', 'x', 'x', 'x', 42)",
      ),
    ).toThrow(/FOREIGN KEY/);
    open.close();
  });

  test("reports migrations written by a newer firmware slot without failing", () => {
    const path = tempPath();
    const first = openDatabase(path);
    first.sqlite.run(
      "INSERT INTO schema_migrations (name, sha256, applied_at) VALUES ('0099_future', 'x', 1)",
    );
    first.close();
    const second = openDatabase(path);
    expect(second.migrations.unknown).toEqual(["0099_future"]);
    second.close();
  });

  test("a damaged file is reported with how to recover, and left as it was", () => {
    const path = tempPath();
    const garbage = "not an SQLite file, a text file left by a broken copy\n".repeat(200);
    writeFileSync(path, garbage);
    let thrown: unknown;
    try {
      openDatabase(path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DatabaseOpenError);
    expect((thrown as DatabaseOpenError).code).toBe("SQLITE_NOTADB");
    expect((thrown as Error).message).toContain(`the database ${path} is damaged`);
    expect((thrown as Error).message).toContain(`mv ${path} ${path}.damaged`);
    expect(readFileSync(path, "utf8")).toBe(garbage);
  });
});

describe("SettingsStore", () => {
  test("stores JSON values by key and falls back when unset", () => {
    const open = openDatabase(tempPath());
    const store = new SettingsStore(open.db);
    expect(store.get("web.httpsPort", 8443)).toBe(8443);
    store.set("web.httpsPort", 443);
    store.set("web.httpsPort", 4443);
    store.set("sip", { realm: "office", ports: [5060, 5061] });
    expect(store.get("web.httpsPort", 0)).toBe(4443);
    expect(store.get("sip", {})).toEqual({ realm: "office", ports: [5060, 5061] });
    expect(store.delete("sip")).toBe(true);
    expect(store.delete("sip")).toBe(false);
    open.close();
  });
});

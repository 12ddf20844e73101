import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { renderMigrationIndex } from "./migration-index-source.ts";
import { migrations } from "./migrations/index.ts";
import { applyMigrations } from "./migrator.ts";

describe("applyMigrations", () => {
  test("applies pending migrations in order and records each once", () => {
    const sqlite = new Database(":memory:");
    const list = [
      {
        name: "0000_a",
        sql: "CREATE TABLE a (x INTEGER);\n--> statement-breakpoint\nINSERT INTO a VALUES (1);",
      },
      { name: "0001_b", sql: "ALTER TABLE a ADD COLUMN y INTEGER DEFAULT 7;" },
    ];
    expect(applyMigrations(sqlite, list.slice(0, 1)).applied).toEqual(["0000_a"]);
    expect(applyMigrations(sqlite, list).applied).toEqual(["0001_b"]);
    expect(applyMigrations(sqlite, list).applied).toEqual([]);
    expect(sqlite.query("SELECT x, y FROM a").all()).toEqual([{ x: 1, y: 7 }]);
  });

  test("a failing migration leaves nothing half-applied", () => {
    const sqlite = new Database(":memory:");
    const list = [
      { name: "0000_ok", sql: "CREATE TABLE a (x INTEGER);" },
      { name: "0001_bad", sql: "CREATE TABLE b (y INTEGER);\n--> statement-breakpoint\nNOT SQL;" },
    ];
    expect(() => applyMigrations(sqlite, list)).toThrow();
    const tables = sqlite.query("SELECT name FROM sqlite_master WHERE name IN ('a', 'b')").all();
    expect(tables).toEqual([]);
    const recorded = sqlite.query("SELECT name FROM schema_migrations").all();
    expect(recorded).toEqual([]);
  });
});

describe("embedded migration index", () => {
  test("lists every migration of drizzle-kit's journal, in order", async () => {
    const folder = join(import.meta.dir, "migrations");
    const journal = await Bun.file(join(folder, "meta", "_journal.json")).json();
    const onDisk = await Bun.file(join(folder, "index.ts")).text();
    const squash = (s: string) => s.replace(/\s+/g, "").replace(/,([\]}])/g, "$1");
    expect(squash(onDisk)).toBe(squash(renderMigrationIndex(journal)));
    expect(migrations.map((m) => m.name)).toEqual(
      journal.entries.map((e: { tag: string }) => e.tag),
    );
    for (const m of migrations) {
      expect(m.sql).toBe(await Bun.file(join(folder, `${m.name}.sql`)).text());
    }
  });
});

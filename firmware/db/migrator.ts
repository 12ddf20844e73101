// DESIGN "Data" and STYLE 10: applies the embedded drizzle-kit migrations at start, in order,
// all pending ones in one transaction, recording each in schema_migrations. Names this binary
// does not know (written by the other A/B slot's newer firmware) are reported, not an error:
// schema changes stay additive for one release so an older slot still runs on them.
import type { Database } from "bun:sqlite";

/** One migration: drizzle-kit's tag and the SQL text it generated. */
export interface Migration {
  name: string;
  sql: string;
}

/** What a run of the migrator did. */
export interface MigrationReport {
  applied: string[];
  unknown: string[];
}

const BREAKPOINT = "--> statement-breakpoint";

/** Applies every migration not yet recorded; idempotent. */
export function applyMigrations(
  sqlite: Database,
  migrations: readonly Migration[],
): MigrationReport {
  sqlite.run(
    "CREATE TABLE IF NOT EXISTS schema_migrations (" +
      "name TEXT PRIMARY KEY NOT NULL, sha256 TEXT NOT NULL, applied_at INTEGER NOT NULL)",
  );
  const done = new Set(
    sqlite
      .query<{ name: string }, []>("SELECT name FROM schema_migrations")
      .all()
      .map((row) => row.name),
  );
  const known = new Set(migrations.map((m) => m.name));
  const pending = migrations.filter((m) => !done.has(m.name));
  const record = sqlite.query(
    "INSERT INTO schema_migrations (name, sha256, applied_at) VALUES (?, ?, ?)",
  );
  sqlite.transaction(() => {
    for (const migration of pending) {
      for (const statement of migration.sql.split(BREAKPOINT)) {
        if (statement.trim() !== "") sqlite.run(statement);
      }
      const digest = new Bun.CryptoHasher("sha256").update(migration.sql).digest("hex");
      record.run(migration.name, digest, Date.now());
    }
  })();
  return {
    applied: pending.map((m) => m.name),
    unknown: [...done].filter((name) => !known.has(name)),
  };
}

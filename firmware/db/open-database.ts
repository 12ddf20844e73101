// DESIGN "Data", SPEC DEV-3: opens the appliance's SQLite file so that configuration and records
// survive power loss: WAL journal (readers never block the writer, a torn write rolls back),
// synchronous=NORMAL (durable at each WAL checkpoint, the usual pairing with WAL), foreign keys
// enforced, and a busy timeout so a second connection waits instead of failing.
import { Database } from "bun:sqlite";
import { type BunSQLiteDatabase, drizzle } from "drizzle-orm/bun-sqlite";
import { migrations } from "./migrations/index.ts";
import { applyMigrations, type MigrationReport } from "./migrator.ts";
import * as schema from "./schema/index.ts";

/** The drizzle handle every firmware service receives. */
export type PbxDatabase = BunSQLiteDatabase<typeof schema>;

/** An open database: the drizzle handle, the raw connection and what migrating did. */
export interface OpenDatabase {
  db: PbxDatabase;
  sqlite: Database;
  migrations: MigrationReport;
  close(): void;
}

const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating if needed) the database file at `path` and brings its schema up to date. */
export function openDatabase(path: string): OpenDatabase {
  const sqlite = new Database(path, { create: true, strict: true });
  sqlite.run("PRAGMA journal_mode = WAL");
  sqlite.run("PRAGMA synchronous = NORMAL");
  sqlite.run("PRAGMA foreign_keys = ON");
  sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const report = applyMigrations(sqlite, migrations);
  const db = drizzle({ client: sqlite, schema });
  return { db, sqlite, migrations: report, close: () => sqlite.close() };
}

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

/** Why the database could not be opened, in words an operator can act on. */
export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    /** SQLite's result code (SQLITE_NOTADB, SQLITE_READONLY...), when SQLite gave one. */
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = "DatabaseOpenError";
  }
}

/**
 * Opens (creating if needed) the database file at `path` and brings its schema up to date.
 * Throws DatabaseOpenError, the file left as it was, when that fails.
 */
export function openDatabase(path: string): OpenDatabase {
  let sqlite: Database | undefined;
  try {
    sqlite = new Database(path, { create: true, strict: true });
    sqlite.run("PRAGMA journal_mode = WAL");
    sqlite.run("PRAGMA synchronous = NORMAL");
    sqlite.run("PRAGMA foreign_keys = ON");
    sqlite.run(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const report = applyMigrations(sqlite, migrations);
    const db = drizzle({ client: sqlite, schema });
    const open = sqlite;
    return { db, sqlite: open, migrations: report, close: () => open.close() };
  } catch (error) {
    sqlite?.close();
    throw describeOpenError(path, error);
  }
}

function describeOpenError(path: string, error: unknown): DatabaseOpenError {
  const code = (error as { code?: unknown }).code;
  const sqliteCode = typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  // A damaged file is never repaired or replaced here: it may be all the site's configuration.
  if (sqliteCode === "SQLITE_NOTADB" || sqliteCode?.startsWith("SQLITE_CORRUPT"))
    return new DatabaseOpenError(
      `the database ${path} is damaged (${detail}): move it aside (mv ${path} ${path}.damaged) ` +
        "and start again with a factory-fresh configuration",
      sqliteCode,
    );
  if (sqliteCode?.startsWith("SQLITE_READONLY"))
    return new DatabaseOpenError(
      `the database ${path} cannot be written (${detail}): check the file's permissions and that its disk is not mounted read-only`,
      sqliteCode,
    );
  if (sqliteCode?.startsWith("SQLITE_FULL"))
    return new DatabaseOpenError(`the database ${path} cannot grow: the disk is full`, sqliteCode);
  return new DatabaseOpenError(`cannot open the database ${path}: ${detail}`, sqliteCode);
}

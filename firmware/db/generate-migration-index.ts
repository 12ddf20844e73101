// DESIGN "Data": migrations are embedded in the binary. Rewrites migrations/index.ts from
// drizzle-kit's journal; run it after `drizzle-kit generate`. A test fails if it was forgotten.
import { join } from "node:path";
import { renderMigrationIndex } from "./migration-index-source.ts";

const folder = join(import.meta.dir, "migrations");
const journal = await Bun.file(join(folder, "meta", "_journal.json")).json();
await Bun.write(join(folder, "index.ts"), renderMigrationIndex(journal));
console.log(`wrote ${join(folder, "index.ts")}`);

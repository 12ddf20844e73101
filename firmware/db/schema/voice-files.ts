// SPEC VOICE-1 (music on hold classes: a folder of clips and a play mode) and VOICE-2 (custom
// prompts). The audio lives in files under the data directory; these rows index them. A row
// is written only after its file was renamed into place, so a row always has its file.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const MOH_PLAY_MODES = ["random", "in-order"] as const;
export type MohPlayMode = (typeof MOH_PLAY_MODES)[number];

export const mohClasses = sqliteTable("moh_classes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  playMode: text("play_mode", { enum: MOH_PLAY_MODES }).notNull().default("in-order"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

export const mohFiles = sqliteTable(
  "moh_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    classId: integer("class_id")
      .notNull()
      .references(() => mohClasses.id, { onDelete: "cascade" }),
    /** File name without ".wav"; the file is <data>/moh/<class>/<name>.wav. */
    name: text("name").notNull(),
    durationMs: integer("duration_ms").notNull(),
    bytes: integer("bytes").notNull(),
    /** What was uploaded: "mp3 44100 Hz 2 ch", kept for the operator's list. */
    source: text("source").notNull().default(""),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("moh_files_class_name_idx").on(t.classId, t.name)],
);

export const customPrompts = sqliteTable("custom_prompts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** File name without ".wav"; the file is <data>/prompts/custom/<name>.wav. */
  name: text("name").notNull().unique(),
  durationMs: integer("duration_ms").notNull(),
  bytes: integer("bytes").notNull(),
  source: text("source").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

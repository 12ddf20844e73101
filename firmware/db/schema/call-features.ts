// SPEC CALL-2, CALL-11, CALL-14: an extension's call forwarding (one row per type), its
// do-not-disturb switch, and the box's blacklist of outside numbers. Extensions are named by
// number (IP and analog extensions share one numbering), so the rows go with the number.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const callForwards = sqliteTable(
  "call_forwards",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    extension: text("extension").notNull(),
    /** always, busy, no-answer, busy-or-no-answer */
    type: text("type").notNull(),
    /** An extension or an outside number (with its outbound prefix), dialled as written. */
    number: text("number").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  },
  (table) => [uniqueIndex("call_forwards_extension_type_idx").on(table.extension, table.type)],
);

export const dndExtensions = sqliteTable("dnd_extensions", {
  extension: text("extension").primaryKey(),
  sinceMs: integer("since_ms").notNull(),
});

export const blacklistNumbers = sqliteTable("blacklist_numbers", {
  number: text("number").primaryKey(),
  /** Who added it: "admin", an account name, or the extension that dialled *76 / *75. */
  addedBy: text("added_by").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

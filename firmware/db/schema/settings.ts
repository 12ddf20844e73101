// DESIGN "Data": box-wide settings as key/value pairs, each value a JSON document, so a new
// setting needs no migration and an older A/B slot simply ignores keys it does not know.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

// SPEC CALL-17: phonebook contacts. `owner` is null for a shared contact (added by an admin or
// operator, seen by everyone) or the number of the extension whose private contact it is (seen
// by that extension's user, admins and operators). Extensions are not copied here: the
// phonebook reads them from `extensions` when it is asked.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const contacts = sqliteTable(
  "contacts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    office: text("office").notNull().default(""),
    mobile: text("mobile").notNull().default(""),
    other: text("other").notNull().default(""),
    company: text("company").notNull().default(""),
    department: text("department").notNull().default(""),
    owner: text("owner"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch() * 1000)`),
  },
  (table) => [index("contacts_owner_idx").on(table.owner)],
);

// SPEC WEB-1: web accounts (admin, operator, billing) and the login sessions of accounts and of
// extension users. Session tokens are stored only as their SHA-256 so a copied database file
// does not hand out live sessions.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { extensions } from "./extensions.ts";

export const ACCOUNT_ROLES = ["admin", "operator", "billing"] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export const accounts = sqliteTable("accounts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  username: text("username").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: ACCOUNT_ROLES }).notNull(),
  disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

export const sessions = sqliteTable(
  "sessions",
  {
    tokenSha256: text("token_sha256").primaryKey(),
    accountId: integer("account_id").references(() => accounts.id, { onDelete: "cascade" }),
    extensionNumber: text("extension_number").references(() => extensions.number, {
      onDelete: "cascade",
    }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("sessions_account_id_idx").on(t.accountId),
    index("sessions_extension_number_idx").on(t.extensionNumber),
    index("sessions_expires_at_idx").on(t.expiresAt),
  ],
);

// SPEC PROV-2: the phones the box provisions. One row per MAC: found by PnP (a SUBSCRIBE with
// Event: ua-profile), typed by the operator or set up by a quick registration code; once assigned, its accounts (extension numbers,
// line 1 first), programmable keys and idle text, and who assigned them and when. The phone's
// optional HTTP credentials guard its configuration file; the password is kept as given
// because HTTP digest needs it, like the SIP password the file itself carries.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const PHONE_SOURCES = ["pnp", "manual", "quick-code"] as const;
export type PhoneSource = (typeof PHONE_SOURCES)[number];

export const phones = sqliteTable("phones", {
  mac: text("mac").primaryKey(),
  vendor: text("vendor").notNull().default(""),
  model: text("model").notNull().default(""),
  firmware: text("firmware").notNull().default(""),
  address: text("address").notNull().default(""),
  source: text("source", { enum: PHONE_SOURCES }).notNull().default("manual"),
  /** JSON array of extension numbers, account 1 first; empty while unassigned. */
  lines: text("lines").notNull().default("[]"),
  /** JSON array of {extension, label, line}: BLF keys after the line keys. */
  blfKeys: text("blf_keys").notNull().default("[]"),
  /** JSON array of {number, label, line}: speed-dial keys after the BLF keys. */
  speedDials: text("speed_dials").notNull().default("[]"),
  idleText: text("idle_text").notNull().default(""),
  callWaiting: integer("call_waiting", { mode: "boolean" }).notNull().default(true),
  httpUser: text("http_user").notNull().default(""),
  httpPassword: text("http_password").notNull().default(""),
  assignedBy: text("assigned_by"),
  assignedAt: integer("assigned_at", { mode: "timestamp_ms" }),
  discoveredAt: integer("discovered_at", { mode: "timestamp_ms" }),
  lastFetchAt: integer("last_fetch_at", { mode: "timestamp_ms" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

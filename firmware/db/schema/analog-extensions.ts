// SPEC EXT-5: analog extensions, one per FXS port found at start. The number is given by the
// box and fixed; alias, department, recording, language, dial permission and the receive and
// transmit gains are the admin's. SPEC CALL-7: voicemail on/off and the address new messages
// are mailed to, named as on IP extensions (migration 0022); the mailbox PIN is kept only as
// the mailbox's argon2id hash (`mailboxes.pin_hash`), never here.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { departments } from "./departments.ts";
import { RECORDING_MODES } from "./extensions.ts";

export const analogExtensions = sqliteTable("analog_extensions", {
  /** FXS port number printed on the case (1..n). */
  channel: integer("channel").primaryKey(),
  number: text("number").notNull().unique(),
  name: text("name").notNull(),
  alias: text("alias").notNull().default(""),
  departmentId: integer("department_id").references(() => departments.id, {
    onDelete: "set null",
  }),
  recording: text("recording", { enum: RECORDING_MODES }).notNull().default("none"),
  language: text("language").notNull().default(""),
  dialPermission: text("dial_permission").notNull().default("international"),
  /** Gain on what the handset's microphone sends into the box (manual: 呼入音量). */
  rxGainDb: integer("rx_gain_db").notNull().default(0),
  /** Gain on what the box sends to the earpiece (manual: 呼出音量). */
  txGainDb: integer("tx_gain_db").notNull().default(0),
  voicemailEnabled: integer("voicemail_enabled", { mode: "boolean" }).notNull().default(false),
  email: text("email").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

// SPEC CALL-7 voicemail. The extension row keeps whether voicemail is on and the address
// notices go to; the mailbox row keeps the PIN as a hash once the user or the admin changed
// it, and which recorded greetings exist. Messages are WAV files under <data>/voicemail; the
// file is renamed into place before its row is written, so a row never names a missing file.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const mailboxes = sqliteTable("mailboxes", {
  extension: text("extension").primaryKey(),
  /** argon2id of the PIN; empty: the extension's voicemail PIN still stands. */
  pinHash: text("pin_hash").notNull().default(""),
  /**
   * SHA-256 of the extension's own voicemail PIN when `pinHash` was set: once the admin sets a
   * different one on the extension, that one stands again.
   */
  pinBasis: text("pin_basis").notNull().default(""),
  /** A recorded busy greeting exists (greeting-busy.wav in the mailbox's folder). */
  busyGreeting: integer("busy_greeting", { mode: "boolean" }).notNull().default(false),
  /** A recorded unavailable greeting exists (greeting-unavailable.wav). */
  unavailableGreeting: integer("unavailable_greeting", { mode: "boolean" })
    .notNull()
    .default(false),
  /** Longest message taken, seconds. */
  maxMessageS: integer("max_message_s").notNull().default(120),
  /** Mail each new message (with the WAV) to the extension's e-mail address. */
  emailNotify: integer("email_notify", { mode: "boolean" }).notNull().default(true),
});

export const voicemailMessages = sqliteTable(
  "voicemail_messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    mailbox: text("mailbox").notNull(),
    callerNumber: text("caller_number").notNull().default(""),
    callerName: text("caller_name").notNull().default(""),
    receivedMs: integer("received_ms").notNull(),
    durationMs: integer("duration_ms").notNull(),
    /** new, saved */
    status: text("status").notNull().default("new"),
    /** The file's name in the mailbox's folder. */
    file: text("file").notNull(),
  },
  // A mailbox's counts are read for each phone that registers anew (its message lamp).
  (t) => [index("voicemail_messages_mailbox_status_idx").on(t.mailbox, t.status)],
);

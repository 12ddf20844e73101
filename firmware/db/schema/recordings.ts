// SPEC CALL-16 (automatic and one-touch recording), REP-2/3/4 (recordings: search, play,
// download, delete; an extension user sees only its own). Each row indexes one finished WAV
// under a storage volume ("data" = <data>/recordings, later "usb"); the extensions that took
// part sit in recording_extensions so "my recordings" is one indexed lookup.
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const RECORDING_KINDS = ["call", "one-touch", "conference"] as const;
export type RecordingKind = (typeof RECORDING_KINDS)[number];

export const RECORDING_DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export type RecordingDirection = (typeof RECORDING_DIRECTIONS)[number];

export const recordings = sqliteTable(
  "recordings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: RECORDING_KINDS }).notNull(),
    direction: text("direction", { enum: RECORDING_DIRECTIONS }).notNull(),
    /** The other party: an outside number, another extension, or the conference room. */
    peerNumber: text("peer_number").notNull().default(""),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    bytes: integer("bytes").notNull(),
    volume: text("volume").notNull().default("data"),
    /** Path relative to the volume's recordings folder. */
    path: text("path").notNull(),
    /** The call's identifier in the call records, when known. */
    callId: text("call_id"),
  },
  (t) => [index("recordings_started_at_idx").on(t.startedAt)],
);

export const recordingExtensions = sqliteTable(
  "recording_extensions",
  {
    recordingId: integer("recording_id")
      .notNull()
      .references(() => recordings.id, { onDelete: "cascade" }),
    // No foreign key to extensions: a deleted extension's recordings stay for the admin.
    extension: text("extension").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.recordingId, t.extension] }),
    index("recording_extensions_extension_idx").on(t.extension),
  ],
);

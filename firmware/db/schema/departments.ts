// SPEC EXT-1: departments, each a ring group with a dialled number, a ring strategy and a
// no-answer destination. Membership is the extension's department_id, so one extension sits in
// at most one department by construction.
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const RING_STRATEGIES = ["ring-all", "in-order", "round-robin", "least-recent"] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

export const departments = sqliteTable("departments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
  number: text("number").notNull().unique(),
  ringStrategy: text("ring_strategy", { enum: RING_STRATEGIES }).notNull().default("ring-all"),
  noAnswerDestination: text("no_answer_destination").notNull().default("hangup"),
  /** Seconds each hunt step rings; null rings for the box's `calls.ringTimeoutS`. */
  ringTimeS: integer("ring_time_s"),
  createdAt: integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

// SPEC CALL-4 wake-up calls and CALL-3 follow-me. Extensions are named by number (IP and
// analog extensions share one numbering), so the rows go with the number.
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const wakeupCalls = sqliteTable("wakeup_calls", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  extension: text("extension").notNull(),
  /** The booked time (UTC milliseconds; booked as a wall-clock time in the box's zone). */
  atMs: integer("at_ms").notNull(),
  /** When the box rings next: the booked time, a snooze, or a retry of an unanswered ring. */
  nextMs: integer("next_ms").notNull(),
  /** scheduled, confirmed, unanswered (given up after the retries), cancelled */
  status: text("status").notNull().default("scheduled"),
  /** Rings so far that nobody answered, since the last answer. */
  missed: integer("missed").notNull().default(0),
  /** Who booked it: an account name, or the extension that dialled *55. */
  bookedBy: text("booked_by").notNull().default(""),
  createdMs: integer("created_ms").notNull(),
});

export const followMe = sqliteTable("follow_me", {
  extension: text("extension").primaryKey(),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  /** How long the extension itself rings before the list is tried (振铃时长). */
  ringFirstS: integer("ring_first_s").notNull().default(30),
  /** always: the answerer is connected; confirm: the answerer presses 1 to accept (始终接听 off). */
  mode: text("mode").notNull().default("always"),
  /** JSON `[{ "number": "2002", "ringS": 20 }, ...]`, tried in order. */
  numbers: text("numbers").notNull().default("[]"),
});

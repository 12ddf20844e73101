// SPEC CALL-13 call queues (manual 呼叫队列). A queue is a number callers dial; its agents are
// extensions named by number (static ones always take calls, dynamic ones after *62#).
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const queues = sqliteTable("queues", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** The number callers dial (a numbering holder, kind "queue"). */
  number: text("number").notNull().unique(),
  name: text("name").notNull().default(""),
  /** ring-all, round-robin, least-recent, fewest-calls, random */
  strategy: text("strategy").notNull().default("ring-all"),
  /** JSON array of extension numbers: static agents, never logged in or out. */
  staticAgents: text("static_agents").notNull().default("[]"),
  /** JSON array of extension numbers that may log in with *62# (dynamic agents). */
  dynamicAgents: text("dynamic_agents").notNull().default("[]"),
  /** How long one agent (or, ring all, every agent) rings before the next try. */
  ringTimeS: integer("ring_time_s").notNull().default(20),
  /** How long a caller waits at most before it goes to `destination`. */
  maxWaitS: integer("max_wait_s").notNull().default(300),
  /** Where a caller goes after the maximum wait: "kind:target" as inbound routes write it. */
  destination: text("destination").notNull().default("hangup"),
  /** The music-on-hold class callers hear while waiting. */
  mohClass: text("moh_class").notNull().default("default"),
  /** How often a waiting caller hears its position. */
  announceEveryS: integer("announce_every_s").notNull().default(30),
});

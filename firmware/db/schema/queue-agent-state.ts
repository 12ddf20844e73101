// SPEC CALL-13 call queues (manual 呼叫队列): what the agents said with their feature codes,
// kept across restarts: the dynamic agents logged in (*62# / *062#) per queue, and the agents
// paused (*95# / *095#, for every queue they are in). Written when it changes.
import { sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const queueLogins = sqliteTable(
  "queue_logins",
  {
    /** The queue's number. */
    queue: text("queue").notNull(),
    /** The extension logged in to it. */
    agent: text("agent").notNull(),
  },
  (table) => [uniqueIndex("queue_logins_queue_agent_idx").on(table.queue, table.agent)],
);

export const queuePauses = sqliteTable("queue_pauses", {
  /** An extension paused in every queue it is an agent of. */
  agent: text("agent").primaryKey(),
});

// SPEC CALL-13 (manual 呼叫队列): the agents' logins (*62# / *062#) and pauses (*95# / *095#)
// as the box keeps them across a restart (migration `0023_queue_agent_state`). The live queues
// read them once at start and write each change as it happens.
import { and, eq, notInArray } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { queueLogins, queuePauses } from "../db/schema/queue-agent-state.ts";

export interface AgentStates {
  /** Dynamic agents logged in, by queue number. */
  loggedIn: Map<string, Set<string>>;
  /** Agents paused in every queue they are in. */
  paused: Set<string>;
}

export class AgentStateStore {
  readonly #db: PbxDatabase;

  constructor(db: PbxDatabase) {
    this.#db = db;
  }

  load(): AgentStates {
    const loggedIn = new Map<string, Set<string>>();
    for (const row of this.#db.select().from(queueLogins).all()) {
      const set = loggedIn.get(row.queue) ?? new Set<string>();
      set.add(row.agent);
      loggedIn.set(row.queue, set);
    }
    const paused = new Set(
      this.#db
        .select()
        .from(queuePauses)
        .all()
        .map((row) => row.agent),
    );
    return { loggedIn, paused };
  }

  setLoggedIn(queue: string, agent: string, loggedIn: boolean): void {
    if (loggedIn) this.#db.insert(queueLogins).values({ queue, agent }).onConflictDoNothing().run();
    else
      this.#db
        .delete(queueLogins)
        .where(and(eq(queueLogins.queue, queue), eq(queueLogins.agent, agent)))
        .run();
  }

  setPaused(agent: string, paused: boolean): void {
    if (paused) this.#db.insert(queuePauses).values({ agent }).onConflictDoNothing().run();
    else this.#db.delete(queuePauses).where(eq(queuePauses.agent, agent)).run();
  }

  /** Keeps only the logins of `queue` by `agents` (its dynamic agents now; none: deleted). */
  keepLogins(queue: string, agents: readonly string[]): void {
    this.#db
      .delete(queueLogins)
      .where(
        agents.length > 0
          ? and(eq(queueLogins.queue, queue), notInArray(queueLogins.agent, [...agents]))
          : eq(queueLogins.queue, queue),
      )
      .run();
  }
}

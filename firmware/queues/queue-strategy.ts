// SPEC CALL-13 strategies: which of a queue's available agents ring for the caller at the head
// of the queue. A decision over values (DESIGN "Decide, then act"): the queue rings them.

export const STRATEGIES = [
  "ring-all",
  "round-robin",
  "least-recent",
  "fewest-calls",
  "random",
] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** What the queue remembers of its agents across calls (in memory). */
export interface AgentMemory {
  /** The agent rung last (round robin goes on after it). */
  lastRung?: string;
  /** When each agent last answered a call of this queue (epoch ms). */
  lastAnsweredMs: ReadonlyMap<string, number>;
  /** Calls each agent answered from this queue. */
  answered: ReadonlyMap<string, number>;
}

/**
 * The agents to ring now: every available one (ring all), else one. `agents` is the queue's
 * agent order (static, then dynamic), `available` those that may ring; `random` in [0, 1).
 */
export function agentsToRing(
  strategy: Strategy,
  agents: readonly string[],
  available: ReadonlySet<string>,
  memory: AgentMemory,
  random: () => number = Math.random,
): string[] {
  const free = agents.filter((a) => available.has(a));
  if (free.length === 0) return [];
  switch (strategy) {
    case "ring-all":
      return free;
    case "round-robin": {
      // The first free agent after the last one rung, wrapping round the queue's order.
      const last = memory.lastRung === undefined ? -1 : agents.indexOf(memory.lastRung);
      for (let i = 1; i <= agents.length; i++) {
        const agent = agents[(last + i) % agents.length];
        if (agent !== undefined && available.has(agent)) return [agent];
      }
      return [];
    }
    case "least-recent":
      // Never answered counts as longest ago; ties keep the queue's order.
      return [minBy(free, (a) => memory.lastAnsweredMs.get(a) ?? Number.NEGATIVE_INFINITY)];
    case "fewest-calls":
      return [minBy(free, (a) => memory.answered.get(a) ?? 0)];
    case "random":
      return [free[Math.min(free.length - 1, Math.floor(random() * free.length))] as string];
  }
}

function minBy(items: readonly string[], key: (item: string) => number): string {
  let best = items[0] as string;
  for (const item of items) if (key(item) < key(best)) best = item;
  return best;
}

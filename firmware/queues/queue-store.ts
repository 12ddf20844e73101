// SPEC CALL-13 (manual 呼叫队列): the queues the admin made. Each field is checked on its own
// and a refusal names it, so the web form can show the message beside it. The queue's number
// is a numbering holder (kind "queue"): it may not be anything else the box answers.
import { eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { queues } from "../db/schema/queues.ts";
import type { NumberHolder, NumberingCheck, NumberProvider } from "../numbering/number-holder.ts";
import { checkDestination } from "../routes/destination-check.ts";
import { STRATEGIES, type Strategy } from "./queue-strategy.ts";

export interface QueueSettings {
  id: number;
  number: string;
  name: string;
  strategy: Strategy;
  staticAgents: string[];
  dynamicAgents: string[];
  ringTimeS: number;
  maxWaitS: number;
  /** "kind:target" as inbound routes write it ("hangup", "extension:101", "voicemail:101"). */
  destination: string;
  mohClass: string;
  announceEveryS: number;
}

export type QueueInput = Partial<Omit<QueueSettings, "id">>;

export type QueueResult =
  | { ok: true; queue: QueueSettings }
  | { ok: false; field: string; message: string; code?: string; params?: unknown };

/** What the store checks against: extensions that exist, music classes, the registry. */
export interface QueueStoreChecks {
  isExtension(number: string): boolean;
  hasMohClass(name: string): boolean;
  numbering?: NumberingCheck;
}

const DEFAULTS: Omit<QueueSettings, "id" | "number"> = {
  name: "",
  strategy: "ring-all",
  staticAgents: [],
  dynamicAgents: [],
  ringTimeS: 20,
  maxWaitS: 300,
  destination: "hangup",
  mohClass: "default",
  announceEveryS: 30,
};

export class QueueStore {
  readonly #db: PbxDatabase;
  readonly #checks: QueueStoreChecks;

  constructor(db: PbxDatabase, checks: QueueStoreChecks) {
    this.#db = db;
    this.#checks = checks;
  }

  list(): QueueSettings[] {
    return this.#db.select().from(queues).all().map(toSettings);
  }

  get(id: number): QueueSettings | undefined {
    const row = this.#db.select().from(queues).where(eq(queues.id, id)).get();
    return row && toSettings(row);
  }

  byNumber(number: string): QueueSettings | undefined {
    const row = this.#db.select().from(queues).where(eq(queues.number, number)).get();
    return row && toSettings(row);
  }

  create(input: QueueInput): QueueResult {
    const merged = { ...DEFAULTS, number: "", ...input };
    const bad = this.#check(merged, undefined);
    if (bad) return bad;
    const row = this.#db.insert(queues).values(toRow(merged)).returning().get();
    return { ok: true, queue: toSettings(row) };
  }

  update(id: number, input: QueueInput): QueueResult | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const merged = { ...current, ...input };
    const bad = this.#check(merged, current.number);
    if (bad) return bad;
    this.#db.update(queues).set(toRow(merged)).where(eq(queues.id, id)).run();
    return { ok: true, queue: { ...merged, id } };
  }

  remove(id: number): boolean {
    return this.#db.delete(queues).where(eq(queues.id, id)).returning().all().length > 0;
  }

  /** The queues' numbers, for the numbering registry. */
  numbers(): NumberProvider {
    return {
      holders: (): NumberHolder[] =>
        this.list().map((q) => ({
          kind: "queue",
          number: q.number,
          name: q.name,
          label: `queue ${q.number}`,
          prefix: false,
        })),
    };
  }

  #check(
    q: Omit<QueueSettings, "id">,
    own: string | undefined,
  ): Extract<QueueResult, { ok: false }> | undefined {
    const fail = (field: string, message: string) => ({ ok: false as const, field, message });
    if (!/^[0-9]{2,10}$/.test(q.number)) return fail("number", "must be 2-10 digits");
    if (q.number !== own) {
      const clash = this.#checks.numbering?.firstClash([q.number], {
        kind: "queue",
        ...(own === undefined ? {} : { self: { kind: "queue", number: own } }),
      });
      if (clash) return { ...fail("number", clash.message), code: "taken", params: clash.params };
      if (this.byNumber(q.number)) return fail("number", `queue ${q.number} exists`);
    }
    if (typeof q.name !== "string" || q.name.length > 64)
      return fail("name", "at most 64 characters");
    if (!STRATEGIES.includes(q.strategy))
      return fail("strategy", `must be one of ${STRATEGIES.join(", ")}`);
    for (const field of ["staticAgents", "dynamicAgents"] as const) {
      const list = q[field];
      if (!Array.isArray(list)) return fail(field, "must be a list of extension numbers");
      const unknown = list.find((n) => typeof n !== "string" || !this.#checks.isExtension(n));
      if (unknown !== undefined) return fail(field, `${unknown} is not an extension`);
      if (new Set(list).size !== list.length) return fail(field, "names an extension twice");
    }
    const both = q.staticAgents.find((n) => q.dynamicAgents.includes(n));
    if (both) return fail("dynamicAgents", `${both} is a static agent already`);
    if (!isWhole(q.ringTimeS, 5, 300)) return fail("ringTimeS", "must be 5-300 seconds");
    if (!isWhole(q.maxWaitS, 10, 7200)) return fail("maxWaitS", "must be 10-7200 seconds");
    if (!isWhole(q.announceEveryS, 0, 600))
      return fail("announceEveryS", "must be 0 (never) to 600 seconds");
    const destination = typeof q.destination === "string" ? q.destination : "";
    if (destination === `queue:${q.number}`)
      return fail("destination", "may not be the queue itself");
    const why = checkDestination(this.#db, destination);
    if (why) return fail("destination", why);
    if (typeof q.mohClass !== "string" || !this.#checks.hasMohClass(q.mohClass))
      return fail("mohClass", "has no such music class");
    return undefined;
  }
}

function isWhole(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function toRow(q: Omit<QueueSettings, "id">): typeof queues.$inferInsert {
  return {
    number: q.number,
    name: q.name,
    strategy: q.strategy,
    staticAgents: JSON.stringify(q.staticAgents),
    dynamicAgents: JSON.stringify(q.dynamicAgents),
    ringTimeS: q.ringTimeS,
    maxWaitS: q.maxWaitS,
    destination: q.destination,
    mohClass: q.mohClass,
    announceEveryS: q.announceEveryS,
  };
}

function toSettings(row: typeof queues.$inferSelect): QueueSettings {
  return {
    id: row.id,
    number: row.number,
    name: row.name,
    strategy: (STRATEGIES as readonly string[]).includes(row.strategy)
      ? (row.strategy as Strategy)
      : "ring-all",
    staticAgents: JSON.parse(row.staticAgents) as string[],
    dynamicAgents: JSON.parse(row.dynamicAgents) as string[],
    ringTimeS: row.ringTimeS,
    maxWaitS: row.maxWaitS,
    destination: row.destination,
    mohClass: row.mohClass,
    announceEveryS: row.announceEveryS,
  };
}

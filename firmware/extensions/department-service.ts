// SPEC EXT-1: departments. Dialling a department's number rings its members (a ring group) by
// its strategy; unanswered calls go to its no-answer destination. An extension is in at most
// one department; deleting a department leaves its members ungrouped (ON DELETE SET NULL).
import { eq, inArray, sql } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { departments, RING_STRATEGIES, type RingStrategy } from "../db/schema/departments.ts";
import { extensions } from "../db/schema/extensions.ts";
import type { NumberingCheck, TakenParams } from "../numbering/number-holder.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { ExtensionError, ExtensionResult } from "./extension-types.ts";
import { NUMBER_PATTERN } from "./extension-validation.ts";

export { RING_STRATEGIES, type RingStrategy };

/** A department and the numbers of its member extensions. */
export interface DepartmentRecord {
  id: number;
  name: string;
  number: string;
  ringStrategy: RingStrategy;
  noAnswerDestination: string;
  /** Seconds each hunt step rings; null: the box's ring timeout (`calls.ringTimeoutS`). */
  ringTimeS: number | null;
  members: string[];
  createdAt: Date;
}

/** Fields a department is created or changed with; `members` replaces the member list. */
export interface DepartmentInput {
  name: string;
  number: string;
  ringStrategy: RingStrategy;
  noAnswerDestination: string;
  ringTimeS: number | null;
  members: string[];
}

/** A department's own ring time per hunt step, in seconds (null: the box's ring timeout). */
export const RING_TIME_RANGE_S = { min: 5, max: 300 } as const;

/** "hangup", or where the call goes next: `voicemail:101`, `extension:100`, `department:600`... */
export const DESTINATION_PATTERN =
  /^(hangup|(extension|voicemail|department|queue|ivr|conference|external):[0-9*#+]{1,20})$/;

const fail = (error: ExtensionError) => ({ ok: false, error }) as const;

/** Creates, lists, changes and deletes departments and their membership. */
export class DepartmentService {
  constructor(
    private readonly db: PbxDatabase,
    private readonly clock: Clock = systemClock,
    /** Every number the box answers; without it only extensions and departments are checked. */
    private readonly numbering?: NumberingCheck,
  ) {}

  /** Every department with its members, by number. */
  list(): DepartmentRecord[] {
    const rows = this.db
      .select()
      .from(departments)
      .orderBy(sql`CAST(${departments.number} AS INTEGER)`)
      .all();
    return rows.map((row) => ({ ...row, members: this.membersOf(row.id) }));
  }

  /** The department with this id. */
  get(id: number): DepartmentRecord | undefined {
    const row = this.db.select().from(departments).where(eq(departments.id, id)).get();
    return row && { ...row, members: this.membersOf(row.id) };
  }

  /** Creates a department; members must not belong to another one. */
  create(input: Partial<DepartmentInput>): ExtensionResult<DepartmentRecord> {
    if (input.name === undefined)
      return fail({ code: "invalid", field: "name", message: "is required" });
    if (input.number === undefined) {
      return fail({ code: "invalid", field: "number", message: "is required" });
    }
    const error = this.check(input, undefined);
    if (error) return fail(error);
    const id = this.db.transaction((tx) => {
      const row = tx
        .insert(departments)
        .values({
          name: input.name!,
          number: input.number!,
          ringStrategy: input.ringStrategy ?? "ring-all",
          noAnswerDestination: input.noAnswerDestination ?? "hangup",
          ringTimeS: input.ringTimeS ?? null,
          createdAt: new Date(this.clock.now()),
        })
        .returning({ id: departments.id })
        .get();
      if (input.members) setMembers(tx, row.id, input.members);
      return row.id;
    });
    return { ok: true, value: this.get(id)! };
  }

  /** Changes a department; a `members` list replaces the current members. */
  update(id: number, patch: Partial<DepartmentInput>): ExtensionResult<DepartmentRecord> {
    if (!this.get(id)) return fail({ code: "not_found", message: `no department ${id}` });
    const error = this.check(patch, id);
    if (error) return fail(error);
    const { members, ...columns } = patch;
    this.db.transaction((tx) => {
      if (Object.keys(columns).length > 0) {
        tx.update(departments).set(columns).where(eq(departments.id, id)).run();
      }
      if (members) setMembers(tx, id, members);
    });
    return { ok: true, value: this.get(id)! };
  }

  /** Deletes a department; its members become ungrouped. False when there was none. */
  delete(id: number): boolean {
    const removed = this.db.delete(departments).where(eq(departments.id, id)).returning().all();
    return removed.length > 0;
  }

  private membersOf(id: number): string[] {
    return this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(eq(extensions.departmentId, id))
      .orderBy(sql`CAST(${extensions.number} AS INTEGER)`)
      .all()
      .map((r) => r.number);
  }

  private check(
    input: Partial<DepartmentInput>,
    id: number | undefined,
  ): ExtensionError | undefined {
    const invalid = (field: string, message: string) =>
      ({ code: "invalid", field, message }) as const;
    const taken = (field: string, message: string, holder: TakenParams["holder"]) =>
      ({ code: "taken", field, message, params: { holder } }) as const;
    const department = (d: { number: string; name: string }) =>
      ({ kind: "department", number: d.number, name: d.name }) as const;
    if (input.name !== undefined && (input.name.trim() === "" || input.name.length > 64)) {
      return invalid("name", "must be 1-64 characters");
    }
    if (input.number !== undefined && !NUMBER_PATTERN.test(input.number)) {
      return invalid("number", "must be 2-8 digits, not starting with 0");
    }
    if (input.ringStrategy !== undefined && !RING_STRATEGIES.includes(input.ringStrategy)) {
      return invalid("ringStrategy", `must be one of: ${RING_STRATEGIES.join(", ")}`);
    }
    const destination = input.noAnswerDestination;
    if (destination !== undefined && !DESTINATION_PATTERN.test(destination)) {
      return invalid("noAnswerDestination", 'must be "hangup" or kind:number, e.g. voicemail:101');
    }
    const ringTimeS = input.ringTimeS;
    const { min, max } = RING_TIME_RANGE_S;
    if (
      ringTimeS !== undefined &&
      ringTimeS !== null &&
      !(Number.isInteger(ringTimeS) && ringTimeS >= min && ringTimeS <= max)
    ) {
      return invalid(
        "ringTimeS",
        `must be ${min}-${max} seconds, or empty for the box's ring time`,
      );
    }
    const own = id === undefined ? undefined : this.get(id)?.number;
    const clash =
      input.number === undefined
        ? undefined
        : this.numbering?.firstClash([input.number], {
            kind: "department",
            ...(own === undefined ? {} : { self: { kind: "department", number: own } }),
          });
    if (clash)
      return { code: "taken", field: "number", message: clash.message, params: clash.params };
    for (const other of this.db.select().from(departments).all()) {
      if (other.id === id) continue;
      if (other.name === input.name)
        return taken("name", `department ${other.name} exists`, department(other));
      if (other.number === input.number) {
        return taken(
          "number",
          `${other.number} is department ${other.name}'s number`,
          department(other),
        );
      }
    }
    if (input.number !== undefined) {
      const ext = this.db
        .select({ number: extensions.number })
        .from(extensions)
        .where(eq(extensions.number, input.number))
        .get();
      if (ext) {
        const holder = { kind: "extension", number: ext.number, name: "" };
        return taken("number", `${ext.number} is an extension number`, holder);
      }
    }
    return input.members && this.checkMembers(input.members, id);
  }

  private checkMembers(members: string[], id: number | undefined): ExtensionError | undefined {
    if (new Set(members).size !== members.length) {
      return { code: "invalid", field: "members", message: "lists an extension twice" };
    }
    const rows = this.db
      .select({ number: extensions.number, departmentId: extensions.departmentId })
      .from(extensions)
      .where(inArray(extensions.number, members))
      .all();
    const found = new Map(rows.map((r) => [r.number, r.departmentId]));
    for (const number of members) {
      if (!found.has(number)) {
        return { code: "invalid", field: "members", message: `no extension ${number}` };
      }
      const current = found.get(number);
      if (current !== null && current !== id) {
        const message = `extension ${number} already belongs to another department`;
        const params = { holder: { kind: "extension", number, name: "" } };
        return { code: "taken", field: "members", message, params };
      }
    }
    return undefined;
  }
}

type Tx = Parameters<Parameters<PbxDatabase["transaction"]>[0]>[0];

function setMembers(tx: Tx, id: number, members: string[]): void {
  tx.update(extensions).set({ departmentId: null }).where(eq(extensions.departmentId, id)).run();
  if (members.length > 0) {
    tx.update(extensions)
      .set({ departmentId: id })
      .where(inArray(extensions.number, members))
      .run();
  }
}

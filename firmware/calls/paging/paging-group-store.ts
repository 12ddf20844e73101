// SPEC CALL-6 (manual 电话->高级功能->寻呼与对讲): the paging groups. A group has a number (寻呼
// 号码, one of the numbers the box answers, so it is checked against the numbering registry
// and offered to it as a holder), a name, a mode (单工 simplex: members only listen; 双工
// duplex: members talk back) and its members, which must be IP extensions: the manual says
// analog phones cannot auto-answer and cannot be members.
import { asc, eq } from "drizzle-orm";
import type { PbxDatabase } from "../../db/open-database.ts";
import { pagingGroups } from "../../db/schema/paging-groups.ts";
import type {
  NumberHolder,
  NumberingCheck,
  NumberProvider,
  TakenParams,
} from "../../numbering/number-holder.ts";

export type PagingMode = "simplex" | "duplex";
export const PAGING_MODES: readonly PagingMode[] = ["simplex", "duplex"];

export interface PagingGroup {
  id: number;
  number: string;
  name: string;
  mode: PagingMode;
  members: string[];
}

export type PagingGroupInput = Omit<PagingGroup, "id">;

export interface PagingGroupError {
  code: "invalid" | "taken" | "not_found";
  field: keyof PagingGroupInput | "id";
  message: string;
  params?: TakenParams;
}

export type PagingGroupResult =
  | { ok: true; value: PagingGroup }
  | { ok: false; error: PagingGroupError };

/** Like a department's number: 2-8 digits, not starting with 0. */
const NUMBER = /^[1-9][0-9]{1,7}$/;
export const MAX_NAME = 64;
export const MAX_MEMBERS = 64;

export interface PagingGroupStoreOptions {
  /** Whether `number` is an IP extension (only those can auto-answer). */
  isIpExtension(number: string): boolean;
  numbering?: NumberingCheck;
}

export class PagingGroupStore {
  readonly #db: PbxDatabase;
  readonly #o: PagingGroupStoreOptions;

  constructor(db: PbxDatabase, options: PagingGroupStoreOptions) {
    this.#db = db;
    this.#o = options;
  }

  list(): PagingGroup[] {
    return this.#db.select().from(pagingGroups).orderBy(asc(pagingGroups.number)).all().map(row);
  }

  get(id: number): PagingGroup | undefined {
    const found = this.#db.select().from(pagingGroups).where(eq(pagingGroups.id, id)).get();
    return found && row(found);
  }

  byNumber(number: string): PagingGroup | undefined {
    const found = this.#db.select().from(pagingGroups).where(eq(pagingGroups.number, number)).get();
    return found && row(found);
  }

  create(input: unknown): PagingGroupResult {
    const checked = this.#check(input, undefined);
    if (!checked.ok) return checked;
    const saved = this.#db
      .insert(pagingGroups)
      .values({ ...checked.value, members: JSON.stringify(checked.value.members) })
      .returning()
      .get();
    return { ok: true, value: row(saved) };
  }

  update(id: number, input: unknown): PagingGroupResult {
    const current = this.get(id);
    if (!current)
      return { ok: false, error: { code: "not_found", field: "id", message: "no such group" } };
    const merged = typeof input === "object" && input !== null ? { ...current, ...input } : input;
    const checked = this.#check(merged, current);
    if (!checked.ok) return checked;
    const values = { ...checked.value, members: JSON.stringify(checked.value.members) };
    this.#db.update(pagingGroups).set(values).where(eq(pagingGroups.id, id)).run();
    return { ok: true, value: { id, ...checked.value } };
  }

  remove(id: number): boolean {
    if (!this.get(id)) return false;
    this.#db.delete(pagingGroups).where(eq(pagingGroups.id, id)).run();
    return true;
  }

  /** A deleted extension leaves every group. */
  forget(extension: string): void {
    for (const group of this.list())
      if (group.members.includes(extension))
        this.#db
          .update(pagingGroups)
          .set({ members: JSON.stringify(group.members.filter((m) => m !== extension)) })
          .where(eq(pagingGroups.id, group.id))
          .run();
  }

  /** The groups' numbers as holders of the numbering registry. */
  holders(): NumberProvider {
    return {
      holders: () =>
        this.list().map(
          (g): NumberHolder => ({
            kind: "paging-group",
            number: g.number,
            name: g.name,
            label: `paging group ${g.number}${g.name ? ` (${g.name})` : ""}`,
            prefix: false,
          }),
        ),
    };
  }

  #check(
    input: unknown,
    current: PagingGroup | undefined,
  ): { ok: true; value: PagingGroupInput } | { ok: false; error: PagingGroupError } {
    const invalid = (field: PagingGroupError["field"], message: string) =>
      ({ ok: false, error: { code: "invalid", field, message } }) as const;
    if (typeof input !== "object" || input === null) return invalid("number", "a group is needed");
    const i = input as Record<string, unknown>;
    const number = i.number;
    if (typeof number !== "string" || !NUMBER.test(number))
      return invalid("number", "must be 2-8 digits, not starting with 0");
    const name = i.name ?? "";
    if (typeof name !== "string" || name.trim() === "" || name.length > MAX_NAME)
      return invalid("name", `must be 1-${MAX_NAME} characters`);
    const mode = i.mode ?? "simplex";
    if (typeof mode !== "string" || !PAGING_MODES.includes(mode as PagingMode))
      return invalid("mode", "must be simplex or duplex");
    const members = i.members;
    if (!Array.isArray(members) || members.length === 0)
      return invalid("members", "choose at least one IP extension");
    if (members.length > MAX_MEMBERS) return invalid("members", `at most ${MAX_MEMBERS} members`);
    for (const m of members)
      if (typeof m !== "string" || !this.#o.isIpExtension(m))
        return invalid(
          "members",
          `${String(m)} is not an IP extension (analog phones cannot auto-answer)`,
        );
    const other = this.byNumber(number);
    if (other && other.id !== current?.id)
      return {
        ok: false,
        error: {
          code: "taken",
          field: "number",
          message: `${number} is paging group ${other.name}'s number`,
          params: { holder: { kind: "paging-group", number, name: other.name } },
        },
      };
    const clash = this.#o.numbering?.firstClash([number], {
      kind: "paging-group",
      ...(current ? { self: { kind: "paging-group", number: current.number } } : {}),
    });
    if (clash)
      return {
        ok: false,
        error: { code: "taken", field: "number", message: clash.message, params: clash.params },
      };
    return {
      ok: true,
      value: {
        number,
        name: name.trim(),
        mode: mode as PagingMode,
        members: [...new Set(members)],
      },
    };
  }
}

function row(r: typeof pagingGroups.$inferSelect): PagingGroup {
  let members: unknown;
  try {
    members = JSON.parse(r.members);
  } catch {
    members = [];
  }
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    mode: r.mode === "duplex" ? "duplex" : "simplex",
    members: Array.isArray(members) ? members.filter((m) => typeof m === "string") : [],
  };
}

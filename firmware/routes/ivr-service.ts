// SPEC ROUTE-4: IVR menus as stored. Keys arrive as "1=extension:101" lines (one per key) so
// the API's flat field table can carry them; `menu(id)` gives `stepIvr` what it needs.
import { asc, eq } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { ivrs } from "../db/schema/routes.ts";
import { checkDestination } from "./destination-check.ts";
import { IVR_KEYS, type IvrMenu } from "./ivr.ts";
import { checkName, invalid, notFound, type RouteResult, taken } from "./route-result.ts";

export interface IvrView extends IvrMenu {
  name: string;
}

export interface IvrInput {
  name: string;
  prompt: string;
  /** "1=extension:101" per key. */
  keys: readonly string[];
  directDial: boolean;
  timeoutS: number;
  repeat: number;
  invalidDestination: string;
  timeoutDestination: string;
}

/** Which prompts exist: an uploaded one ("custom/<name>") or a built-in one. */
export interface PromptNames {
  has(name: string): boolean;
}

export class IvrService {
  constructor(
    private readonly db: PbxDatabase,
    private readonly prompts: PromptNames,
  ) {}

  list(): IvrView[] {
    return this.db
      .select()
      .from(ivrs)
      .orderBy(asc(ivrs.id))
      .all()
      .map(({ createdAt: _c, ...row }) => row);
  }

  get(id: number): IvrView | undefined {
    return this.list().find((i) => i.id === id);
  }

  create(input: Partial<IvrInput>): RouteResult<IvrView> {
    const checked = this.#check(
      {
        name: "",
        prompt: "welcome",
        keys: [],
        directDial: true,
        timeoutS: 5,
        repeat: 3,
        invalidDestination: "hangup",
        timeoutDestination: "hangup",
        ...input,
      },
      undefined,
    );
    if (!checked.ok) return checked;
    const row = this.db.insert(ivrs).values(checked.value).returning().get();
    return { ok: true, value: this.get(row.id)! };
  }

  update(id: number, patch: Partial<IvrInput>): RouteResult<IvrView> {
    const current = this.get(id);
    if (!current) return notFound("IVR");
    const keys = Object.entries(current.keys).map(([k, d]) => `${k}=${d}`);
    const checked = this.#check({ ...current, keys, ...patch }, id);
    if (!checked.ok) return checked;
    this.db.update(ivrs).set(checked.value).where(eq(ivrs.id, id)).run();
    return { ok: true, value: this.get(id)! };
  }

  delete(id: number): boolean {
    return this.db.delete(ivrs).where(eq(ivrs.id, id)).returning().all().length > 0;
  }

  #check(input: IvrInput, id: number | undefined) {
    const nameError = checkName(input.name);
    if (nameError) return invalid("name", nameError);
    const other = this.db.select({ id: ivrs.id }).from(ivrs).where(eq(ivrs.name, input.name)).get();
    if (other && other.id !== id) return taken("name");
    if (!this.prompts.has(input.prompt))
      return invalid("prompt", `has no prompt named ${input.prompt}`);
    const keys: Record<string, string> = {};
    for (const line of input.keys) {
      const eq = line.indexOf("=");
      const key = line.slice(0, eq).trim();
      const destination = line.slice(eq + 1).trim();
      if (eq < 0 || !(IVR_KEYS as readonly string[]).includes(key))
        return invalid("keys", `"${line}" is not like 1=extension:101 (keys 0-9 * #)`);
      if (keys[key] !== undefined) return invalid("keys", `key ${key} is given twice`);
      // A menu may lead back to itself ("9=ivr:<own id>": repeat the menu).
      const error =
        id !== undefined && destination === `ivr:${id}`
          ? undefined
          : checkDestination(this.db, destination);
      if (error) return invalid("keys", `key ${key} ${error}`);
      keys[key] = destination;
    }
    if (!Number.isInteger(input.timeoutS) || input.timeoutS < 1 || input.timeoutS > 60)
      return invalid("timeoutS", "must be 1 to 60 seconds");
    if (!Number.isInteger(input.repeat) || input.repeat < 1 || input.repeat > 10)
      return invalid("repeat", "must be 1 to 10");
    for (const field of ["invalidDestination", "timeoutDestination"] as const) {
      const error = checkDestination(this.db, input[field]);
      if (error) return invalid(field, error);
    }
    return {
      ok: true as const,
      value: {
        name: input.name.trim(),
        prompt: input.prompt,
        keys,
        directDial: input.directDial,
        timeoutS: input.timeoutS,
        repeat: input.repeat,
        invalidDestination: input.invalidDestination,
        timeoutDestination: input.timeoutDestination,
      },
    };
  }
}

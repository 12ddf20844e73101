// SPEC ROUTE-2: outbound routes as stored, in the admin's order (position), with their trunks
// named. `routes()` hands `matchOutbound` the ordered list it decides on.
import { asc, eq, max } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { outboundRoutes } from "../db/schema/routes.ts";
import type { NumberHolder } from "../numbering/number-holder.ts";
import { compileDialPattern } from "./dial-pattern.ts";
import type { OutboundRoute } from "./outbound-match.ts";
import { firstCovered } from "./outbound-route-numbers.ts";
import {
  checkName,
  invalid,
  notFound,
  type RouteError,
  type RouteResult,
  taken,
} from "./route-result.ts";

export interface OutboundRouteView extends OutboundRoute {
  position: number;
  /** Trunk names, in order (a deleted trunk is left out). */
  trunks: string[];
}

export interface OutboundRouteInput {
  name: string;
  enabled: boolean;
  patterns: readonly string[];
  prefix: string;
  strip: number;
  prepend: string;
  /** Trunk names in the order they are tried. */
  trunks: readonly string[];
  callerId: string;
  pins: readonly string[];
}

export interface TrunkNames {
  list(): { id: number; name: string }[];
}

/** Stores outbound routes and their order. */
export class OutboundRouteService {
  constructor(
    private readonly db: PbxDatabase,
    private readonly trunks: TrunkNames,
    /** Every number the box answers: a route may not take one of them. */
    private readonly numbering?: { holders(): Iterable<NumberHolder> },
  ) {}

  /** Every route in the order they are tried. */
  list(): OutboundRouteView[] {
    const names = new Map(this.trunks.list().map((t) => [t.id, t.name]));
    return this.db
      .select()
      .from(outboundRoutes)
      .orderBy(asc(outboundRoutes.position), asc(outboundRoutes.id))
      .all()
      .map(({ createdAt: _c, ...row }) => {
        const trunkIds = row.trunkIds.filter((id) => names.has(id));
        return { ...row, trunkIds, trunks: trunkIds.map((id) => names.get(id)!) };
      });
  }

  get(id: number): OutboundRouteView | undefined {
    return this.list().find((r) => r.id === id);
  }

  create(input: Partial<OutboundRouteInput>): RouteResult<OutboundRouteView> {
    const full: OutboundRouteInput = {
      name: "",
      enabled: true,
      patterns: [],
      prefix: "",
      strip: 0,
      prepend: "",
      trunks: [],
      callerId: "",
      pins: [],
      ...input,
    };
    const checked = this.#check(full, undefined);
    if (!checked.ok) return checked;
    const last = this.db
      .select({ p: max(outboundRoutes.position) })
      .from(outboundRoutes)
      .get();
    const row = this.db
      .insert(outboundRoutes)
      .values({ ...checked.value, position: (last?.p ?? 0) + 1 })
      .returning()
      .get();
    return { ok: true, value: this.get(row.id)! };
  }

  update(id: number, patch: Partial<OutboundRouteInput>): RouteResult<OutboundRouteView> {
    const current = this.get(id);
    if (!current) return notFound("outbound route");
    const checked = this.#check({ ...current, ...patch }, id);
    if (!checked.ok) return checked;
    this.db.update(outboundRoutes).set(checked.value).where(eq(outboundRoutes.id, id)).run();
    return { ok: true, value: this.get(id)! };
  }

  delete(id: number): boolean {
    return (
      this.db.delete(outboundRoutes).where(eq(outboundRoutes.id, id)).returning().all().length > 0
    );
  }

  /** Sets the order: `ids` must name every route once. */
  reorder(ids: number[]): RouteResult<OutboundRouteView[]> {
    const existing = this.list().map((r) => r.id);
    if (
      ids.length !== existing.length ||
      new Set(ids).size !== ids.length ||
      !ids.every((id) => existing.includes(id))
    )
      return invalid("ids", "must list every outbound route id once");
    this.db.transaction((tx) => {
      ids.forEach((id, i) => {
        tx.update(outboundRoutes)
          .set({ position: i + 1 })
          .where(eq(outboundRoutes.id, id))
          .run();
      });
    });
    return { ok: true, value: this.list() };
  }

  #check(input: OutboundRouteInput, id: number | undefined) {
    const nameError = checkName(input.name);
    if (nameError) return invalid("name", nameError);
    const other = this.db
      .select({ id: outboundRoutes.id })
      .from(outboundRoutes)
      .where(eq(outboundRoutes.name, input.name))
      .get();
    if (other && other.id !== id) return taken("name");
    if (input.patterns.length === 0) return invalid("patterns", "needs at least one dial pattern");
    for (const pattern of input.patterns) {
      const compiled = compileDialPattern(pattern);
      if (!compiled.ok) return invalid("patterns", `${pattern} ${compiled.message}`);
    }
    if (!/^[0-9*#]{0,10}$/.test(input.prefix)) return invalid("prefix", "must be up to 10 digits");
    if (!Number.isInteger(input.strip) || input.strip < 0 || input.strip > 20)
      return invalid("strip", "must be 0 to 20");
    if (!/^[0-9*#+]{0,20}$/.test(input.prepend))
      return invalid("prepend", "must be up to 20 digits");
    if (!/^[0-9+]{0,32}$/.test(input.callerId)) return invalid("callerId", "must be digits");
    if (input.pins.some((p) => !/^[0-9]{3,12}$/.test(p)))
      return invalid("pins", "must be 3 to 12 digits each");
    // Routes may overlap each other and the prefix setting; never take a number the box answers.
    const covered =
      this.numbering &&
      firstCovered(input, this.numbering.holders(), ["outbound-route", "outbound-prefix"]);
    if (covered) {
      const { kind, number, name } = covered;
      const message = `would take ${number}, which is ${covered.label}`;
      const params = { holder: { kind, number, name }, match: "prefix-of" as const };
      const error: RouteError = { code: "taken", field: "patterns", message, params };
      return { ok: false as const, error };
    }
    const byName = new Map(this.trunks.list().map((t) => [t.name, t.id]));
    if (input.trunks.length === 0) return invalid("trunks", "needs at least one trunk");
    const unknown = input.trunks.find((name) => !byName.has(name));
    if (unknown !== undefined) return invalid("trunks", `has no trunk named ${unknown}`);
    return {
      ok: true as const,
      value: {
        name: input.name.trim(),
        enabled: input.enabled,
        patterns: [...input.patterns],
        prefix: input.prefix,
        strip: input.strip,
        prepend: input.prepend,
        trunkIds: [...new Set(input.trunks.map((n) => byName.get(n)!))],
        callerId: input.callerId,
        pins: [...new Set(input.pins)],
      },
    };
  }
}

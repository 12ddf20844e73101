// SPEC ROUTE-4: inbound routes as stored, first match wins in position order; `routes()` is
// what `matchInbound` decides on.
import { asc, eq, max } from "drizzle-orm";
import type { PbxDatabase } from "../db/open-database.ts";
import { inboundRoutes } from "../db/schema/routes.ts";
import { checkDestination } from "./destination-check.ts";
import { compileDialPattern } from "./dial-pattern.ts";
import type { InboundRoute } from "./inbound-match.ts";
import type { TrunkNames } from "./outbound-route-service.ts";
import { checkName, invalid, notFound, type RouteResult, taken } from "./route-result.ts";

export interface InboundRouteView extends InboundRoute {
  position: number;
  /** The trunk's name, "" for any trunk. */
  trunk: string;
}

export interface InboundRouteInput {
  name: string;
  enabled: boolean;
  didPattern: string;
  callerPattern: string;
  /** A trunk name, "" for any. */
  trunk: string;
  destination: string;
}

/** Stores inbound routes. */
export class InboundRouteService {
  constructor(
    private readonly db: PbxDatabase,
    private readonly trunks: TrunkNames,
  ) {}

  list(): InboundRouteView[] {
    const names = new Map(this.trunks.list().map((t) => [t.id, t.name]));
    return this.db
      .select()
      .from(inboundRoutes)
      .orderBy(asc(inboundRoutes.position), asc(inboundRoutes.id))
      .all()
      .map(({ createdAt: _c, ...row }) => ({
        ...row,
        trunk: row.trunkId === null ? "" : (names.get(row.trunkId) ?? ""),
      }));
  }

  get(id: number): InboundRouteView | undefined {
    return this.list().find((r) => r.id === id);
  }

  create(input: Partial<InboundRouteInput>): RouteResult<InboundRouteView> {
    const checked = this.#check(
      {
        name: "",
        enabled: true,
        didPattern: "",
        callerPattern: "",
        trunk: "",
        destination: "",
        ...input,
      },
      undefined,
    );
    if (!checked.ok) return checked;
    const last = this.db
      .select({ p: max(inboundRoutes.position) })
      .from(inboundRoutes)
      .get();
    const row = this.db
      .insert(inboundRoutes)
      .values({ ...checked.value, position: (last?.p ?? 0) + 1 })
      .returning()
      .get();
    return { ok: true, value: this.get(row.id)! };
  }

  update(id: number, patch: Partial<InboundRouteInput>): RouteResult<InboundRouteView> {
    const current = this.get(id);
    if (!current) return notFound("inbound route");
    const checked = this.#check({ ...current, ...patch }, id);
    if (!checked.ok) return checked;
    this.db.update(inboundRoutes).set(checked.value).where(eq(inboundRoutes.id, id)).run();
    return { ok: true, value: this.get(id)! };
  }

  delete(id: number): boolean {
    return (
      this.db.delete(inboundRoutes).where(eq(inboundRoutes.id, id)).returning().all().length > 0
    );
  }

  #check(input: InboundRouteInput, id: number | undefined) {
    const nameError = checkName(input.name);
    if (nameError) return invalid("name", nameError);
    const other = this.db
      .select({ id: inboundRoutes.id })
      .from(inboundRoutes)
      .where(eq(inboundRoutes.name, input.name))
      .get();
    if (other && other.id !== id) return taken("name");
    for (const field of ["didPattern", "callerPattern"] as const) {
      if (input[field] === "") continue;
      const compiled = compileDialPattern(input[field]);
      if (!compiled.ok) return invalid(field, compiled.message);
    }
    let trunkId: number | null = null;
    if (input.trunk !== "") {
      const trunk = this.trunks.list().find((t) => t.name === input.trunk);
      if (!trunk) return invalid("trunk", `has no trunk named ${input.trunk}`);
      trunkId = trunk.id;
    }
    const destinationError = checkDestination(this.db, input.destination);
    if (destinationError) return invalid("destination", destinationError);
    return {
      ok: true as const,
      value: {
        name: input.name.trim(),
        enabled: input.enabled,
        didPattern: input.didPattern,
        callerPattern: input.callerPattern,
        trunkId,
        destination: input.destination,
      },
    };
  }
}

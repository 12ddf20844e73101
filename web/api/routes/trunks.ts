// SPEC ROUTE-1, STAT-3: VoIP trunks (register, peer) and analog trunks (FXO groups), admin only.
// Each trunk in the list carries its live status. The password is write-only: a view says
// `hasPassword`, and a change without `password` keeps the stored one.
import { type Context, Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { resourceDocs } from "../resource-docs.ts";
import type { ApiServices, RoutingFacade } from "../services.ts";

const ADMIN = ["admin"] as const;

const FIELDS = {
  name: { kind: "string" },
  enabled: { kind: "boolean" },
  host: { kind: "string", description: "provider or peer host name or IP address" },
  port: { kind: "integer" },
  transport: { kind: "string", enum: ["UDP", "TCP", "TLS"] },
  username: { kind: "string", description: "the account at the provider" },
  authUsername: { kind: "string", description: "when the provider authenticates another name" },
  password: { kind: "string", description: "write-only; omit to keep the stored one" },
  fromUser: { kind: "string" },
  fromDomain: { kind: "string" },
  codecs: { kind: "strings", description: "in order of preference" },
  dtmfMode: { kind: "string", enum: ["rfc4733", "info", "inband"] },
  maxCalls: { kind: "integer", description: "0: no limit" },
  registerExpiryS: { kind: "integer" },
  fxoPorts: { kind: "strings", description: 'analog trunks: FXO port numbers, e.g. ["1","2"]' },
} as const;

const CREATE = {
  ...FIELDS,
  name: { ...FIELDS.name, required: true },
  kind: { kind: "string", enum: ["register", "peer", "analog"], required: true },
} as const;

/** The facade, or 503 while the trunks are not wired. */
export function routingOf(services: ApiServices): RoutingFacade {
  if (!services.routing) throw new ApiError(503, "unavailable", "trunks and routes are not ready");
  return services.routing;
}

/** A path id, else 404 naming `what`. */
export function idOf(c: Context<ApiEnv>, what: string): number {
  const raw = c.req.param("id") ?? "";
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw notFound(what);
  return Number(raw);
}

/** The body with fxoPorts as numbers. */
function withPorts<B extends { fxoPorts?: string[] }>(
  body: B,
): Omit<B, "fxoPorts"> & { fxoPorts?: number[] } {
  const { fxoPorts, ...rest } = body;
  if (fxoPorts === undefined) return rest;
  if (fxoPorts.some((p) => !/^[0-9]{1,2}$/.test(p)))
    throw new ApiError(400, "invalid", "fxoPorts must be FXO port numbers", "fxoPorts");
  return { ...rest, fxoPorts: fxoPorts.map(Number) };
}

/** /trunks: list (with live status), create, read, change, delete. */
export function trunkRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  const withStatus = (r: RoutingFacade, id: number) => {
    const trunk = r.trunks.get(id);
    if (!trunk) throw notFound("such trunk");
    return { ...trunk, status: r.trunkStatus(trunk) };
  };

  app.get("/", (c) => {
    const r = routingOf(services);
    return c.json({ items: r.trunks.list().map((t) => ({ ...t, status: r.trunkStatus(t) })) });
  });
  app.post("/", async (c) => {
    const r = routingOf(services);
    const body = await readBody(c, CREATE);
    const created = unwrap(r.trunks.create(withPorts(body)));
    return c.json(withStatus(r, created.id), 201);
  });
  app.get("/:id", (c) => c.json(withStatus(routingOf(services), idOf(c, "such trunk"))));
  app.patch("/:id", async (c) => {
    const r = routingOf(services);
    const id = idOf(c, "such trunk");
    const body = await readBody(c, FIELDS);
    unwrap(r.trunks.update(id, withPorts(body)));
    return c.json(withStatus(r, id));
  });
  app.delete("/:id", (c) => {
    if (!routingOf(services).trunks.delete(idOf(c, "such trunk"))) throw notFound("such trunk");
    return c.body(null, 204);
  });
  return app;
}

export const trunkDocs = resourceDocs("/trunks", "trunks", "trunk", ADMIN, CREATE, FIELDS);

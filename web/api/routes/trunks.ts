// SPEC ROUTE-1, STAT-3: VoIP trunks (register, peer) and analog trunks (FXO groups), admin only.
// Each trunk in the list carries its live status. The password is write-only: a view says
// `hasPassword`, and a change without `password` keeps the stored one.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { resourceDocs } from "../resource-docs.ts";
import type { ApiServices, RoutingFacade } from "../services.ts";

const ADMIN = ["admin"] as const;

const FIELDS = z.strictObject({
  name: field.text(40).optional(),
  enabled: z.boolean().optional(),
  host: field.text(253).describe("provider or peer host name or IP address").optional(),
  port: field.whole(1, 65535).optional(),
  transport: z.enum(["UDP", "TCP", "TLS"]).optional(),
  verifyCertificate: z.boolean().optional(),
  username: field.text(64).describe("the account at the provider").optional(),
  authUsername: field.text(64).describe("when the provider authenticates another name").optional(),
  password: field.text(128).describe("write-only; omit to keep the stored one").optional(),
  fromUser: field.text(64).optional(),
  fromDomain: field.text(253).optional(),
  codecs: z.array(field.text(16)).max(16).describe("in order of preference").optional(),
  dtmfMode: z.enum(["rfc4733", "info", "inband"]).optional(),
  maxCalls: field.whole(0, 1000).describe("0: no limit").optional(),
  registerExpiryS: field.whole(60, 86400).optional(),
  fxoPorts: z
    .array(field.text(2))
    .max(16)
    .describe('analog trunks: FXO port numbers, e.g. ["1","2"]')
    .optional(),
});

const CREATE = FIELDS.extend({ kind: z.enum(["register", "peer", "analog"]) }).required({
  name: true,
});

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

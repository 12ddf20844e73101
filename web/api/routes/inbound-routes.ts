// SPEC ROUTE-4: inbound routes by trunk, DID and caller to a destination, admin only.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { resourceDocs } from "../resource-docs.ts";
import type { ApiServices } from "../services.ts";
import { idOf, routingOf } from "./trunks.ts";

const ADMIN = ["admin"] as const;
const DESTINATION =
  "hangup, extension:N, department:N, voicemail:N, ivr:ID or time-condition:ID (queue, conference: not available yet)";

const FIELDS = z.strictObject({
  name: field.text(64).optional(),
  enabled: z.boolean().optional(),
  didPattern: field.text(32).describe('"" matches any called number').optional(),
  callerPattern: field.text(32).describe('"" matches any caller').optional(),
  trunk: field.text(40).describe('a trunk name; "" for any').optional(),
  destination: field.text(64).describe(DESTINATION).optional(),
});

const CREATE = FIELDS.required({ name: true, destination: true });

/** /inbound-routes. */
export function inboundRouteRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  const what = "such inbound route";
  app.get("/", (c) => c.json({ items: routingOf(services).inboundRoutes.list() }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(routingOf(services).inboundRoutes.create(body)), 201);
  });
  app.get("/:id", (c) => {
    const route = routingOf(services).inboundRoutes.get(idOf(c, what));
    if (!route) throw notFound(what);
    return c.json(route);
  });
  app.patch("/:id", async (c) => {
    const id = idOf(c, what);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(routingOf(services).inboundRoutes.update(id, body)));
  });
  app.delete("/:id", (c) => {
    if (!routingOf(services).inboundRoutes.delete(idOf(c, what))) throw notFound(what);
    return c.body(null, 204);
  });
  return app;
}

export const inboundRouteDocs = resourceDocs(
  "/inbound-routes",
  "routes",
  "inbound route",
  ADMIN,
  CREATE,
  FIELDS,
);

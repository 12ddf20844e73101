// SPEC ROUTE-2: outbound routes, admin only; tried in list order, which PUT /order sets.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { resourceDocs } from "../resource-docs.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { idOf, routingOf } from "./trunks.ts";

const ADMIN = ["admin"] as const;

const FIELDS = z.strictObject({
  name: field.text(64).optional(),
  enabled: z.boolean().optional(),
  patterns: z
    .array(field.text(32))
    .max(100)
    .describe("dial patterns: X Z N [1-5] . ! and digits")
    .optional(),
  prefix: field.text(8).describe("dialled first and removed, e.g. 9").optional(),
  strip: field.whole(0, 20).describe("leading digits removed after the prefix").optional(),
  prepend: field.text(20).optional(),
  trunks: z
    .array(field.text(40))
    .max(32)
    .describe("trunk names in the order they are tried")
    .optional(),
  callerId: field.text(32).describe('"" keeps the extension\'s outbound caller ID').optional(),
  pins: z.array(field.text(12)).max(1000).describe("PIN codes; none: no PIN asked").optional(),
});

const CREATE = FIELDS.required({ name: true, patterns: true, trunks: true });

const ORDER = z.strictObject({
  ids: z.array(field.text(10)).max(1000).describe("every route id, in order"),
});

/** /outbound-routes: CRUD and PUT /order. */
export function outboundRouteRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  const what = "such outbound route";
  app.get("/", (c) => c.json({ items: routingOf(services).outboundRoutes.list() }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(routingOf(services).outboundRoutes.create(body)), 201);
  });
  app.put("/order", async (c) => {
    const body = await readBody(c, ORDER);
    if (body.ids.some((id) => !/^[1-9][0-9]{0,9}$/.test(id)))
      throw new ApiError(400, "invalid", "ids must be route ids", "ids");
    return c.json({
      items: unwrap(routingOf(services).outboundRoutes.reorder(body.ids.map(Number))),
    });
  });
  app.get("/:id", (c) => {
    const route = routingOf(services).outboundRoutes.get(idOf(c, what));
    if (!route) throw notFound(what);
    return c.json(route);
  });
  app.patch("/:id", async (c) => {
    const id = idOf(c, what);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(routingOf(services).outboundRoutes.update(id, body)));
  });
  app.delete("/:id", (c) => {
    if (!routingOf(services).outboundRoutes.delete(idOf(c, what))) throw notFound(what);
    return c.body(null, 204);
  });
  return app;
}

export const outboundRouteDocs: RouteDoc[] = [
  ...resourceDocs("/outbound-routes", "routes", "outbound route", ADMIN, CREATE, FIELDS),
  {
    method: "put",
    path: "/outbound-routes/order",
    tag: "routes",
    summary: "Set the order routes are tried in",
    access: ADMIN,
    requestBody: ORDER,
    responses: {
      "200": {
        description: "the routes in their new order",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: { type: "object" } } },
        },
      },
      "400": "ids must name every route once",
    },
  },
];

// SPEC ROUTE-4: time conditions, admin only; read in the box's time zone (settings).
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { resourceDocs } from "../resource-docs.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { idOf, routingOf } from "./trunks.ts";

const ADMIN = ["admin"] as const;

const FIELDS = z.strictObject({
  name: field.text(64).optional(),
  weekly: z
    .array(field.text(40))
    .max(50)
    .describe('e.g. "mon-fri 09:00-18:00", "sat 09:00-12:00"')
    .optional(),
  holidays: z
    .array(field.text(40))
    .max(400)
    .describe('e.g. "2026-10-01..2026-10-07", "2027-01-01"')
    .optional(),
  matched: field.text(64).describe("destination inside the hours").optional(),
  unmatched: field.text(64).describe("destination outside the hours and on holidays").optional(),
});

const CREATE = FIELDS.required({ name: true, weekly: true, matched: true, unmatched: true });

/** /time-conditions, and GET /{id}/now: where a call would go at this moment. */
export function timeConditionRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  const what = "such time condition";
  app.get("/", (c) => c.json({ items: routingOf(services).timeConditions.list() }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(routingOf(services).timeConditions.create(body)), 201);
  });
  app.get("/:id", (c) => {
    const tc = routingOf(services).timeConditions.get(idOf(c, what));
    if (!tc) throw notFound(what);
    return c.json(tc);
  });
  app.get("/:id/now", (c) => {
    const verdict = routingOf(services).timeConditions.evaluate(
      idOf(c, what),
      services.clock.now(),
    );
    if (!verdict) throw notFound(what);
    return c.json(verdict);
  });
  app.patch("/:id", async (c) => {
    const id = idOf(c, what);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(routingOf(services).timeConditions.update(id, body)));
  });
  app.delete("/:id", (c) => {
    if (!routingOf(services).timeConditions.delete(idOf(c, what))) throw notFound(what);
    return c.body(null, 204);
  });
  return app;
}

export const timeConditionDocs: RouteDoc[] = [
  ...resourceDocs("/time-conditions", "routes", "time condition", ADMIN, CREATE, FIELDS),
  {
    method: "get",
    path: "/time-conditions/{id}/now",
    tag: "routes",
    summary: "Whether the condition matches now, and where a call goes",
    access: ADMIN,
    responses: {
      "200": {
        description: "whether the hours match now, and the destination a call takes",
        schema: {
          type: "object",
          properties: { matched: { type: "boolean" }, destination: { type: "string" } },
        },
      },
      "404": "no such time condition",
    },
  },
];

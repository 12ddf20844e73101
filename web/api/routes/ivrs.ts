// SPEC ROUTE-4: IVR menus (auto attendant), admin only. Keys are "1=extension:101" lines.
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

const FIELDS = z.strictObject({
  name: field.text(64).optional(),
  prompt: field
    .text(80)
    .describe('a built-in prompt name, or "custom/<name>" for an uploaded one')
    .optional(),
  keys: z
    .array(field.text(80))
    .max(12)
    .describe('one "key=destination" per key 0-9 * #, e.g. "1=extension:101", "9=ivr:2"')
    .optional(),
  directDial: z.boolean().describe("callers may dial an extension number directly").optional(),
  timeoutS: field.whole(1, 60).optional(),
  repeat: field.whole(1, 10).describe("times the prompt is played before giving up").optional(),
  invalidDestination: field.text(64).optional(),
  timeoutDestination: field.text(64).optional(),
});

const CREATE = FIELDS.required({ name: true });

/** /ivrs. */
export function ivrRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  const what = "such IVR";
  app.get("/", (c) => c.json({ items: routingOf(services).ivrs.list() }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(routingOf(services).ivrs.create(body)), 201);
  });
  app.get("/:id", (c) => {
    const ivr = routingOf(services).ivrs.get(idOf(c, what));
    if (!ivr) throw notFound(what);
    return c.json(ivr);
  });
  app.patch("/:id", async (c) => {
    const id = idOf(c, what);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(routingOf(services).ivrs.update(id, body)));
  });
  app.delete("/:id", (c) => {
    if (!routingOf(services).ivrs.delete(idOf(c, what))) throw notFound(what);
    return c.body(null, 204);
  });
  return app;
}

export const ivrDocs = resourceDocs("/ivrs", "routes", "IVR", ADMIN, CREATE, FIELDS);

// SPEC ROUTE-4: IVR menus (auto attendant), admin only. Keys are "1=extension:101" lines.
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { resourceDocs } from "../resource-docs.ts";
import type { ApiServices } from "../services.ts";
import { idOf, routingOf } from "./trunks.ts";

const ADMIN = ["admin"] as const;

const FIELDS = {
  name: { kind: "string" },
  prompt: {
    kind: "string",
    description: 'a built-in prompt name, or "custom/<name>" for an uploaded one',
  },
  keys: {
    kind: "strings",
    description: 'one "key=destination" per key 0-9 * #, e.g. "1=extension:101", "9=ivr:2"',
  },
  directDial: { kind: "boolean", description: "callers may dial an extension number directly" },
  timeoutS: { kind: "integer" },
  repeat: { kind: "integer", description: "times the prompt is played before giving up" },
  invalidDestination: { kind: "string" },
  timeoutDestination: { kind: "string" },
} as const;

const CREATE = { ...FIELDS, name: { ...FIELDS.name, required: true } } as const;

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

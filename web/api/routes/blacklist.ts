// SPEC CALL-11 the blacklist (manual 功能码 — 黑名单): outside numbers that cannot call in.
// Admins and operators list, add and remove; phones add with *76# and remove with *075#.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { callFeaturesOf } from "./call-forward-access.ts";

const ADD = z.strictObject({
  number: z.string().regex(/^\+?[0-9]{2,32}$/, "an outside number: digits, at most 32"),
});
const ENTRY_SCHEMA = {
  type: "object",
  properties: {
    number: { type: "string" },
    addedBy: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
  },
};
const STAFF = ["admin", "operator"] as const;

/** /blacklist: list, add, remove. */
export function blacklistRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  app.get("/", (c) => c.json({ items: callFeaturesOf(services).blacklist.list() }));
  app.post("/", async (c) => {
    const body = await readBody(c, ADD);
    const principal = c.get("auth")!.principal;
    const by = principal.kind === "extension" ? principal.number : principal.username;
    return c.json(unwrap(callFeaturesOf(services).blacklist.add(body.number, by)), 201);
  });
  app.delete("/:number", (c) => {
    if (!callFeaturesOf(services).blacklist.remove(c.req.param("number")))
      throw notFound("such number on the blacklist");
    return c.body(null, 204);
  });
  return app;
}

const tag = "blacklist";

export const blacklistDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/blacklist",
    tag,
    summary: "The blacklisted outside numbers",
    access: STAFF,
    responses: {
      "200": {
        description: "entries",
        schema: { type: "object", properties: { items: { type: "array", items: ENTRY_SCHEMA } } },
      },
    },
  },
  {
    method: "post",
    path: "/blacklist",
    tag,
    summary: "Add an outside number (an extension's number is refused)",
    access: STAFF,
    requestBody: ADD,
    responses: {
      "201": { description: "added", schema: ENTRY_SCHEMA },
      "400": "bad input",
      "409": "already listed",
    },
  },
  {
    method: "delete",
    path: "/blacklist/{number}",
    tag,
    summary: "Remove a number",
    access: STAFF,
    responses: { "204": "removed", "404": "not listed" },
  },
];

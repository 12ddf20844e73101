// SPEC ROUTE-3: dial permission classes (four built in, custom ones changeable), the
// toll-fraud fuse limits per extension ("*": the default) and the emergency numbers every
// phone may dial whatever its class and fuse, admin only.
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
const LEVELS = ["internal", "local", "national", "international"] as const;

const FIELDS = z.strictObject({
  name: field.text(32).optional(),
  level: z.enum(LEVELS).describe("what the class allows before its patterns").optional(),
  allow: z.array(field.text(32)).max(100).describe("dial patterns also allowed").optional(),
  deny: z
    .array(field.text(32))
    .max(100)
    .describe("dial patterns refused (deny wins; emergency numbers always pass)")
    .optional(),
});

const CREATE = FIELDS.required({ name: true });

const FUSE = z.strictObject({
  maxConcurrent: field.whole(0, 10000).describe("0: no limit"),
  maxPerHour: field.whole(0, 10000).describe("0: no limit"),
  international: z.boolean(),
});

const EMERGENCY = z.strictObject({
  numbers: z
    .array(z.string().regex(/^[0-9]{2,15}$/, "must each be 2-15 digits"))
    .max(20)
    .describe("dialled with or without an outbound prefix, they always go out"),
});

/** /dial-permissions, /dial-permissions/fuses/{extension}, /dial-permissions/emergency-numbers. */
export function dialPermissionRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  const what = "such custom dial permission class";
  app.get("/", (c) => c.json({ items: routingOf(services).dialPermissions.list() }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(routingOf(services).dialPermissions.create(body)), 201);
  });
  app.get("/fuses", (c) => c.json({ items: routingOf(services).dialPermissions.fuses() }));
  app.put("/fuses/:extension", async (c) => {
    const body = await readBody(c, FUSE);
    return c.json(
      unwrap(routingOf(services).dialPermissions.setFuse(c.req.param("extension"), body)),
    );
  });
  app.delete("/fuses/:extension", (c) => {
    if (!routingOf(services).dialPermissions.deleteFuse(c.req.param("extension")))
      throw notFound("fuse for this extension");
    return c.body(null, 204);
  });
  app.get("/emergency-numbers", (c) =>
    c.json({ numbers: routingOf(services).dialPermissions.emergencyNumbers() }),
  );
  app.put("/emergency-numbers", async (c) => {
    const body = await readBody(c, EMERGENCY);
    const saved = unwrap(routingOf(services).dialPermissions.setEmergencyNumbers(body.numbers));
    return c.json({ numbers: saved });
  });
  app.get("/:id", (c) => {
    const cls = routingOf(services).dialPermissions.get(idOf(c, what));
    if (!cls) throw notFound(what);
    return c.json(cls);
  });
  app.patch("/:id", async (c) => {
    const id = idOf(c, what);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(routingOf(services).dialPermissions.update(id, body)));
  });
  app.delete("/:id", (c) => {
    const result = routingOf(services).dialPermissions.delete(idOf(c, what));
    if (!result.ok && result.error.code === "not_found") throw notFound(what);
    if (!result.ok) throw new ApiError(409, result.error.code, result.error.message);
    return c.body(null, 204);
  });
  return app;
}

export const dialPermissionDocs: RouteDoc[] = [
  ...resourceDocs("/dial-permissions", "routes", "dial permission class", ADMIN, CREATE, FIELDS),
  {
    method: "get",
    path: "/dial-permissions/fuses",
    tag: "routes",
    summary: "Toll-fraud fuse limits per extension (* is the default)",
    access: ADMIN,
    responses: {
      "200": {
        description: "every stored fuse",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: { type: "object" } } },
        },
      },
    },
  },
  {
    method: "put",
    path: "/dial-permissions/fuses/{extension}",
    tag: "routes",
    summary: "Set an extension's fuse (or * for the default)",
    access: ADMIN,
    requestBody: FUSE,
    responses: {
      "200": { description: "the fuse", schema: { type: "object", additionalProperties: true } },
      "400": "bad input (names the field)",
    },
  },
  {
    method: "get",
    path: "/dial-permissions/emergency-numbers",
    tag: "routes",
    summary: "The emergency numbers every phone may dial, whatever its class and fuse",
    access: ADMIN,
    responses: { "200": { description: "the list", schema: EMERGENCY } },
  },
  {
    method: "put",
    path: "/dial-permissions/emergency-numbers",
    tag: "routes",
    summary: "Replace the emergency numbers (default 110 119 120 122 112)",
    access: ADMIN,
    requestBody: EMERGENCY,
    responses: {
      "200": { description: "the stored list", schema: EMERGENCY },
      "400": "bad input (names the field)",
    },
  },
  {
    method: "delete",
    path: "/dial-permissions/fuses/{extension}",
    tag: "routes",
    summary: "Remove an extension's own fuse (the default applies again)",
    access: ADMIN,
    responses: { "204": "removed", "404": "none stored" },
  },
];

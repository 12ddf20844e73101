// SPEC STAT-2 and DESIGN "Interfaces": the registrar's bindings (admin, operator) and the
// addresses it banned for failed authentication (admin), read through the registrar facade.
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { notFound } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

/** GET /registrations, GET /watchers, GET /bans, DELETE /bans/{address}. */
export function registrarRoutes(services: ApiServices): Hono<ApiEnv> {
  const { registrar } = services;
  const app = new Hono<ApiEnv>();

  app.get("/registrations", requireAccess(["admin", "operator"]), (c) => {
    const extension = c.req.query("extension");
    const all = registrar.registrations();
    const items = extension === undefined ? all : all.filter((r) => r.extension === extension);
    return c.json({ items });
  });

  // The lamps: how many phones watch each extension (BLF, presence, message waiting).
  app.get("/watchers", requireAccess(["admin", "operator"]), (c) => {
    const extension = c.req.query("extension");
    const all = registrar.watchers?.() ?? [];
    const items = extension === undefined ? all : all.filter((w) => w.extension === extension);
    return c.json({ items });
  });

  app.get("/bans", requireAccess(["admin"]), (c) => c.json({ items: registrar.bans() }));

  app.delete("/bans/:address", requireAccess(["admin"]), (c) => {
    if (!registrar.unban(c.req.param("address"))) throw notFound("ban on that address");
    return c.body(null, 204);
  });

  return app;
}

const REGISTRATION_SCHEMA = {
  type: "object",
  properties: {
    extension: { type: "string" },
    contact: { type: "string" },
    source: { type: "string", description: "address:port the REGISTER came from" },
    transport: { type: "string" },
    userAgent: { type: "string" },
    expiresAtMs: { type: "integer" },
  },
};

const WATCHER_SCHEMA = {
  type: "object",
  properties: {
    extension: { type: "string" },
    dialog: { type: "integer", description: "BLF subscriptions (RFC 4235)" },
    presence: { type: "integer", description: "presence subscriptions (RFC 3856)" },
    messageSummary: { type: "integer", description: "message-waiting subscriptions (RFC 3842)" },
  },
};

const BAN_SCHEMA = {
  type: "object",
  properties: {
    address: { type: "string" },
    reason: { type: "string" },
    failures: { type: "integer" },
    bannedAtMs: { type: "integer" },
    expiresAtMs: { type: ["integer", "null"] },
  },
};

const list = (schema: Record<string, unknown>) => ({
  type: "object",
  properties: { items: { type: "array", items: schema } },
});

export const registrarDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/registrations",
    tag: "status",
    summary: "Registered contacts of extensions",
    access: ["admin", "operator"],
    query: [{ name: "extension", type: "string", description: "only this extension's contacts" }],
    responses: { "200": { description: "bindings", schema: list(REGISTRATION_SCHEMA) } },
  },
  {
    method: "get",
    path: "/watchers",
    tag: "status",
    summary: "Phones subscribed to each extension's lamps",
    access: ["admin", "operator"],
    query: [{ name: "extension", type: "string", description: "only this extension's watchers" }],
    responses: { "200": { description: "watcher counts", schema: list(WATCHER_SCHEMA) } },
  },
  {
    method: "get",
    path: "/bans",
    tag: "security",
    summary: "Addresses banned for failed SIP authentication",
    access: ["admin"],
    responses: { "200": { description: "bans", schema: list(BAN_SCHEMA) } },
  },
  {
    method: "delete",
    path: "/bans/{address}",
    tag: "security",
    summary: "Lift the ban on an address",
    access: ["admin"],
    responses: { "204": "lifted", "404": "that address is not banned" },
  },
];

// SPEC STAT-3: the analog ports: each FXS and FXO port, its type, its state (idle, off-hook,
// ringing, in-use, faulty) and why a faulty one is faulty.
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { PortsFacade } from "../board-facades.ts";
import type { RouteDoc } from "../route-doc.ts";

const STAFF = ["admin", "operator"] as const;

const PORT_SCHEMA = {
  type: "object",
  properties: {
    port: { type: "string", description: '"fxs1", "fxo2", ...' },
    type: { enum: ["fxs", "fxo"] },
    index: { type: "integer" },
    state: { enum: ["idle", "off-hook", "ringing", "in-use", "faulty"] },
    fault: {
      type: ["object", "null"],
      properties: { reason: { type: "string" }, detail: { type: "string" } },
    },
    extension: { type: "string", description: "FXS: the analog extension number" },
    lineConnected: { type: "boolean", description: "FXO: the exchange line is plugged in" },
  },
};

/** GET /ports. */
export function portRoutes(services: { ports?: PortsFacade | undefined }): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  app.get("/", (c) => c.json({ items: services.ports?.list() ?? [] }));
  return app;
}

export const portDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/ports",
    tag: "status",
    summary: "Every FXS and FXO port with its type and state",
    access: STAFF,
    responses: {
      "200": {
        description: "the analog ports, FXS first",
        schema: { type: "object", properties: { items: { type: "array", items: PORT_SCHEMA } } },
      },
    },
  },
];

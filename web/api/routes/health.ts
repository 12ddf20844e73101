// DESIGN "Interfaces": GET /api/v1/health answers 200 without login once the box serves;
// SPEC STAT-1: GET /api/v1/system gives model, firmware version and uptime.
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

/** GET /health (public) and GET /system (admin, operator). */
export function healthRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/health", (c) => {
    const health = services.health();
    return c.json(health, health.status === "starting" ? 503 : 200);
  });
  app.get("/system", requireAccess(["admin", "operator"]), (c) => {
    const { model, firmwareVersion, startedAt } = services.system;
    const uptimeS = Math.floor((services.clock.now() - startedAt.getTime()) / 1000);
    return c.json({ model, firmwareVersion, startedAt, uptimeS });
  });
  return app;
}

export const healthDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/health",
    tag: "status",
    summary: "Liveness: 200 once the box serves (also when degraded), 503 while starting",
    access: "public",
    responses: {
      "200": {
        description: "serving",
        schema: {
          type: "object",
          required: ["status"],
          properties: {
            status: { enum: ["ok", "degraded", "starting"] },
            checks: { type: "object", additionalProperties: { type: "string" } },
          },
        },
      },
      "503": "starting",
    },
  },
  {
    method: "get",
    path: "/system",
    tag: "status",
    summary: "Model, firmware version, start time and uptime",
    access: ["admin", "operator"],
    responses: {
      "200": {
        description: "system information",
        schema: {
          type: "object",
          properties: {
            model: { type: "string" },
            firmwareVersion: { type: "string" },
            startedAt: { type: "string", format: "date-time" },
            uptimeS: { type: "integer" },
          },
        },
      },
    },
  },
];

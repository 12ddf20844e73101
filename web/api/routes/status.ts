// SPEC STAT-1: the system status dashboard's figures in one read: CPU and memory use, model,
// firmware version, uptime, mounted USB storage and the calls in progress (the page samples
// this once a second for its 12-second chart), with the limit on calls in progress and the
// calls refused at it.
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const STAFF = ["admin", "operator"] as const;

/** GET /status. */
export function statusRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/status", requireAccess(STAFF), (c) => {
    const { model, firmwareVersion, startedAt } = services.system;
    const nowMs = services.clock.now();
    return c.json({
      model,
      firmwareVersion,
      uptimeS: Math.floor((nowMs - startedAt.getTime()) / 1000),
      ...services.hostStats(),
      usb: services.usbStorage(),
      calls: services.calls(),
      callLimit: services.callLimit(),
      atMs: nowMs,
    });
  });
  return app;
}

export const statusDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/status",
    tag: "status",
    summary:
      "CPU, memory, model, firmware version, uptime, USB storage, calls in progress and their limit",
    access: STAFF,
    responses: {
      "200": {
        description: "the dashboard figures",
        schema: {
          type: "object",
          properties: {
            model: { type: "string" },
            firmwareVersion: { type: "string" },
            uptimeS: { type: "integer" },
            cpuPercent: { type: "number" },
            memoryTotalBytes: { type: "integer" },
            memoryUsedBytes: { type: "integer" },
            usb: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  device: { type: "string" },
                  mountPoint: { type: "string" },
                  sizeBytes: { type: "integer" },
                  freeBytes: { type: "integer" },
                  fsType: { type: "string" },
                },
              },
            },
            calls: { type: "integer" },
            callLimit: {
              type: "object",
              description:
                "calls in progress allowed (--sip-max-calls) and refused at it since start",
              properties: { limit: { type: "integer" }, refused: { type: "integer" } },
            },
            atMs: { type: "integer" },
          },
        },
      },
    },
  },
];

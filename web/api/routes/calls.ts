// SPEC CALL-1 / STAT-1: the calls in progress, each with its legs (extension, state, hold,
// codec, transport and address), for the status pages (admin, operator).
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const STAFF = ["admin", "operator"] as const;

/** GET /calls. */
export function callRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireAccess(STAFF), (c) => {
    if (!services.activeCalls) throw new ApiError(503, "unavailable", "calls are not ready");
    return c.json({ items: services.activeCalls.list() });
  });
  return app;
}

const LEG_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "string" },
    kind: { type: "string", enum: ["sip", "fxs", "fxo", "application"] },
    extension: { type: "string" },
    state: { type: "string", enum: ["calling", "ringing", "early", "answered", "ended"] },
    holding: { type: "boolean", description: "this party put the call on hold" },
    codec: { type: "string" },
    remote: { type: "string", description: 'transport and address, e.g. "UDP 192.0.2.7:5062"' },
  },
};

const CALL_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "string" },
    state: { type: "string", enum: ["ringing", "answered", "ended"] },
    caller: { type: "string" },
    callerName: { type: "string" },
    callee: { type: "string" },
    startedAtMs: { type: "integer" },
    answeredAtMs: { type: "integer" },
    legs: { type: "array", items: LEG_SCHEMA },
  },
};

export const callDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/calls",
    tag: "status",
    summary: "Calls in progress with their legs and states",
    access: STAFF,
    responses: {
      "200": {
        description: "active calls",
        schema: { type: "object", properties: { items: { type: "array", items: CALL_SCHEMA } } },
      },
    },
  },
];

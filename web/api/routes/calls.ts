// SPEC CALL-1 / STAT-1: the calls in progress, each with its legs (extension, state, hold,
// codec, transport and address), for the status pages (admin, operator); and the call
// timing settings (ring time before "no answer", silence before a vanished phone's call ends).
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const STAFF = ["admin", "operator"] as const;

/** Settings keys the call engine reads (firmware/main.ts wires them). */
export const RING_TIMEOUT_KEY = "calls.ringTimeoutS";
export const NO_RTP_TIMEOUT_KEY = "calls.noRtpTimeoutS";

const TIMING = z.strictObject({
  ringTimeoutS: field.whole(5, 600).describe("seconds a call rings (default 60)").optional(),
  noRtpTimeoutS: field
    .whole(0, 3600)
    .describe("seconds without RTP that end a call not on hold, 0 = never (default 60)")
    .optional(),
});

function timing(services: ApiServices) {
  return {
    ringTimeoutS: services.settings.get(RING_TIMEOUT_KEY, 60),
    noRtpTimeoutS: services.settings.get(NO_RTP_TIMEOUT_KEY, 60),
  };
}

/** GET /calls. */
export function callRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireAccess(STAFF), (c) => {
    if (!services.activeCalls) throw new ApiError(503, "unavailable", "calls are not ready");
    return c.json({ items: services.activeCalls.list() });
  });
  app.get("/settings", requireAccess(["admin"]), (c) => c.json(timing(services)));
  app.patch("/settings", requireAccess(["admin"]), async (c) => {
    const body = await readBody(c, TIMING);
    const ring = body.ringTimeoutS;
    const rtp = body.noRtpTimeoutS;
    if (ring !== undefined) services.settings.set(RING_TIMEOUT_KEY, ring);
    if (rtp !== undefined) services.settings.set(NO_RTP_TIMEOUT_KEY, rtp);
    return c.json(timing(services));
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
    media: {
      type: "object",
      properties: {
        localPort: { type: "integer", description: "the box's RTP port for this leg" },
        remote: { type: "string", description: "where the phone's SDP asks for RTP" },
      },
    },
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
  {
    method: "get",
    path: "/calls/settings",
    tag: "settings",
    summary: "Call timing: ring time and no-RTP time",
    access: ["admin"],
    responses: { "200": { description: "the settings", schema: TIMING } },
  },
  {
    method: "patch",
    path: "/calls/settings",
    tag: "settings",
    summary: "Change the call timing (applies to calls that start afterwards)",
    access: ["admin"],
    requestBody: TIMING,
    responses: {
      "200": { description: "the settings", schema: TIMING },
      "400": "a value out of range (the field is named)",
    },
  },
];

// The box's time for the admin: where it comes from now (NTP, the RTC, the system), the NTP
// servers asked in order and how often, and a sync on demand. The time zone stays with the
// other system settings (/settings).
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, TimeFacade, TimeView } from "../services.ts";

/** "host", "host:port" or "[v6]:port", as `firmware/time/sntp.ts` `parseServer` reads them. */
const SERVER = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/;
const MAX_SERVERS = 4;

const TIME_SETTINGS = z.strictObject({
  ntpServers: z
    .array(
      z
        .string()
        .trim()
        .regex(SERVER, "a host name or address, with :port if not 123")
        .refine((s) => Number(/:(\d+)$/.exec(s)?.[1] ?? 123) <= 65535, "port 1-65535"),
    )
    .max(MAX_SERVERS, `at most ${MAX_SERVERS} servers`),
  intervalS: z.number().int().min(64).max(86_400),
});

function timeOf(services: ApiServices): TimeFacade {
  if (!services.time) throw new ApiError(503, "unavailable", "the clock is not ready");
  return services.time;
}

const view = (time: TimeFacade, status: TimeView) => ({
  ...status,
  now: new Date(status.now).toISOString(),
  lastSyncAt: status.lastSyncAt === null ? null : new Date(status.lastSyncAt).toISOString(),
  ...time.settings(),
});

/** GET /time, PUT /time, POST /time/sync. */
export function timeRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const admin = requireAccess(["admin"]);
  app.get("/", requireAccess(["admin", "operator"]), (c) => {
    const time = timeOf(services);
    return c.json(view(time, time.status()));
  });
  app.put("/", admin, async (c) => {
    const body = await readBody(c, TIME_SETTINGS);
    const time = timeOf(services);
    return c.json(view(time, await time.change(body)));
  });
  app.post("/sync", admin, async (c) => {
    const time = timeOf(services);
    return c.json(view(time, await time.syncNow()));
  });
  return app;
}

const TIME_SCHEMA = {
  type: "object",
  properties: {
    now: { type: "string", format: "date-time", description: "the box's time" },
    source: {
      type: "string",
      enum: ["system", "rtc", "ntp"],
      description: "where the time comes from",
    },
    server: { type: ["string", "null"], description: "the NTP server of the last sync" },
    lastSyncAt: { type: ["string", "null"], format: "date-time" },
    offsetMs: { type: ["number", "null"], description: "how far off the clock was then" },
    lastError: { type: "string", description: "why the last round found no server" },
    ntpServers: { type: "array", items: { type: "string" } },
    intervalS: { type: "integer" },
  },
};

export const timeDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/time",
    tag: "system",
    summary: "The box's time, where it comes from, and the NTP settings",
    access: ["admin", "operator"],
    responses: { "200": { description: "the clock", schema: TIME_SCHEMA } },
  },
  {
    method: "put",
    path: "/time",
    tag: "system",
    summary: "NTP servers (in order; none turns NTP off) and interval; asked at once",
    access: ["admin"],
    requestBody: TIME_SETTINGS,
    responses: {
      "200": { description: "the clock after asking", schema: TIME_SCHEMA },
      "400": "a bad server name or interval (the field is named)",
    },
  },
  {
    method: "post",
    path: "/time/sync",
    tag: "system",
    summary: "Asks the NTP servers now",
    access: ["admin"],
    responses: { "200": { description: "the clock after asking", schema: TIME_SCHEMA } },
  },
];

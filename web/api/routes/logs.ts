// The box's own log for the admin (the manual's 系统日志): recent lines searched by level,
// category and text; the kept files downloaded; the level every logger writes at changed
// while the box runs (until the next start, which takes --log-level again).
import { Hono } from "hono";
import { z } from "zod";
import type { LogLevel } from "../../../firmware/log/log-output.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { oneOf, whole } from "../query-params.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, LogsFacade } from "../services.ts";

/** The levels, least severe first (the firmware's own list is not importable from here). */
const LOG_LEVELS = ["debug", "info", "warn", "error"] as const satisfies readonly LogLevel[];

const LEVEL = z.strictObject({ level: z.enum(LOG_LEVELS) });

function logsOf(services: ApiServices): LogsFacade {
  if (!services.logs) throw new ApiError(503, "unavailable", "the log is not ready");
  return services.logs;
}

/** GET /logs, GET /logs/download, GET and PUT /logs/level. */
export function logRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const admin = requireAccess(["admin"]);
  app.get("/", admin, (c) => {
    const level = c.req.query("level");
    const category = c.req.query("category") || undefined;
    const text = c.req.query("q") || undefined;
    const lines = logsOf(services).recent({
      ...(level ? { level: oneOf("level", level, LOG_LEVELS) } : {}),
      ...(category ? { category } : {}),
      ...(text ? { text } : {}),
      limit: whole(c, "limit", 1, 1000) ?? 200,
    });
    return c.json({ level: logsOf(services).level(), lines });
  });
  app.get("/download", admin, (c) => {
    const day = new Date().toISOString().slice(0, 10);
    return c.body(logsOf(services).download(), 200, {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="pbx-log-${day}.log"`,
    });
  });
  app.get("/level", admin, (c) => c.json({ level: logsOf(services).level() }));
  app.put("/level", admin, async (c) => {
    const { level } = await readBody(c, LEVEL);
    const logs = logsOf(services);
    const principal = c.get("auth")!.principal;
    const by = principal.kind === "account" ? principal.username : principal.number;
    // Said at the old level and the new one alike: the line that explains a change of volume.
    services.logger?.info?.("api: log level changed", { from: logs.level(), to: level, by });
    logs.setLevel(level);
    return c.json({ level });
  });
  return app;
}

const RECORD_SCHEMA = {
  type: "object",
  properties: {
    time: { type: "string", format: "date-time" },
    level: { type: "string", enum: [...LOG_LEVELS] },
    category: { type: "string", description: 'the part of the box, e.g. "sip.core"' },
    message: { type: "string" },
  },
  additionalProperties: true,
};
const LEVEL_SCHEMA = {
  type: "object",
  properties: { level: { type: "string", enum: [...LOG_LEVELS] } },
};

export const logDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/logs",
    tag: "system",
    summary: "Recent log lines, newest first, with the level the box logs at",
    access: ["admin"],
    query: [
      {
        name: "level",
        type: "string",
        description: "the lowest level shown (debug, info, warn, error)",
      },
      {
        name: "category",
        type: "string",
        description: 'a part of the box and what is under it ("sip")',
      },
      { name: "q", type: "string", description: "text anywhere in the line" },
      {
        name: "limit",
        type: "integer",
        description: "lines (default 200)",
        minimum: 1,
        maximum: 1000,
      },
    ],
    responses: {
      "200": {
        description: "the lines",
        schema: {
          type: "object",
          properties: {
            level: LEVEL_SCHEMA.properties.level,
            lines: { type: "array", items: RECORD_SCHEMA },
          },
        },
      },
      "400": "a bad filter (the field is named)",
    },
  },
  {
    method: "get",
    path: "/logs/download",
    tag: "system",
    summary: "The kept log files, oldest first (JSON lines)",
    access: ["admin"],
    responses: { "200": fileResponse("the log", "text/plain") },
  },
  {
    method: "get",
    path: "/logs/level",
    tag: "system",
    summary: "The level the box logs at",
    access: ["admin"],
    responses: { "200": { description: "the level", schema: LEVEL_SCHEMA } },
  },
  {
    method: "put",
    path: "/logs/level",
    tag: "system",
    summary: "Change the level the box logs at, until its next start",
    access: ["admin"],
    requestBody: LEVEL,
    responses: {
      "200": { description: "the level now", schema: LEVEL_SCHEMA },
      "400": "not a level",
    },
  },
];

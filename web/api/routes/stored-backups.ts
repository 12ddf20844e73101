// SPEC DEV-7: the box's own backups, admin only: the schedule (GET/PUT /backup/schedule, with
// the last run's result), "back up now" (POST /backup/run), and the kept files
// (GET /backup/stored, download, delete, and POST .../check, which checks a kept backup as an
// upload is checked and answers the same dry run and token for POST /backup/restore).
import { copyFileSync } from "node:fs";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { oneOf } from "../query-params.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, StoredBackupsFacade } from "../services.ts";

const PLACES = ["internal", "usb"] as const;

const SCHEDULE = z.strictObject({
  enabled: z.boolean(),
  frequency: z.enum(["daily", "weekly"]),
  weekday: field.whole(0, 6).describe("for weekly: 0 = Sunday ... 6 = Saturday"),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "is not a time HH:MM")
    .describe("24-hour, in the box's time zone"),
  place: z.enum(PLACES).describe('"usb": the USB stick, or the box when none is in'),
  keep: field.whole(1, 30).describe("how many backups of that place are kept"),
  voiceFiles: z.boolean(),
  records: z.boolean(),
});
const RUN = z.strictObject({ place: z.enum(PLACES) });

function storedOf(services: ApiServices): StoredBackupsFacade {
  if (!services.storedBackups) throw new ApiError(503, "unavailable", "backup is not ready");
  return services.storedBackups;
}

/** /backup/schedule, /backup/run, /backup/stored/... */
export function storedBackupRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(["admin"]));
  const view = () => {
    const stored = storedOf(services);
    return { schedule: stored.schedule(), last: stored.lastResult() };
  };
  app.get("/schedule", (c) => c.json(view()));
  app.put("/schedule", async (c) => {
    storedOf(services).setSchedule(await readBody(c, SCHEDULE));
    return c.json(view());
  });
  app.post("/run", async (c) => {
    const { place } = await readBody(c, RUN);
    const result = storedOf(services).runNow(place);
    if (!result.ok) throw new ApiError(500, "backup_failed", result.message ?? "backup failed");
    return c.json(result, 201);
  });
  app.get("/stored", (c) => c.json({ items: storedOf(services).list() }));
  const kept = (c: { req: { param(name: string): string } }) => {
    const place = oneOf("place", c.req.param("place"), PLACES);
    const name = c.req.param("name");
    const path = storedOf(services).pathOf(place, name);
    if (!path) throw new ApiError(404, "not_found", `no kept backup ${name} on ${place}`);
    return { place, name, path };
  };
  app.get("/stored/:place/:name", (c) => {
    const { name, path } = kept(c);
    const file = Bun.file(path);
    return new Response(file, {
      headers: {
        "Content-Type": "application/x-tar",
        "Content-Length": String(file.size),
        "Content-Disposition": `attachment; filename="${name}"`,
        "Cache-Control": "no-store",
      },
    });
  });
  app.delete("/stored/:place/:name", (c) => {
    const { place, name } = kept(c);
    storedOf(services).delete(place, name);
    return c.body(null, 204);
  });
  app.post("/stored/:place/:name/check", async (c) => {
    const { path } = kept(c);
    if (!services.backup) throw new ApiError(503, "unavailable", "backup is not ready");
    const checked = await services.backup.check(async (to) => copyFileSync(path, to));
    if (!checked.ok) throw new ApiError(400, checked.error.code, checked.error.message, "name");
    return c.json(checked.value);
  });
  return app;
}

const SCHEDULE_VIEW = {
  type: "object",
  properties: {
    schedule: SCHEDULE,
    last: {
      type: ["object", "null"],
      description: "the last backup the box made by itself or by run",
      properties: {
        atMs: { type: "integer" },
        ok: { type: "boolean" },
        trigger: { type: "string", enum: ["schedule", "now"] },
        place: { type: "string", enum: [...PLACES] },
        name: { type: "string" },
        bytes: { type: "integer" },
        message: { type: "string" },
      },
    },
  },
};
const STORED = {
  type: "object",
  properties: {
    place: { type: "string", enum: [...PLACES] },
    name: { type: "string" },
    bytes: { type: "integer" },
    modifiedAtMs: { type: "number" },
  },
};

export const storedBackupDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/backup/schedule",
    tag: "system",
    summary: "When the box backs itself up, and how the last one went",
    access: ["admin"],
    responses: { "200": { description: "the schedule", schema: SCHEDULE_VIEW } },
  },
  {
    method: "put",
    path: "/backup/schedule",
    tag: "system",
    summary: "Set when the box backs itself up, where to, and how many it keeps",
    access: ["admin"],
    requestBody: SCHEDULE,
    responses: {
      "200": { description: "the schedule", schema: SCHEDULE_VIEW },
      "400": "a bad field (named)",
    },
  },
  {
    method: "post",
    path: "/backup/run",
    tag: "system",
    summary: "Back up now to the box or the USB stick, with the schedule's contents",
    access: ["admin"],
    requestBody: RUN,
    responses: {
      "201": { description: "the backup kept", schema: SCHEDULE_VIEW.properties.last },
      "500": "the backup could not be written (the reason is said)",
    },
  },
  {
    method: "get",
    path: "/backup/stored",
    tag: "system",
    summary: "The backups the box keeps, newest first",
    access: ["admin"],
    responses: {
      "200": {
        description: "the kept backups",
        schema: { type: "object", properties: { items: { type: "array", items: STORED } } },
      },
    },
  },
  {
    method: "get",
    path: "/backup/stored/{place}/{name}",
    tag: "system",
    summary: "Download a kept backup",
    access: ["admin"],
    responses: {
      "200": fileResponse("the backup", "application/x-tar"),
      "404": "no such backup there",
    },
  },
  {
    method: "delete",
    path: "/backup/stored/{place}/{name}",
    tag: "system",
    summary: "Delete a kept backup",
    access: ["admin"],
    responses: { "204": "deleted", "404": "no such backup there" },
  },
  {
    method: "post",
    path: "/backup/stored/{place}/{name}/check",
    tag: "system",
    summary:
      "Check a kept backup and show what restoring it would change (then POST /backup/restore)",
    access: ["admin"],
    responses: {
      "200": { description: "the dry run and its token", schema: { type: "object" } },
      "400": "not a backup this box can restore (the reason is said)",
      "404": "no such backup there",
    },
  },
];

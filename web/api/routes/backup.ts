// SPEC DEV-7: backup and restore of the configuration, admin only. GET /backup downloads one
// file (the configuration; `voiceFiles=true` and `records=true` add those). A restore is two
// steps: POST /backup/restore/check takes the file (multipart, field "file"), checks it and
// answers the dry run with a token, changing nothing; POST /backup/restore {token} restores
// exactly that file: the box answers 202 and restarts onto it.
import { closeSync, openSync, writeSync } from "node:fs";
import type { Context } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { readMultipartFile } from "../multipart-file.ts";
import { API_BASE } from "../openapi-document.ts";
import { oneOf } from "../query-params.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, BackupFacade } from "../services.ts";

const ADMIN = ["admin"] as const;
/** A backup with recordings can be large; the file goes to disk, not to memory, once read. */
export const MAX_BACKUP_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

const RESTORE = z.strictObject({
  token: z.string().min(1).max(64).describe("from POST /backup/restore/check"),
});

/** The restore upload gets its own body limit and no JSON key guard (create-api.ts). */
export function isBackupUploadPath(path: string): boolean {
  const rest = path.startsWith(API_BASE) ? path.slice(API_BASE.length) : path;
  return /^\/backup\/restore\/check\/?$/.test(rest);
}

function backupOf(services: ApiServices): BackupFacade {
  if (!services.backup) throw new ApiError(503, "unavailable", "backup is not ready");
  return services.backup;
}

function flag(c: Context<ApiEnv>, name: string): boolean {
  const raw = c.req.query(name);
  return raw !== undefined && oneOf(name, raw, ["true", "false"]) === "true";
}

const RAW_TYPES = ["application/x-tar", "application/octet-stream"];

/**
 * Writes the uploaded backup to `path`: a raw body (application/x-tar, as the page sends it)
 * streams to disk; a multipart form's "file" (curl -F) is read whole first. Other fields and
 * media types are refused naming the file.
 */
async function saveUpload(c: Context<ApiEnv>, path: string): Promise<void> {
  const type = (c.req.header("Content-Type") ?? "").split(";")[0]?.trim() ?? "";
  if (RAW_TYPES.includes(type)) {
    if (!c.req.raw.body) throw new ApiError(400, "invalid", "file is required", "file");
    await streamToFile(c.req.raw.body, path);
    return;
  }
  const { file } = await readMultipartFile(
    c,
    [],
    'send the backup as application/x-tar, or as multipart/form-data in a field named "file"',
  );
  await Bun.write(path, file);
}

/** Writes the request body to `path` chunk by chunk as it arrives. */
async function streamToFile(body: ReadableStream<Uint8Array>, path: string): Promise<void> {
  const fd = openSync(path, "w");
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let at = 0;
      while (at < value.length) at += writeSync(fd, value, at, value.length - at);
    }
  } finally {
    closeSync(fd);
    reader.releaseLock();
  }
}

/** /backup, /backup/restore/check, /backup/restore. */
export function backupRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));

  app.get("/", (c) => {
    const include = { voiceFiles: flag(c, "voiceFiles"), records: flag(c, "records") };
    const backup = backupOf(services).download(include);
    services.logger?.info?.("backup downloaded", { ...include, bytes: backup.bytes });
    return new Response(backup.stream, {
      headers: {
        "Content-Type": "application/x-tar",
        "Content-Length": String(backup.bytes),
        "Content-Disposition": `attachment; filename="${backup.fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  });

  const limit = bodyLimit({
    maxSize: MAX_BACKUP_UPLOAD_BYTES,
    onError: () => {
      throw new ApiError(413, "too_large", "file is larger than a backup can be (2 GB)", "file");
    },
  });
  app.post("/restore/check", limit, async (c) => {
    const checked = await backupOf(services).check((path) => saveUpload(c, path));
    if (!checked.ok) {
      const { code, message } = checked.error;
      throw new ApiError(400, code, `file: ${message}`, "file");
    }
    return c.json(checked.value);
  });

  app.post("/restore", async (c) => {
    const body = await readBody(c, RESTORE);
    const restored = backupOf(services).restore(body.token);
    if (!restored.ok) throw new ApiError(404, restored.error.code, restored.error.message, "token");
    services.logger?.info?.("restore committed; restarting", { ...restored.value.contents });
    return c.json({ restoring: true, restart: true, contents: restored.value.contents }, 202);
  });
  return app;
}

const REPORT_SCHEMA = {
  type: "object",
  properties: {
    token: { type: "string" },
    manifest: {
      type: "object",
      description:
        "format, firmwareVersion, board, model, schema (migrations), createdAtMs, contents",
    },
    migrated: {
      type: "array",
      items: { type: "string" },
      description: "migrations run on the backup",
    },
    report: {
      type: "object",
      properties: {
        areas: {
          type: "array",
          items: {
            type: "object",
            properties: {
              area: { type: "string" },
              added: { type: "array", items: { type: "string" } },
              removed: { type: "array", items: { type: "string" } },
              changed: { type: "array", items: { type: "object" } },
            },
          },
        },
        keptFromBox: { type: "array", items: { type: "string" } },
        differences: { type: "integer" },
      },
    },
  },
};

export const backupDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/backup",
    tag: "system",
    summary: "Download a backup (?voiceFiles=true and ?records=true add those)",
    access: ADMIN,
    query: [
      {
        name: "voiceFiles",
        type: "string",
        description: "true: music on hold and custom prompts too",
      },
      {
        name: "records",
        type: "string",
        description: "true: call records, recordings, billing ledger too",
      },
    ],
    responses: {
      "200": fileResponse("the backup (ustar)", "application/x-tar"),
      "400": "a flag is not true or false",
    },
  },
  {
    method: "post",
    path: "/backup/restore/check",
    tag: "system",
    summary:
      "Upload a backup (multipart, field file): checks it and reports what a restore would change, changing nothing",
    access: ADMIN,
    requestBody: {
      type: "string",
      contentMediaType: "application/x-tar",
      description: 'the backup file; or multipart/form-data with it in a field named "file"',
    },
    requestBodyType: "application/x-tar",
    responses: {
      "200": { description: "the dry run and the token to restore it", schema: REPORT_SCHEMA },
      "400": "not a whole backup, from another board, or from newer firmware (code says which)",
      "413": "larger than a backup can be",
      "415": "neither application/x-tar nor multipart/form-data",
    },
  },
  {
    method: "post",
    path: "/backup/restore",
    tag: "system",
    summary: "Restore the checked backup and restart onto it",
    access: ADMIN,
    requestBody: RESTORE,
    responses: {
      "202": {
        description: "committed; the box restarts onto the restored configuration",
        schema: {
          type: "object",
          properties: { restoring: { const: true }, restart: { const: true } },
        },
      },
      "404": "no checked backup has this token",
    },
  },
];

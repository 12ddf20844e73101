// SPEC DEV-4: firmware updates (admin only). The bundle comes as the request body of
// POST /firmware/upload (application/octet-stream, streamed to the data volume, never into a
// slot) or from a URL; it is verified before anything is written, installed into the slot not
// booted, and the box reboots into it once no call is in progress (`?reboot=false` leaves the
// reboot to POST /firmware/reboot; `{"now": true}` does not wait for calls).
import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { API_BASE } from "../openapi-document.ts";
import { oneOf } from "../query-params.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, FirmwareFacade, FirmwareOutcome } from "../services.ts";

const ADMIN = ["admin"] as const;
const BOOLEANS = ["true", "false"] as const;

/** The upload path streams its body: no JSON limit or key guard (create-api.ts). */
export function isFirmwareUploadPath(path: string): boolean {
  const rest = path.startsWith(API_BASE) ? path.slice(API_BASE.length) : path;
  return /^\/firmware\/upload\/?$/.test(rest);
}

const INSTALL_URL = z.strictObject({
  url: z
    .string()
    .max(2048)
    .regex(/^https?:\/\/[^\s]+$/, "must be an http:// or https:// address")
    .describe("where the box downloads the bundle from"),
  force: z.boolean().describe("install even an older version").optional(),
  reboot: z
    .boolean()
    .describe("reboot into it once no call is in progress (default true)")
    .optional(),
});
const REBOOT = z.strictObject({
  now: z.boolean().describe("reboot even while calls are in progress").optional(),
});

const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  busy: 409,
  "on-trial": 409,
  "too-large": 413,
  "write-failed": 500,
  unreachable: 502,
};

function firmwareOf(services: ApiServices): FirmwareFacade {
  if (!services.firmware) throw new ApiError(503, "unavailable", "the updater is not ready");
  return services.firmware;
}

function installed(c: Context<ApiEnv>, outcome: FirmwareOutcome) {
  if (outcome.ok) return c.json(outcome.value, 201);
  const { code, field, message } = outcome.error;
  throw new ApiError(STATUS_OF_CODE[code] ?? 400, code, message, field);
}

const flag = (c: Context<ApiEnv>, name: string, fallback: boolean): boolean => {
  const value = c.req.query(name);
  return value === undefined ? fallback : oneOf(name, value, BOOLEANS) === "true";
};

/** /firmware: the slots, upload, install from a URL, reboot. */
export function firmwareRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  app.get("/", (c) => c.json(firmwareOf(services).status()));
  app.post("/upload", async (c) => {
    const type = c.req.header("Content-Type") ?? "";
    if (type.startsWith("multipart/") || type.startsWith("application/json"))
      throw new ApiError(
        415,
        "invalid",
        "send the bundle itself as application/octet-stream",
        "file",
      );
    const force = flag(c, "force", false);
    const reboot = flag(c, "reboot", true);
    const body = c.req.raw.body;
    if (!body)
      throw new ApiError(400, "invalid", "file is required: the bundle is the body", "file");
    return installed(c, await firmwareOf(services).upload(body, { force, reboot }));
  });
  app.post("/install-url", async (c) => {
    const body = await readBody(c, INSTALL_URL);
    const request = { force: body.force ?? false, reboot: body.reboot ?? true };
    return installed(c, await firmwareOf(services).installFromUrl(body.url, request));
  });
  app.post("/reboot", async (c) => {
    const body = await readBody(c, REBOOT);
    return c.json(firmwareOf(services).reboot({ now: body.now ?? false }), 202);
  });
  app.delete("/reboot", (c) => {
    if (!firmwareOf(services).cancelReboot())
      throw new ApiError(404, "not_found", "no reboot is waiting for calls to end");
    return c.body(null, 204);
  });
  return app;
}

const SLOT = {
  type: "object",
  properties: {
    slot: { enum: ["a", "b"] },
    version: { type: ["string", "null"] },
    booted: { type: "boolean" },
    good: { type: "boolean", description: "booted and passed its health check" },
    next: { type: "boolean", description: "the bootloader boots it next" },
    installedAtMs: { type: ["integer", "null"] },
  },
};
const RESULT = {
  type: ["object", "null"],
  properties: {
    outcome: {
      enum: ["installed", "refused", "write-failed", "good", "health-check-failed", "rolled-back"],
    },
    version: { type: ["string", "null"] },
    slot: { type: ["string", "null"] },
    message: { type: "string" },
    atMs: { type: "integer" },
  },
};
const STATUS = {
  type: "object",
  properties: {
    slots: { type: "array", items: SLOT },
    bootedSlot: { enum: ["a", "b"] },
    onTrial: {
      type: "boolean",
      description: "the booted slot has not passed its health check yet",
    },
    bootCount: { type: "integer" },
    bootLimit: { type: "integer" },
    rebootPending: {
      type: ["object", "null"],
      properties: { waitingForCalls: { type: "integer" } },
    },
    lastResult: RESULT,
  },
};
const INSTALLED = {
  description: "written to the slot not booted, which the bootloader boots next",
  schema: {
    type: "object",
    properties: {
      slot: { enum: ["a", "b"] },
      version: { type: "string" },
      reboot: { type: ["object", "null"], properties: { waitingForCalls: { type: "integer" } } },
    },
  },
};
const REFUSED =
  "refused before anything was written: not-a-bundle, bad-signature, bad-manifest, wrong-board, downgrade, bad-payload, incomplete (the field is named)";

export const firmwareDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/firmware",
    tag: "system",
    summary: "Both firmware slots, which one is booted and good, and the last update's result",
    access: ADMIN,
    responses: { "200": { description: "the slots", schema: STATUS } },
  },
  {
    method: "post",
    path: "/firmware/upload",
    tag: "system",
    summary: "Install a firmware bundle sent as the body",
    access: ADMIN,
    requestBody: { type: "string", format: "binary" },
    requestBodyType: "application/octet-stream",
    query: [
      { name: "force", type: "string", description: "true: install even an older version" },
      { name: "reboot", type: "string", description: "false: do not reboot into it yet" },
    ],
    responses: {
      "201": INSTALLED,
      "400": REFUSED,
      "409": "another update is being installed (busy), or the running firmware is on trial",
      "413": "larger than the bundle limit",
      "415": "not sent as application/octet-stream",
    },
  },
  {
    method: "post",
    path: "/firmware/install-url",
    tag: "system",
    summary: "Download a firmware bundle and install it",
    access: ADMIN,
    requestBody: INSTALL_URL,
    responses: {
      "201": INSTALLED,
      "400": REFUSED,
      "409": "another update is being installed",
      "502": "the address could not be fetched",
    },
  },
  {
    method: "post",
    path: "/firmware/reboot",
    tag: "system",
    summary: "Reboot, once no call is in progress unless now is true",
    access: ADMIN,
    requestBody: REBOOT,
    responses: {
      "202": {
        description: "rebooting, or waiting for the calls counted",
        schema: { type: "object", properties: { waitingForCalls: { type: "integer" } } },
      },
    },
  },
  {
    method: "delete",
    path: "/firmware/reboot",
    tag: "system",
    summary: "Withdraw a reboot waiting for calls to end",
    access: ADMIN,
    responses: { "204": "withdrawn", "404": "none was waiting" },
  },
];

// SPEC DEV-5: the USB stick on the settings page: whether one is mounted, its size and free
// space, whether new recordings and new voicemail messages go to it, and the safe eject that finishes what is being
// written before the stick is pulled.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, StorageFacade } from "../services.ts";

const TARGETS = ["usb", "internal"] as const;
const STORAGE = z.strictObject({
  recordingsTo: z
    .enum(TARGETS)
    .optional()
    .describe('"usb": new recordings go to the stick while one is mounted; "internal": never'),
  voicemailTo: z
    .enum(TARGETS)
    .optional()
    .describe(
      '"usb": new voicemail messages go to the stick while one is mounted (default "internal")',
    ),
});

function storageOf(services: ApiServices): StorageFacade {
  if (!services.storage) throw new ApiError(503, "unavailable", "storage is not ready");
  return services.storage;
}

/** GET/PUT /storage, POST /storage/usb/eject. */
export function storageRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const staff = requireAccess(["admin", "operator"]);
  const admin = requireAccess(["admin"]);
  app.get("/", staff, (c) => c.json(storageOf(services).view()));
  app.put("/", admin, async (c) => {
    return c.json(storageOf(services).setTargets(await readBody(c, STORAGE)));
  });
  app.post("/usb/eject", admin, async (c) => {
    const ejected = await storageOf(services).eject();
    if (!ejected.ok) throw new ApiError(409, "not-ejected", ejected.message);
    return c.json(storageOf(services).view());
  });
  return app;
}

const VIEW_SCHEMA = {
  type: "object",
  properties: {
    usb: {
      type: ["object", "null"],
      properties: {
        device: { type: "string" },
        mountPoint: { type: "string" },
        sizeBytes: { type: "integer" },
        freeBytes: { type: "integer" },
        fsType: { type: "string" },
      },
    },
    recordingsTo: { type: "string", enum: [...TARGETS] },
    voicemailTo: { type: "string", enum: [...TARGETS] },
  },
};

export const storageDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/storage",
    tag: "system",
    summary: "The USB stick (null when none is mounted) and where new recordings and voicemail go",
    access: ["admin", "operator"],
    responses: { "200": { description: "the storage", schema: VIEW_SCHEMA } },
  },
  {
    method: "put",
    path: "/storage",
    tag: "system",
    summary:
      "Whether new recordings and new voicemail messages go to the USB stick while one is mounted",
    access: ["admin"],
    requestBody: STORAGE,
    responses: {
      "200": { description: "the storage", schema: VIEW_SCHEMA },
      "400": "not usb or internal",
    },
  },
  {
    method: "post",
    path: "/storage/usb/eject",
    tag: "system",
    summary: "Finishes writing to the USB stick and unmounts it, so it can be pulled",
    access: ["admin"],
    responses: {
      "200": { description: "ejected; the storage now", schema: VIEW_SCHEMA },
      "409": "no stick is mounted, or it could not be unmounted",
    },
  },
];

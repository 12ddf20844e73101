// SPEC DEV-6: the admin points the box at the vendor's MQTT broker and sees whether it is
// connected. The password and the client key are write-only: reads say only whether they are set.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, TelemetryFacade } from "../services.ts";

/** A host name or address, or "" for none. */
const HOST_OR_EMPTY = /^$|^[A-Za-z0-9]([A-Za-z0-9.:-]{0,252})$/;
const PEM = /^$|^-----BEGIN [A-Z0-9 ]+-----[\s\S]+-----END [A-Z0-9 ]+-----\s*$/;

const TELEMETRY = z.strictObject({
  enabled: z.boolean(),
  host: z.string().regex(HOST_OR_EMPTY, "is not a host name or address"),
  port: field.whole(1, 65535),
  tls: z.boolean(),
  username: field.text(254).optional(),
  password: z.string().max(254).describe("omit to keep the stored one").optional(),
  caCertificate: z.string().max(16_384).regex(PEM, "is not a PEM certificate").optional(),
  clientCertificate: z.string().max(16_384).regex(PEM, "is not a PEM certificate").optional(),
  clientKey: z
    .string()
    .max(16_384)
    .regex(PEM, "is not a PEM key")
    .describe("omit to keep the stored one")
    .optional(),
  boxId: field
    .text(64, /^$|^[A-Za-z0-9_-]+$/, "may hold only letters, digits, - and _")
    .describe('the name in every topic, pbx/<box id>/...; "" for the host name')
    .optional(),
  healthIntervalS: field.whole(1, 86_400).optional(),
  remoteCommands: z
    .boolean()
    .describe("act on commands signed with the vendor's key on pbx/<box id>/command")
    .optional(),
});

function telemetryOf(services: ApiServices): TelemetryFacade {
  if (!services.telemetry) throw new ApiError(503, "unavailable", "telemetry is not ready");
  return services.telemetry;
}

/** GET/PUT /settings/telemetry. */
export function telemetrySettingsRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const admin = requireAccess(["admin"]);
  app.get("/", admin, (c) => c.json(telemetryOf(services).view()));
  app.put("/", admin, async (c) => {
    const body = await readBody(c, TELEMETRY);
    if (body.enabled && body.host === "") {
      throw new ApiError(400, "invalid", "host is needed to turn telemetry on", "host");
    }
    if ((body.clientCertificate ?? "") !== "" && body.clientKey === undefined) {
      const stored = telemetryOf(services).view();
      if (!stored.clientKeySet) {
        throw new ApiError(400, "invalid", "clientKey is needed with a certificate", "clientKey");
      }
    }
    const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    return c.json(await telemetryOf(services).configure(patch));
  });
  return app;
}

const VIEW_SCHEMA = {
  type: "object",
  properties: {
    enabled: { type: "boolean" },
    host: { type: "string" },
    port: { type: "integer" },
    tls: { type: "boolean" },
    username: { type: "string" },
    passwordSet: { type: "boolean" },
    caCertificate: { type: "string" },
    clientCertificate: { type: "string" },
    clientKeySet: { type: "boolean" },
    boxId: { type: "string" },
    healthIntervalS: { type: "integer" },
    remoteCommands: { type: "boolean" },
    status: {
      type: "object",
      properties: {
        connected: { type: "boolean" },
        lastError: { type: ["string", "null"] },
        queued: { type: "integer" },
        dropped: { type: "integer" },
      },
    },
  },
};

export const telemetrySettingsDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/settings/telemetry",
    tag: "settings",
    summary: "The MQTT telemetry broker (password and key never shown) and the link's state",
    access: ["admin"],
    responses: { "200": { description: "the telemetry settings", schema: VIEW_SCHEMA } },
  },
  {
    method: "put",
    path: "/settings/telemetry",
    tag: "settings",
    summary: "Set the MQTT telemetry broker and reconnect",
    access: ["admin"],
    requestBody: TELEMETRY,
    responses: {
      "200": { description: "the telemetry settings", schema: VIEW_SCHEMA },
      "400": "bad input (the field is named)",
    },
  },
];

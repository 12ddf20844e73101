// SPEC PROV-2: the operator's claim list of phones: found by PnP or typed by MAC, each with
// the accounts, BLF keys, call waiting and idle text assigned to it, and who assigned them
// when. Admins and operators only. The phones' own side (their files) is provisioning-files.ts.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, ProvisioningFacade } from "../services.ts";

const STAFF = ["admin", "operator"] as const;
const EXTENSION = z.string().regex(/^[0-9]{1,16}$/, "an extension number");
const MAC = z
  .string()
  .regex(/^([0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$/, "12 hex digits, colons or dashes allowed");

const CLAIM = z.strictObject({
  mac: MAC,
  vendor: z
    .string()
    .max(32)
    .describe("yealink, grandstream, snom, fanvil, cisco, htek, escene, akuvox, mocet or box"),
  model: z.string().max(64).optional(),
});

const ASSIGN = z.strictObject({
  lines: z.array(EXTENSION).min(1).max(4).describe("extension numbers, account 1 first"),
  blfKeys: z
    .array(
      z.strictObject({
        extension: EXTENSION,
        label: z.string().max(32).default(""),
        line: z.int().min(1).max(4).default(1).describe("the account the key watches through"),
      }),
    )
    .max(28)
    .default([]),
  speedDials: z
    .array(
      z.strictObject({
        number: z.string().regex(/^[0-9*#+]{1,32}$/, "1-32 digits, * # or +"),
        label: z.string().max(32).default(""),
        line: z.int().min(1).max(4).default(1).describe("the account the key dials from"),
      }),
    )
    .max(28)
    .default([])
    .describe("keys after the BLF keys; BLF keys and speed dials are 28 at most together"),
  idleText: z.string().max(32).default("").describe("shown on the idle screen"),
  callWaiting: z.boolean().default(true),
  httpUser: z.string().max(64).default("").describe("HTTP digest user for the file; empty: none"),
  httpPassword: z.string().max(64).optional().describe("write-only; absent keeps the stored one"),
});

const SETTINGS = z.strictObject({
  pnp: z.boolean().optional().describe("answer PnP SUBSCRIBEs (quick codes are refused while on)"),
  multicast: z.boolean().optional().describe("also listen on 224.0.1.75:5060"),
});

const PHONE_SCHEMA = {
  type: "object",
  properties: {
    mac: { type: "string", description: "12 lower-case hex digits" },
    vendor: { type: "string" },
    model: { type: "string" },
    firmware: { type: "string" },
    address: { type: "string", description: "where PnP heard it" },
    source: { enum: ["pnp", "manual"] },
    maxLines: { type: "integer" },
    lines: { type: "array", items: { type: "string" } },
    blfKeys: { type: "array", items: { type: "object" } },
    speedDials: { type: "array", items: { type: "object" } },
    idleText: { type: "string" },
    callWaiting: { type: "boolean" },
    httpUser: { type: "string" },
    hasHttpPassword: { type: "boolean" },
    assigned: { type: "boolean" },
    assignedBy: { type: ["string", "null"] },
    assignedAt: { type: ["string", "null"] },
    discoveredAt: { type: ["string", "null"] },
    lastFetchAt: { type: ["string", "null"] },
  },
};

export function provisioningOf(services: ApiServices): ProvisioningFacade {
  if (!services.provisioning) throw new ApiError(503, "unavailable", "provisioning is not ready");
  return services.provisioning;
}

function macOf(c: Context<ApiEnv>): string {
  const raw = c.req.param("mac") ?? "";
  if (!MAC.safeParse(raw).success) throw notFound("such phone");
  return raw;
}

/** /phones: the claim list; /provisioning/settings: PnP on or off. */
export function phoneRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  app.get("/", (c) => {
    const provisioning = provisioningOf(services);
    return c.json({
      items: provisioning.phones.list(),
      vendors: provisioning.vendors,
      settings: provisioning.settings(),
      url: provisioning.url(),
    });
  });
  app.post("/", async (c) => {
    const body = await readBody(c, CLAIM);
    return c.json(unwrap(provisioningOf(services).phones.claim(body)), 201);
  });
  app.get("/:mac", (c) => {
    const phone = provisioningOf(services).phones.get(macOf(c));
    if (!phone) throw notFound("such phone");
    const { httpPassword: _secret, ...view } = phone;
    return c.json(view);
  });
  app.put("/:mac/assignment", async (c) => {
    const mac = macOf(c);
    const body = await readBody(c, ASSIGN);
    const principal = c.get("auth")!.principal;
    const by = principal.kind === "account" ? principal.username : principal.number;
    return c.json(unwrap(provisioningOf(services).phones.assign(mac, body, by)));
  });
  app.delete("/:mac", (c) => {
    unwrap(provisioningOf(services).phones.remove(macOf(c)));
    return c.body(null, 204);
  });
  return app;
}

/** GET/PATCH /provisioning/settings. */
export function provisioningSettingsRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  app.get("/", (c) => c.json(provisioningOf(services).settings()));
  app.patch("/", async (c) => {
    const body = await readBody(c, SETTINGS);
    return c.json(provisioningOf(services).changeSettings(body));
  });
  return app;
}

const one = { description: "the phone", schema: PHONE_SCHEMA };
const SETTINGS_SCHEMA = {
  type: "object",
  properties: { pnp: { type: "boolean" }, multicast: { type: "boolean" } },
};

export const phoneDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/phones",
    tag: "provisioning",
    summary: "The claim list: phones found by PnP or typed by MAC, with what is assigned to each",
    access: STAFF,
    responses: {
      "200": {
        description: "every phone, the vendors served, PnP settings, the provisioning URL",
        schema: {
          type: "object",
          properties: {
            items: { type: "array", items: PHONE_SCHEMA },
            vendors: { type: "array", items: { type: "string" } },
            settings: SETTINGS_SCHEMA,
            url: { type: "string" },
          },
        },
      },
    },
  },
  {
    method: "post",
    path: "/phones",
    tag: "provisioning",
    summary: "Add a phone by its MAC and vendor",
    access: STAFF,
    requestBody: CLAIM,
    responses: { "201": one, "400": "a field is wrong (named)", "409": "already listed" },
  },
  {
    method: "get",
    path: "/phones/{mac}",
    tag: "provisioning",
    summary: "One phone",
    access: STAFF,
    responses: { "200": one, "404": "no such phone" },
  },
  {
    method: "put",
    path: "/phones/{mac}/assignment",
    tag: "provisioning",
    summary: "Assign accounts (1-2 or 1-4 by model), BLF keys, call waiting and idle text",
    access: STAFF,
    requestBody: ASSIGN,
    responses: { "200": one, "400": "a field is wrong (named)", "404": "no such phone" },
  },
  {
    method: "delete",
    path: "/phones/{mac}",
    tag: "provisioning",
    summary: "Remove a phone: it is served no file any more",
    access: STAFF,
    responses: { "204": "removed", "404": "no such phone" },
  },
  {
    method: "get",
    path: "/provisioning/settings",
    tag: "provisioning",
    summary: "PnP settings",
    access: STAFF,
    responses: { "200": { description: "the settings", schema: SETTINGS_SCHEMA } },
  },
  {
    method: "patch",
    path: "/provisioning/settings",
    tag: "provisioning",
    summary: "Turn PnP (and its multicast listener) on or off",
    access: STAFF,
    requestBody: SETTINGS,
    responses: {
      "200": { description: "the settings", schema: SETTINGS_SCHEMA },
      "400": "a field is wrong (named)",
    },
  },
];

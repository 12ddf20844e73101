// SPEC EXT-2 (IP extension fields), EXT-3 (bulk add), WEB-3 (operators manage extensions;
// an extension user sees and edits only its own, and only a few personal fields).
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, ExtensionRecord } from "../services.ts";
import { listExtensions, SORT_COLUMNS, type SortColumn } from "./extension-listing.ts";

// Every settable field of an extension, as JSON. The limits are firmware/extensions/extension-validation.ts's (which checks them again).
const NUMBER = z.string().regex(/^[1-9][0-9]{1,7}$/, "must be 2-8 digits, not starting with 0");
const CALLER_ID = field.text(21, /^$|^\+?[0-9]{1,20}$/, "must be digits, optionally after a +");
const CODECS = ["PCMU", "PCMA", "G722", "G729", "G726", "GSM", "iLBC", "opus"] as const;

export const EXTENSION_SETTINGS = z.strictObject({
  displayName: field.text(64).optional(),
  sipPassword: z
    .string()
    .min(4)
    .max(64)
    .regex(/^[A-Za-z0-9\-_$+!@#%.*]*$/, "may contain only letters, digits and - _ $ + ! @ # % . *")
    .describe("generated when omitted")
    .optional(),
  email: field.text(254, /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address").optional(),
  outboundCallerId: CALLER_ID.optional(),
  mohClass: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1-32 letters, digits, - or _")
    .optional(),
  mobile: field
    .text(21, /^$|^\+?[0-9]{3,20}$/, "must be a phone number (digits, optionally after a +)")
    .optional(),
  departmentId: field.idOrNull().optional(),
  dialPermission: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, "must be a dial permission class name")
    .optional(),
  language: z.enum(["", "zh", "en"]).describe('"" follows the box').optional(),
  voicemailEnabled: z.boolean().optional(),
  remoteExtension: z
    .boolean()
    .describe("needs a password of 6+ characters mixing letters, digits and symbols")
    .optional(),
  video: z.boolean().optional(),
  webLogin: z.boolean().optional(),
  mayBeMonitored: z.boolean().optional(),
  voicemailPin: field.text(8, /^$|^[0-9]{4,8}$/, "must be 4-8 digits").optional(),
  maxRegistrations: field.whole(1, 10).optional(),
  videoCodec: z.enum(["h264", "h263", "vp8"]).optional(),
  recording: z.enum(["none", "inbound", "outbound", "all"]).optional(),
  registrationExpiryS: field.whole(60, 86400).optional(),
  transport: z.enum(["udp", "tcp", "tls"]).optional(),
  dtmfMode: z.enum(["rfc4733", "info", "inband"]).optional(),
  srtp: z.boolean().optional(),
  qualify: z.boolean().optional(),
  codecs: z
    .array(z.enum(CODECS))
    .min(1)
    .max(CODECS.length)
    .describe("in order of preference, each at most once")
    .optional(),
});

const CREATE = EXTENSION_SETTINGS.extend({ number: NUMBER });

const BULK = EXTENSION_SETTINGS.omit({ outboundCallerId: true }).extend({
  startNumber: NUMBER,
  count: field.whole(1, 500),
  firstCallerId: CALLER_ID.optional(),
  callerIdMode: z.enum(["increment", "same"]).optional(),
});

/** Fields an extension user may change on its own extension. */
export const SELF_SERVICE_FIELDS = [
  "email",
  "mobile",
  "language",
  "voicemailEnabled",
  "voicemailPin",
] as const;

export const EXTENSION_SCHEMA = () => ({
  ...jsonSchemaOf(z.object({ number: z.string(), ...EXTENSION_SETTINGS.shape })),
  additionalProperties: true,
  description:
    "an IP extension, plus quickCode, createdAt and updatedAt; sipPassword and voicemailPin only in the answers to adding (GET .../secrets otherwise)",
});

const SECRETS_SCHEMA = {
  type: "object",
  required: ["number", "sipPassword", "voicemailPin"],
  properties: {
    number: { type: "string" },
    sipPassword: { type: "string" },
    voicemailPin: { type: "string" },
  },
};

const LISTED_SCHEMA = () => ({
  ...EXTENSION_SCHEMA(),
  description: "an IP extension with registrations: [{address, transport, userAgent, model}]",
});

const STAFF = ["admin", "operator"] as const;
/**
 * Who may read an extension's password and PIN: admins and operators (SPEC WEB-1/WEB-3, the
 * operator's manual: operators set up extensions and hand phones their password and quick
 * code), and an extension user its own (it logs in with that password and sets its PIN).
 */
const SECRET_READERS = [...STAFF, "extension"] as const;
type SecretField = "sipPassword" | "voicemailPin";

/** /extensions: list, add, bulk add, read, change, delete. */
export function extensionRoutes(services: ApiServices): Hono<ApiEnv> {
  const { extensions, sessions } = services;
  const app = new Hono<ApiEnv>();

  app.get("/", requireAccess(STAFF), (c) => {
    const offset = queryInt(c, "offset", 0);
    const limit = queryInt(c, "limit", 50);
    const page = listExtensions(services, {
      search: c.req.query("search"),
      offset,
      limit,
      ...sortOf(c),
    });
    return c.json({ ...page, items: page.items.map(withoutSecrets), offset, limit });
  });

  app.post("/", requireAccess(STAFF), async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(extensions.create(body)), 201);
  });

  app.post("/bulk", requireAccess(STAFF), async (c) => {
    const { startNumber, count, firstCallerId, callerIdMode, ...settings } = await readBody(
      c,
      BULK,
    );
    const items = unwrap(
      extensions.bulkAdd({ startNumber, count, firstCallerId, callerIdMode, settings }),
    );
    return c.json({ items }, 201);
  });

  app.get("/:number", requireAccess([...STAFF, "extension"]), (c) => {
    return c.json(withoutSecrets(visible(c, c.req.param("number"))));
  });

  // The password and PIN only on this explicit request, each read logged (never the values).
  app.get("/:number/secrets", requireAccess(SECRET_READERS), (c) => {
    const ext = visible(c, c.req.param("number"));
    const principal = c.get("auth")!.principal;
    services.logger?.info?.("api: extension secrets read", {
      by: principal.kind === "account" ? principal.username : `extension ${principal.number}`,
      role: principal.role,
      extension: ext.number,
    });
    return c.json({
      number: ext.number,
      sipPassword: ext.sipPassword,
      voicemailPin: ext.voicemailPin,
    });
  });

  app.patch("/:number", requireAccess([...STAFF, "extension"]), async (c) => {
    const number = c.req.param("number");
    visible(c, number);
    const body = await readBody(c, EXTENSION_SETTINGS);
    if (c.get("auth")!.principal.kind === "extension") {
      const allowed: readonly string[] = SELF_SERVICE_FIELDS;
      const field = Object.keys(body).find((f) => !allowed.includes(f));
      if (field !== undefined) {
        throw new ApiError(403, "forbidden", `${field} is set by the operator`, field);
      }
    }
    const updated = unwrap(extensions.update(number, body));
    if (body.sipPassword !== undefined) sessions.revokeAll({ kind: "extension", number });
    return c.json(withoutSecrets(updated));
  });

  app.delete("/:number", requireAccess(STAFF), (c) => {
    if (!extensions.delete(c.req.param("number"))) throw notFound("such extension");
    return c.body(null, 204);
  });

  /** The extension, if this party may see it: staff any, an extension user only its own. */
  function visible(c: Context<ApiEnv>, number: string): ExtensionRecord {
    const principal = c.get("auth")!.principal;
    if (principal.kind === "extension" && principal.number !== number) {
      throw forbidden("extension users see only their own extension");
    }
    const ext = extensions.get(number);
    if (!ext) throw notFound("such extension");
    return ext;
  }

  return app;
}

/** The extension as lists and reads show it: without its password and voicemail PIN. */
export function withoutSecrets<T extends ExtensionRecord>(ext: T): Omit<T, SecretField> {
  const { sipPassword: _password, voicemailPin: _pin, ...shown } = ext;
  return shown;
}

function queryInt(c: Context<ApiEnv>, name: string, fallback: number): number {
  const raw = c.req.query(name);
  if (raw === undefined) return fallback;
  if (!/^[0-9]{1,9}$/.test(raw)) {
    throw new ApiError(400, "invalid", `${name} must be a whole number`, name);
  }
  return Number(raw);
}

/** ?sort=column&order=asc|desc, or a 400 naming the parameter. */
function sortOf(c: Context<ApiEnv>): { sort?: SortColumn; descending?: boolean } {
  const sort = c.req.query("sort");
  const order = c.req.query("order");
  if (sort !== undefined && !(SORT_COLUMNS as readonly string[]).includes(sort)) {
    throw new ApiError(400, "invalid", `sort must be one of: ${SORT_COLUMNS.join(", ")}`, "sort");
  }
  if (order !== undefined && order !== "asc" && order !== "desc") {
    throw new ApiError(400, "invalid", "order must be asc or desc", "order");
  }
  return { sort: sort as SortColumn | undefined, descending: order === "desc" };
}

const one = { description: "the extension", schema: EXTENSION_SCHEMA };
const refusals = {
  "400": "bad input (the field is named)",
  "409":
    "number already in use: params.holder names what holds it (extension, FXS port, department, conference room, park slot, outbound prefix...)",
};

export const extensionDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/extensions",
    tag: "extensions",
    summary:
      "List extensions (numeric order unless sorted), each with its registrations (address, transport, User-Agent, phone model); search matches a number prefix, name or email",
    access: STAFF,
    query: [
      { name: "search", type: "string", description: "number prefix, or part of name or email" },
      { name: "offset", type: "integer", description: "default 0", minimum: 0 },
      { name: "limit", type: "integer", description: "default 50, at most 500", minimum: 0 },
      { name: "sort", type: "string", description: `one of ${SORT_COLUMNS.join(", ")}` },
      { name: "order", type: "string", description: "asc (default) or desc" },
    ],
    responses: {
      "200": {
        description: "a page",
        schema: {
          type: "object",
          properties: {
            items: { type: "array", items: LISTED_SCHEMA },
            total: { type: "integer" },
            offset: { type: "integer" },
            limit: { type: "integer" },
          },
        },
      },
    },
  },
  {
    method: "post",
    path: "/extensions",
    tag: "extensions",
    summary: "Add an extension",
    access: STAFF,
    requestBody: CREATE,
    responses: {
      "201": one,
      ...refusals,
      "409":
        "number already in use, or the box is at its extension cap (too_many, the message names it)",
      "507": "the box's storage is full (disk-full); nothing was added",
    },
  },
  {
    method: "post",
    path: "/extensions/bulk",
    tag: "extensions",
    summary: "Add count extensions from startNumber; caller IDs increment or stay the same",
    access: STAFF,
    requestBody: BULK,
    responses: {
      "201": {
        description: "the added extensions",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: EXTENSION_SCHEMA } },
        },
      },
      "400": "bad input",
      "409":
        "a number in the range is in use (the first one, its holder in params.holder), or the range would pass the extension cap (too_many)",
      "507": "the box's storage is full (disk-full); none of the range was added",
    },
  },
  {
    method: "get",
    path: "/extensions/{number}",
    tag: "extensions",
    summary: "One extension (extension users: only their own)",
    access: [...STAFF, "extension"],
    responses: { "200": one, "403": "another user's extension", "404": "no such extension" },
  },
  {
    method: "get",
    path: "/extensions/{number}/secrets",
    tag: "extensions",
    summary: "The extension's SIP password and voicemail PIN (each read is logged, not the values)",
    access: SECRET_READERS,
    responses: {
      "200": { description: "password and PIN", schema: SECRETS_SCHEMA },
      "403": "another user's extension",
      "404": "no such extension",
    },
  },
  {
    method: "patch",
    path: "/extensions/{number}",
    tag: "extensions",
    summary: `Change an extension (extension users: only ${SELF_SERVICE_FIELDS.join(", ")})`,
    access: [...STAFF, "extension"],
    requestBody: EXTENSION_SETTINGS,
    responses: { "200": one, ...refusals, "403": "a field or extension not yours to change" },
  },
  {
    method: "delete",
    path: "/extensions/{number}",
    tag: "extensions",
    summary: "Delete an extension",
    access: STAFF,
    responses: { "204": "deleted", "404": "no such extension" },
  },
];

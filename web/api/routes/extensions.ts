// SPEC EXT-2 (IP extension fields), EXT-3 (bulk add), WEB-3 (operators manage extensions;
// an extension user sees and edits only its own, and only a few personal fields).
import { type Context, Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, ExtensionRecord } from "../services.ts";
import { listExtensions, SORT_COLUMNS, type SortColumn } from "./extension-listing.ts";

/** Every settable field of an extension, as JSON. */
export const EXTENSION_SETTINGS = {
  displayName: { kind: "string" },
  sipPassword: {
    kind: "string",
    description: "4-64 of letters, digits and - _ $ + ! @ # % . * ; generated when omitted",
  },
  email: { kind: "string" },
  outboundCallerId: { kind: "string" },
  mohClass: { kind: "string" },
  mobile: { kind: "string" },
  departmentId: { kind: "integer-or-null" },
  dialPermission: { kind: "string" },
  language: { kind: "string", enum: ["", "zh", "en"], description: '"" follows the box' },
  voicemailEnabled: { kind: "boolean" },
  remoteExtension: {
    kind: "boolean",
    description: "needs a password of 6+ characters mixing letters, digits and symbols",
  },
  video: { kind: "boolean" },
  webLogin: { kind: "boolean" },
  mayBeMonitored: { kind: "boolean" },
  voicemailPin: { kind: "string" },
  maxRegistrations: { kind: "integer" },
  videoCodec: { kind: "string" },
  recording: { kind: "string", enum: ["none", "inbound", "outbound", "all"] },
  registrationExpiryS: { kind: "integer" },
  transport: { kind: "string", enum: ["udp", "tcp", "tls"] },
  dtmfMode: { kind: "string", enum: ["rfc4733", "info", "inband"] },
  srtp: { kind: "boolean" },
  qualify: { kind: "boolean" },
  codecs: { kind: "strings", description: "in order of preference" },
} as const;

const CREATE = { number: { kind: "string", required: true }, ...EXTENSION_SETTINGS } as const;

const { outboundCallerId: _perExtension, ...SHARED_SETTINGS } = EXTENSION_SETTINGS;
const BULK = {
  startNumber: { kind: "string", required: true },
  count: { kind: "integer", required: true, description: "1-500" },
  firstCallerId: { kind: "string" },
  callerIdMode: { kind: "string", enum: ["increment", "same"] },
  ...SHARED_SETTINGS,
} as const;

/** Fields an extension user may change on its own extension. */
export const SELF_SERVICE_FIELDS = [
  "email",
  "mobile",
  "language",
  "voicemailEnabled",
  "voicemailPin",
] as const;

export const EXTENSION_SCHEMA = {
  ...jsonSchemaOf({ number: { kind: "string" }, ...EXTENSION_SETTINGS }),
  additionalProperties: true,
  description: "an IP extension, plus quickCode, createdAt and updatedAt",
};

const LISTED_SCHEMA = {
  ...EXTENSION_SCHEMA,
  description: "an IP extension with registrations: [{address, transport, userAgent, model}]",
};

const STAFF = ["admin", "operator"] as const;

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
    return c.json({ ...page, offset, limit });
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
    return c.json(visible(c, c.req.param("number")));
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
    return c.json(updated);
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
const refusals = { "400": "bad input (the field is named)", "409": "number already in use" };

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
      { name: "offset", type: "integer", description: "default 0" },
      { name: "limit", type: "integer", description: "default 50, at most 500" },
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
    requestBody: jsonSchemaOf(CREATE),
    responses: { "201": one, ...refusals },
  },
  {
    method: "post",
    path: "/extensions/bulk",
    tag: "extensions",
    summary: "Add count extensions from startNumber; caller IDs increment or stay the same",
    access: STAFF,
    requestBody: jsonSchemaOf(BULK),
    responses: {
      "201": {
        description: "the added extensions",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: EXTENSION_SCHEMA } },
        },
      },
      "400": "bad input",
      "409": "a number in the range is in use (named in the message)",
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
    method: "patch",
    path: "/extensions/{number}",
    tag: "extensions",
    summary: `Change an extension (extension users: only ${SELF_SERVICE_FIELDS.join(", ")})`,
    access: [...STAFF, "extension"],
    requestBody: jsonSchemaOf(EXTENSION_SETTINGS),
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

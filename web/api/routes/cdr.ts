// SPEC REP-1 call records: search by type (inbound, outbound, internal, all), caller, callee,
// trunk (partial), PIN, status and time, newest first and paged; the same search as CSV.
// Staff and billing accounts see every record; an extension user only calls it took part in.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { checkBody } from "../body-spec.ts";
import { instant } from "../query-params.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, CdrFacade, CdrQuery } from "../services.ts";

const STAFF = ["admin", "operator", "billing"] as const;
const TYPES = ["inbound", "outbound", "internal"] as const;
const STATUSES = ["answered", "not-answered"] as const;

/** A whole number in a query string, within [min, max]. */
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const isInstant = (value: string) => !Number.isNaN(Date.parse(value));

/** The search's query string (empty parameters count as absent). */
const SEARCH = z.strictObject({
  type: z.enum(["all", ...TYPES]).optional(),
  caller: z.string().max(32).optional(),
  callee: z.string().max(32).optional(),
  trunk: z.string().max(64).optional(),
  pin: z
    .string()
    .regex(/^[0-9]{1,16}$/, "must be 1-16 digits")
    .optional(),
  status: z.enum(STATUSES).optional(),
  from: z.string().refine(isInstant, "must be a date and time (ISO 8601)").optional(),
  to: z.string().refine(isInstant, "must be a date and time (ISO 8601)").optional(),
  offset: whole(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: whole(1, 500).optional(),
});

const QUERY = [
  { name: "type", type: "string", description: "inbound, outbound, internal or all (default)" },
  { name: "caller", type: "string", description: "part of the caller's number" },
  { name: "callee", type: "string", description: "part of the dialled number" },
  { name: "trunk", type: "string", description: "part of the trunk name" },
  { name: "pin", type: "string", description: "the outbound PIN used" },
  { name: "status", type: "string", description: "answered or not-answered" },
  { name: "from", type: "string", description: "started at or after (ISO 8601)" },
  { name: "to", type: "string", description: "started before (ISO 8601)" },
  { name: "offset", type: "integer", description: "rows to skip (default 0)", minimum: 0 },
  {
    name: "limit",
    type: "integer",
    description: "rows per page (default 50)",
    minimum: 1,
    maximum: 500,
  },
] as const;

/** GET /cdr, GET /cdr/export.csv. */
export function cdrRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const store = (): CdrFacade => {
    if (!services.cdr) throw new ApiError(503, "unavailable", "call records are not ready");
    return services.cdr;
  };

  app.get("/", requireAccess([...STAFF, "extension"]), (c) => {
    const own = ownNumber(c);
    const query = searchQuery(c);
    if (own === undefined) return c.json(store().search(query));
    // An extension sees the calls it made or answered (REP-1 from the user's page).
    const made = store().search({ ...query, offset: 0, limit: 100_000, caller: undefined });
    const items = made.items.filter(
      (r) => r.caller === own || r.callee === own || r.finalCallee === own,
    );
    const from = query.offset ?? 0;
    return c.json({ items: items.slice(from, from + (query.limit ?? 50)), total: items.length });
  });

  app.get("/export.csv", requireAccess(STAFF), (c) => {
    const query = searchQuery(c);
    delete query.offset;
    delete query.limit;
    return new Response(store().csv(query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="call-records.csv"',
      },
    });
  });

  return app;
}

function ownNumber(c: Context<ApiEnv>): string | undefined {
  const principal = c.get("auth")?.principal;
  return principal?.kind === "extension" ? principal.number : undefined;
}

function searchQuery(c: Context<ApiEnv>): CdrQuery {
  const given = Object.entries(c.req.query()).filter(([, value]) => value !== "");
  const { type, from, to, offset, limit, ...text } = checkBody(Object.fromEntries(given), SEARCH);
  return {
    ...text,
    ...(type === undefined || type === "all" ? {} : { type }),
    ...(from === undefined ? {} : { fromMs: instant("from", from) }),
    ...(to === undefined ? {} : { toMs: instant("to", to) }),
    offset: offset ?? 0,
    limit: limit ?? 50,
  };
}

const RECORD_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "integer" },
    callId: { type: "string" },
    startedAt: { type: "string", format: "date-time" },
    answeredAt: { type: ["string", "null"], format: "date-time" },
    endedAt: { type: "string", format: "date-time" },
    caller: { type: "string" },
    callerName: { type: "string" },
    callee: { type: "string" },
    finalCallee: { type: "string" },
    durationMs: { type: "integer" },
    talkMs: { type: "integer" },
    trunk: { type: "string" },
    pin: { type: "string" },
    type: { type: "string", enum: [...TYPES] },
    status: { type: "string", enum: [...STATUSES] },
    reason: { type: "string" },
    sipStatus: { type: ["integer", "null"] },
    recorded: { type: "boolean" },
  },
};

export const cdrDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/cdr",
    tag: "reports",
    summary: "Search call records, newest first (an extension user gets only its own)",
    access: [...STAFF, "extension"],
    query: QUERY,
    responses: {
      "200": {
        description: "one page and the total",
        schema: {
          type: "object",
          properties: {
            items: { type: "array", items: RECORD_SCHEMA },
            total: { type: "integer" },
          },
        },
      },
      "400": "a bad filter (the field is named)",
    },
  },
  {
    method: "get",
    path: "/cdr/export.csv",
    tag: "reports",
    summary: "The same search as CSV (text/csv), all pages",
    access: STAFF,
    query: QUERY.filter((q) => q.name !== "offset" && q.name !== "limit"),
    responses: { "200": fileResponse("the CSV file", "text/csv"), "400": "a bad filter" },
  },
];

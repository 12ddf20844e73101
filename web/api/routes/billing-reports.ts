// SPEC BILL-6 and BILL-7 (manual 2.5 通话记录, 2.6 统计): the billed calls with their cost,
// searched by time range, extension (number or name), dialled number and trunk, with the
// search's totals; and the statistics (calls, total and average talk, total cost) of all, some
// or one extension per day, month or year in the box's time zone. Both as CSV too. Billing and
// admin accounts only. Money is integer minor units (settings give the currency).
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { checkBody } from "../body-spec.ts";
import { instant } from "../query-params.ts";
import { fileResponse, type QueryDoc, type RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { BILLING_ROLES, billingOf } from "./billing-accounts.ts";

const PERIODS = ["day", "month", "year"] as const;

/** A whole number in a query string, within [min, max]. */
const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const isInstant = (value: string) => !Number.isNaN(Date.parse(value));
const INSTANT = z.string().max(40).refine(isInstant, "must be a date and time (ISO 8601)");
const DATE = z
  .string()
  .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "must be a date (YYYY-MM-DD)")
  .describe("a day in the box's time zone, YYYY-MM-DD");

/** The call search's query string (empty parameters count as absent). */
const CALLS = z.strictObject({
  keyword: z.string().max(40).optional(),
  number: z.string().max(32).optional(),
  trunk: z.string().max(64).optional(),
  from: INSTANT.optional(),
  to: INSTANT.optional(),
  offset: whole(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: whole(1, 500).optional(),
});

/** The statistics' query string. */
const STATISTICS = z.strictObject({
  from: DATE,
  to: DATE,
  by: z.enum(PERIODS).optional(),
  extensions: z
    .string()
    .max(20_000)
    .regex(/^[0-9]{1,8}(,[0-9]{1,8})*$/, "must be extension numbers separated by commas")
    .optional(),
});

/** /billing/calls, /billing/statistics and their CSV. */
export function billingReportRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(BILLING_ROLES));

  app.get("/calls", (c) => c.json(billingOf(services).reports.calls(callQuery(c))));
  app.get("/calls/export.csv", (c) => {
    const { offset: _o, limit: _l, ...query } = callQuery(c);
    return csv(billingOf(services).callsCsv(query), "billed-calls.csv");
  });
  app.get("/statistics", (c) =>
    c.json(unwrap(billingOf(services).reports.statistics(statisticsQuery(c)))),
  );
  app.get("/statistics/export.csv", (c) =>
    csv(unwrap(billingOf(services).statisticsCsv(statisticsQuery(c))), "billing-statistics.csv"),
  );
  return app;
}

function csv(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
    },
  });
}

/** The query string without its empty parameters. */
function given(c: Context<ApiEnv>): Record<string, string> {
  return Object.fromEntries(Object.entries(c.req.query()).filter(([, value]) => value !== ""));
}

function callQuery(c: Context<ApiEnv>) {
  const { from, to, offset, limit, ...text } = checkBody(given(c), CALLS);
  return {
    ...text,
    ...(from === undefined ? {} : { fromMs: instant("from", from) }),
    ...(to === undefined ? {} : { toMs: instant("to", to) }),
    offset: offset ?? 0,
    limit: limit ?? 50,
  };
}

function statisticsQuery(c: Context<ApiEnv>) {
  const { from, to, by, extensions } = checkBody(given(c), STATISTICS);
  return { from, to, by: by ?? "month", extensions: extensions?.split(",") ?? [] };
}

const TOTALS = {
  calls: { type: "integer" },
  talkS: { type: "integer" },
  averageTalkS: { type: "integer", description: "whole seconds, rounded" },
  costMinor: { type: "integer" },
};
const CALL_SCHEMA = {
  type: "object",
  properties: {
    chargeId: { type: "integer" },
    callId: { type: "string" },
    atMs: { type: "integer", description: "answered (epoch ms)" },
    endedAtMs: { type: ["integer", "null"] },
    extension: { type: "string" },
    name: { type: "string" },
    number: { type: "string", description: "as dialled, outbound prefix included" },
    talkS: { type: ["integer", "null"], description: "null when a stop cut the call" },
    trunk: { type: "string" },
    costMinor: { type: "integer" },
  },
};
const STATISTICS_SCHEMA = {
  type: "object",
  properties: {
    timeZone: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    by: { type: "string", enum: [...PERIODS] },
    periods: {
      type: "array",
      items: { type: "object", properties: { period: { type: "string" }, ...TOTALS } },
    },
    extensions: {
      type: "array",
      items: {
        type: "object",
        properties: { extension: { type: "string" }, name: { type: "string" }, ...TOTALS },
      },
    },
    total: { type: "object", properties: TOTALS },
  },
};
const CALL_QUERY: readonly QueryDoc[] = [
  { name: "keyword", type: "string", description: "part of the extension number or name" },
  { name: "number", type: "string", description: "part of the dialled number" },
  { name: "trunk", type: "string", description: "part of the trunk name" },
  { name: "from", type: "string", description: "answered at or after (ISO 8601)" },
  { name: "to", type: "string", description: "answered before (ISO 8601)" },
];
const STATISTICS_QUERY: readonly QueryDoc[] = [
  { name: "from", type: "string", description: "first day (YYYY-MM-DD, the box's time zone)" },
  { name: "to", type: "string", description: "last day (YYYY-MM-DD), at most 3660 days on" },
  { name: "by", type: "string", description: "day, month (default) or year" },
  { name: "extensions", type: "string", description: "numbers separated by commas; none: all" },
];

export const billingReportDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/billing/calls",
    tag: "billing",
    summary: "Billed calls with their cost, newest first, with the search's totals",
    access: BILLING_ROLES,
    query: [
      ...CALL_QUERY,
      { name: "offset", type: "integer", description: "rows to skip", minimum: 0 },
      {
        name: "limit",
        type: "integer",
        description: "rows (default 50)",
        minimum: 1,
        maximum: 500,
      },
    ],
    responses: {
      "200": {
        description: "one page, the number of calls, their talk seconds and cost",
        schema: {
          type: "object",
          properties: {
            items: { type: "array", items: CALL_SCHEMA },
            total: { type: "integer" },
            totalTalkS: { type: "integer" },
            totalCostMinor: { type: "integer" },
          },
        },
      },
      "400": "a bad filter (names the field)",
    },
  },
  {
    method: "get",
    path: "/billing/calls/export.csv",
    tag: "billing",
    summary: "The same search as CSV, all pages, money in the currency's decimals, a total line",
    access: BILLING_ROLES,
    query: CALL_QUERY,
    responses: { "200": fileResponse("the CSV file", "text/csv"), "400": "a bad filter" },
  },
  {
    method: "get",
    path: "/billing/statistics",
    tag: "billing",
    summary: "Calls, talk and cost per day, month or year (the box's time zone), per extension",
    access: BILLING_ROLES,
    query: STATISTICS_QUERY,
    responses: {
      "200": {
        description: "every period of the range, the extensions, the total",
        schema: STATISTICS_SCHEMA,
      },
      "400": "a bad date, range, grouping or extension list (names the field)",
    },
  },
  {
    method: "get",
    path: "/billing/statistics/export.csv",
    tag: "billing",
    summary: "The statistics as CSV: one line per period, then the total",
    access: BILLING_ROLES,
    query: STATISTICS_QUERY,
    responses: { "200": fileResponse("the CSV file", "text/csv"), "400": "a bad filter" },
  },
];

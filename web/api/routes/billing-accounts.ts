// SPEC BILL-2, BILL-3, BILL-5: the billing user's extensions (filter by number or name, lock
// state, payment method), top-up of one or many by the same amount, edit of one or many
// (credit, lock, payment method, billing on/off), and the top-up records with their CSV.
// Billing and admin accounts only. Money is integer minor units (settings give the currency).
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { instant, oneOf, whole } from "../query-params.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, BillingFacade } from "../services.ts";

export const BILLING_ROLES = ["admin", "billing"] as const;
const METHODS = ["prepaid", "postpaid"] as const;
const MAX_MINOR = 1_000_000_000;

const NUMBERS = z
  .array(z.string().regex(/^[0-9]{1,8}$/))
  .min(1)
  .max(2000);

const TOP_UP = z.strictObject({
  extensions: NUMBERS.describe("the extensions, each topped up by the amount"),
  amountMinor: z.int().min(1).max(MAX_MINOR).describe("minor units (fen for CNY)"),
});

const EDIT = z.strictObject({
  extensions: NUMBERS.describe("the extensions, each given the same change"),
  billingEnabled: z.boolean().optional(),
  paymentMethod: z.enum(METHODS).describe("a change resets the total top-up").optional(),
  creditLimitMinor: z.int().min(0).max(MAX_MINOR).optional(),
  locked: z.boolean().optional(),
});

/** The billing service, or 503 while it is not wired. */
export function billingOf(services: ApiServices): BillingFacade {
  if (!services.billing) throw new ApiError(503, "unavailable", "billing is not ready");
  return services.billing;
}

/** /billing/extensions, /billing/top-ups. */
export function billingAccountRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(BILLING_ROLES));

  app.get("/extensions", (c) => {
    const locked = c.req.query("locked");
    const method = c.req.query("paymentMethod");
    const items = billingOf(services).accounts.list({
      search: c.req.query("search") || undefined,
      locked: locked ? oneOf("locked", locked, ["true", "false"]) === "true" : undefined,
      paymentMethod: method ? oneOf("paymentMethod", method, METHODS) : undefined,
    });
    return c.json({ items, total: items.length });
  });
  app.get("/extensions/:number", (c) => {
    const account = billingOf(services).accounts.get(c.req.param("number"));
    if (!account) throw notFound("such extension");
    return c.json(account);
  });
  app.post("/extensions/top-up", async (c) => {
    const body = await readBody(c, TOP_UP);
    const by = c.get("auth")?.principal;
    const username = by?.kind === "account" ? by.username : "";
    const items = unwrap(
      billingOf(services).accounts.topUp(
        body.extensions,
        body.amountMinor,
        username,
        services.clock.now(),
      ),
    );
    return c.json({ items });
  });
  app.patch("/extensions", async (c) => {
    const { extensions, ...patch } = await readBody(c, EDIT);
    return c.json({ items: unwrap(billingOf(services).accounts.update(extensions, patch)) });
  });

  app.get("/top-ups", (c) => c.json(billingOf(services).accounts.topUps(topUpQuery(c, true))));
  app.get("/top-ups/export.csv", (c) => {
    const csv = billingOf(services).topUpsCsv(topUpQuery(c, false));
    return new Response(csv, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="top-ups.csv"',
      },
    });
  });
  return app;
}

function topUpQuery(c: Context<ApiEnv>, paged: boolean) {
  const from = c.req.query("from");
  const to = c.req.query("to");
  return {
    keyword: c.req.query("keyword") || undefined,
    fromMs: from ? instant("from", from) : undefined,
    toMs: to ? instant("to", to) : undefined,
    ...(paged
      ? {
          offset: whole(c, "offset", 0, Number.MAX_SAFE_INTEGER) ?? 0,
          limit: whole(c, "limit", 1, 500) ?? 50,
        }
      : {}),
  };
}

const ACCOUNT_SCHEMA = {
  type: "object",
  properties: {
    extension: { type: "string" },
    name: { type: "string" },
    billingEnabled: { type: "boolean" },
    paymentMethod: { type: "string", enum: [...METHODS] },
    balanceMinor: { type: "integer" },
    creditLimitMinor: { type: "integer" },
    locked: { type: "boolean" },
    totalTopUpMinor: { type: "integer" },
    reservedMinor: { type: "integer" },
  },
};
const TOP_UP_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "integer" },
    extension: { type: "string" },
    name: { type: "string" },
    atMs: { type: "integer" },
    balanceBeforeMinor: { type: "integer" },
    amountMinor: { type: "integer" },
    balanceAfterMinor: { type: "integer" },
    byAccount: { type: "string" },
  },
};
const list = (items: Record<string, unknown>) => ({
  type: "object",
  properties: { items: { type: "array", items }, total: { type: "integer" } },
});
const TOP_UP_QUERY = [
  { name: "keyword", type: "string", description: "part of the extension number or name" },
  { name: "from", type: "string", description: "at or after (ISO 8601)" },
  { name: "to", type: "string", description: "before (ISO 8601)" },
] as const;

export const billingAccountDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/billing/extensions",
    tag: "billing",
    summary: "Extensions with their billing accounts",
    access: BILLING_ROLES,
    query: [
      { name: "search", type: "string", description: "part of the number or name" },
      { name: "locked", type: "string", description: "true or false" },
      { name: "paymentMethod", type: "string", description: "prepaid or postpaid" },
    ],
    responses: {
      "200": { description: "the matching extensions", schema: list(ACCOUNT_SCHEMA) },
      "400": "a bad filter",
    },
  },
  {
    method: "get",
    path: "/billing/extensions/{number}",
    tag: "billing",
    summary: "One extension's billing account",
    access: BILLING_ROLES,
    responses: {
      "200": { description: "the account", schema: ACCOUNT_SCHEMA },
      "404": "no such extension",
    },
  },
  {
    method: "post",
    path: "/billing/extensions/top-up",
    tag: "billing",
    summary: "Top up one or many extensions by the same amount (one record each)",
    access: BILLING_ROLES,
    requestBody: TOP_UP,
    responses: {
      "200": { description: "the top-up records", schema: list(TOP_UP_SCHEMA) },
      "400": "bad amount or an unknown extension (names the field)",
    },
  },
  {
    method: "patch",
    path: "/billing/extensions",
    tag: "billing",
    summary: "Change credit, lock, payment method or billing on/off of one or many extensions",
    access: BILLING_ROLES,
    requestBody: EDIT,
    responses: {
      "200": { description: "the changed accounts", schema: list(ACCOUNT_SCHEMA) },
      "400": "bad input (names the field)",
      "404": "no such extension",
    },
  },
  {
    method: "get",
    path: "/billing/top-ups",
    tag: "billing",
    summary: "Top-up records, newest first",
    access: BILLING_ROLES,
    query: [
      ...TOP_UP_QUERY,
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
      "200": { description: "one page and the total", schema: list(TOP_UP_SCHEMA) },
      "400": "a bad filter",
    },
  },
  {
    method: "get",
    path: "/billing/top-ups/export.csv",
    tag: "billing",
    summary: "The same search as CSV, amounts in the currency's decimals",
    access: BILLING_ROLES,
    query: TOP_UP_QUERY,
    responses: { "200": fileResponse("the CSV file", "text/csv"), "400": "a bad filter" },
  },
];

// SPEC BILL-4, BILL-8: rate rules (CRUD; import and export as CSV, export as .xlsx), the rule
// tester (which rule rates a number dialled by an extension at a time, why the others do not,
// and what a call of a given length costs), and the billing settings (on/off, currency).
// Billing and admin accounts only.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { tryReadXlsx } from "../export/xlsx-reader.ts";
import { XLSX_TYPE, xlsxSheet } from "../export/xlsx-sheet.ts";
import { resourceDocs } from "../resource-docs.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { BILLING_ROLES, billingOf } from "./billing-accounts.ts";
import { idOf } from "./trunks.ts";

const MAX_MINOR = 1_000_000_000;
const MINUTE = z.int().min(0).max(1439);

const FIELDS = z.strictObject({
  enabled: z.boolean().optional(),
  remark: field.text(64).optional(),
  prefix: field.text(20, /^[0-9*#+]*$/, "must be digits (and * # +)").optional(),
  numberLength: field.whole(0, 32).describe("prefix + number; 0 = any length").optional(),
  initialFeeMinor: field.whole(0, MAX_MINOR).describe("minor units").optional(),
  initialTimeS: field.whole(0, 86_400).optional(),
  rateMinor: field.whole(0, MAX_MINOR).describe("minor units per started period").optional(),
  periodS: field.whole(1, 86_400).optional(),
  activeFromMin: MINUTE.describe("daily window start, minutes after midnight").optional(),
  activeToMin: MINUTE.describe("daily window end (exclusive); equal to start = all day").optional(),
  extensions: z
    .array(z.string().regex(/^[0-9]{1,8}$/))
    .max(1000)
    .describe("the extensions it rates; empty = all")
    .optional(),
});

const IMPORT = z.strictObject({
  csv: z.string().max(4_000_000).describe("the export's columns; a header line is recognised"),
  replace: z.boolean().describe("remove every current rule first").optional(),
});

const TEST = z.strictObject({
  number: field.text(32, /^[0-9*#+]+$/, "must be digits (and * # +)").describe("as dialled"),
  extension: field.text(8, /^[0-9]+$/, "must be digits"),
  time: field
    .text(5, /^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM")
    .describe("time of day in the box's time zone; default now")
    .optional(),
  talkSeconds: field.whole(0, 86_400 * 7),
});

const SETTINGS = z.strictObject({
  enabled: z.boolean().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as CNY")
    .optional(),
});

/** The .xlsx rate import: its body is a workbook, not JSON. */
export function isRateSheetImportPath(path: string): boolean {
  return /^\/api\/v1\/billing\/rates\/import\.xlsx\/?$/.test(path);
}

/** /billing/rates..., /billing/rate-test, /billing/settings. */
export function billingRateRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(BILLING_ROLES));
  const what = "such rate rule";
  const rates = () => billingOf(services).rates;

  app.get("/settings", (c) => c.json(billingOf(services).settings()));
  app.patch("/settings", async (c) => {
    const body = await readBody(c, SETTINGS);
    return c.json(unwrap(billingOf(services).updateSettings(body)));
  });

  app.post("/rate-test", async (c) => {
    const body = await readBody(c, TEST);
    const minuteOfDay = body.time
      ? Number(body.time.slice(0, 2)) * 60 + Number(body.time.slice(3))
      : undefined;
    return c.json(
      billingOf(services).test({
        number: body.number,
        extension: body.extension,
        atMs: services.clock.now(),
        talkS: body.talkSeconds,
        ...(minuteOfDay === undefined ? {} : { minuteOfDay }),
      }),
    );
  });

  app.get("/rates/export.csv", () => {
    const digits = billingOf(services).settings().minorDigits;
    return new Response(rates().exportCsv(digits), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": 'attachment; filename="rates.csv"',
      },
    });
  });
  app.get("/rates/export.xlsx", (c) => {
    const rows = rates().exportRows(billingOf(services).settings().minorDigits);
    return c.body(xlsxSheet("rates", rows) as Uint8Array<ArrayBuffer>, 200, {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": 'attachment; filename="rates.xlsx"',
      "Cache-Control": "no-store",
    });
  });
  // The export's .xlsx (or a carrier's sheet in its columns) as the body; ?replace=true first
  // removes every current rule. All rows or none, the first bad one named.
  app.post("/rates/import.xlsx", async (c) => {
    const workbook = tryReadXlsx(new Uint8Array(await c.req.arrayBuffer()));
    if (!workbook) throw new ApiError(400, "invalid", "the file is not an .xlsx workbook", "file");
    const digits = billingOf(services).settings().minorDigits;
    const replace = c.req.query("replace") === "true";
    return c.json(unwrap(rates().importRows(workbook.rows, digits, replace)));
  });
  app.post("/rates/import", async (c) => {
    const body = await readBody(c, IMPORT);
    const digits = billingOf(services).settings().minorDigits;
    return c.json(unwrap(rates().importCsv(body.csv, digits, body.replace ?? false)));
  });

  app.get("/rates", (c) => c.json({ items: rates().list() }));
  app.post("/rates", async (c) => {
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(rates().create(body)), 201);
  });
  app.get("/rates/:id", (c) => {
    const rule = rates().get(idOf(c, what));
    if (!rule) throw notFound(what);
    return c.json(rule);
  });
  app.patch("/rates/:id", async (c) => {
    const id = idOf(c, what);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(rates().update(id, body)));
  });
  app.delete("/rates/:id", (c) => {
    if (!rates().delete(idOf(c, what))) throw notFound(what);
    return c.body(null, 204);
  });
  return app;
}

const SETTINGS_SCHEMA = {
  type: "object",
  properties: {
    enabled: { type: "boolean" },
    currency: { type: "string" },
    minorDigits: { type: "integer" },
  },
};

export const billingRateDocs: RouteDoc[] = [
  ...resourceDocs("/billing/rates", "billing", "rate rule", BILLING_ROLES, FIELDS, FIELDS),
  {
    method: "get",
    path: "/billing/rates/export.csv",
    tag: "billing",
    summary: "Every rate rule as CSV (amounts in the currency's decimals, times HH:MM)",
    access: BILLING_ROLES,
    responses: { "200": fileResponse("the CSV file", "text/csv") },
  },
  {
    method: "get",
    path: "/billing/rates/export.xlsx",
    tag: "billing",
    summary: "Every rate rule as an Excel sheet (the CSV's columns)",
    access: BILLING_ROLES,
    responses: { "200": fileResponse("the workbook", XLSX_TYPE) },
  },
  {
    method: "post",
    path: "/billing/rates/import",
    tag: "billing",
    summary: "Add (or with replace, replace) rules from CSV text; all or none",
    access: BILLING_ROLES,
    requestBody: IMPORT,
    responses: {
      "200": {
        description: "how many rules were added",
        schema: { type: "object", properties: { added: { type: "integer" } } },
      },
      "400": "a bad line (the message names the line and column)",
    },
  },
  {
    method: "post",
    path: "/billing/rates/import.xlsx",
    tag: "billing",
    summary:
      "Add (with ?replace=true, replace) rules from an .xlsx in the export's columns; all or none",
    access: BILLING_ROLES,
    requestBodyType: XLSX_TYPE,
    requestBody: { type: "string", contentMediaType: XLSX_TYPE },
    responses: {
      "200": {
        description: "how many rules were added",
        schema: { type: "object", properties: { added: { type: "integer" } } },
      },
      "400": 'not an .xlsx (field "file"), or a bad row (the message names the line and column)',
    },
  },
  {
    method: "post",
    path: "/billing/rate-test",
    tag: "billing",
    summary: "Which rule rates a number, why the others do not, and the cost of a call",
    access: BILLING_ROLES,
    requestBody: TEST,
    responses: {
      "200": {
        description: "the decision, the cost breakdown and whether the call may go out",
        schema: {
          type: "object",
          properties: {
            minuteOfDay: { type: "integer" },
            rule: { type: ["object", "null"] },
            rejected: { type: "array", items: { type: "object" } },
            otherPrefixes: { type: "integer" },
            cost: { type: ["object", "null"] },
            outbound: { type: "object" },
          },
        },
      },
      "400": "bad input (names the field)",
    },
  },
  {
    method: "get",
    path: "/billing/settings",
    tag: "billing",
    summary: "Billing on/off and the currency",
    access: BILLING_ROLES,
    responses: { "200": { description: "the settings", schema: SETTINGS_SCHEMA } },
  },
  {
    method: "patch",
    path: "/billing/settings",
    tag: "billing",
    summary: "Turn billing on or off, set the currency",
    access: BILLING_ROLES,
    requestBody: SETTINGS,
    responses: {
      "200": { description: "the settings", schema: SETTINGS_SCHEMA },
      "400": "bad input (names the field)",
    },
  },
];

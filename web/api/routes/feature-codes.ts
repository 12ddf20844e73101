// SPEC WEB-3 ("feature-code help" for operators) and DESIGN "Signalling and calls" (a table
// the admin can edit, defaulting to the manual's codes): read by staff, changed by the admin.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const PATCH = z.strictObject({
  code: z
    .string()
    .regex(/^[*#][0-9*#]{0,7}$/, "must start with * or # and hold at most 8 of 0-9 * #")
    .optional(),
  enabled: z.boolean().optional(),
});

const FEATURE_CODE_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "string" },
    group: { type: "string" },
    code: { type: "string" },
    defaultCode: { type: "string" },
    enabled: { type: "boolean" },
    available: { type: "boolean", description: "the box answers this code today" },
    takesArgument: { type: "boolean", description: "followed by a number, then #" },
    inCall: { type: "boolean", description: "dialled during a call" },
  },
};

/** GET /feature-codes, PATCH /feature-codes/{id}. */
export function featureCodeRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireAccess(["admin", "operator"]), (c) =>
    c.json({ items: services.featureCodes.list() }),
  );
  app.patch("/:id", requireAccess(["admin"]), async (c) => {
    const body = await readBody(c, PATCH);
    return c.json(unwrap(services.featureCodes.update(c.req.param("id"), body)));
  });
  return app;
}

export const featureCodeDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/feature-codes",
    tag: "features",
    summary: "The feature codes phones dial, with their factory values",
    access: ["admin", "operator"],
    responses: {
      "200": {
        description: "the table",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: FEATURE_CODE_SCHEMA } },
        },
      },
    },
  },
  {
    method: "patch",
    path: "/feature-codes/{id}",
    tag: "features",
    summary: "Change a feature code's digits, or turn it off",
    access: ["admin"],
    requestBody: PATCH,
    responses: {
      "200": { description: "the changed code", schema: FEATURE_CODE_SCHEMA },
      "400": "bad code (field code)",
      "404": "no such feature",
      "409": "another feature or a number of the box holds that code (params.holder)",
    },
  },
];

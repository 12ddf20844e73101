// SPEC WEB-1, WEB-3, BILL-1: web accounts, managed by admins only. Roles admin, operator,
// billing; the last enabled admin cannot be removed (409 last_admin).
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const ROLES = ["admin", "operator", "billing"] as const;

const PASSWORD = z.string().min(8).max(128);

const CREATE = z.strictObject({
  username: field.text(
    32,
    /^[A-Za-z][A-Za-z0-9_.-]{1,31}$/,
    "must be 2-32 letters, digits, _ . -, starting with a letter",
  ),
  password: PASSWORD,
  role: z.enum(ROLES),
});

const PATCH = z.strictObject({
  role: z.enum(ROLES).optional(),
  disabled: z.boolean().optional(),
  password: PASSWORD.describe("sets a new password; ends the account's sessions").optional(),
});

export const ACCOUNT_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "integer" },
    username: { type: "string" },
    role: { enum: [...ROLES] },
    disabled: { type: "boolean" },
    createdAt: { type: "string", format: "date-time" },
  },
};

/** /accounts: list, create, read, change, delete, reset password (admin only). */
export function accountRoutes(services: ApiServices): Hono<ApiEnv> {
  const { accounts } = services;
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(["admin"]));

  app.get("/", (c) => c.json({ items: accounts.list() }));

  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(await accounts.create(body)), 201);
  });

  app.get("/:username", (c) => {
    const account = accounts.get(c.req.param("username"));
    if (!account) throw notFound("such account");
    return c.json(account);
  });

  app.patch("/:username", async (c) => {
    const body = await readBody(c, PATCH);
    return c.json(unwrap(await accounts.update(c.req.param("username"), body)));
  });

  app.delete("/:username", (c) => {
    unwrap(accounts.delete(c.req.param("username")));
    return c.body(null, 204);
  });

  app.post("/:username/password-reset", async (c) => {
    const password = unwrap(await accounts.resetPassword(c.req.param("username")));
    return c.json({ password });
  });

  return app;
}

const ADMIN = ["admin"] as const;
const one = { description: "the account", schema: ACCOUNT_SCHEMA };

export const accountDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/accounts",
    tag: "accounts",
    summary: "List web accounts",
    access: ADMIN,
    responses: {
      "200": {
        description: "all accounts",
        schema: { type: "object", properties: { items: { type: "array", items: ACCOUNT_SCHEMA } } },
      },
    },
  },
  {
    method: "post",
    path: "/accounts",
    tag: "accounts",
    summary: "Create an account",
    access: ADMIN,
    requestBody: CREATE,
    responses: { "201": one, "400": "bad input", "409": "username taken" },
  },
  {
    method: "get",
    path: "/accounts/{username}",
    tag: "accounts",
    summary: "One account",
    access: ADMIN,
    responses: { "200": one, "404": "no such account" },
  },
  {
    method: "patch",
    path: "/accounts/{username}",
    tag: "accounts",
    summary: "Change role, disabled state or password",
    access: ADMIN,
    requestBody: PATCH,
    responses: {
      "200": one,
      "400": "bad input",
      "404": "no such account",
      "409": "would leave the box without an enabled admin",
    },
  },
  {
    method: "delete",
    path: "/accounts/{username}",
    tag: "accounts",
    summary: "Delete an account",
    access: ADMIN,
    responses: {
      "204": "deleted",
      "404": "no such account",
      "409": "the last enabled admin",
    },
  },
  {
    method: "post",
    path: "/accounts/{username}/password-reset",
    tag: "accounts",
    summary: "Set a random 16-character password and return it once",
    access: ADMIN,
    responses: {
      "200": {
        description: "the new password",
        schema: { type: "object", properties: { password: { type: "string" } } },
      },
      "404": "no such account",
    },
  },
];

// SPEC EXT-1: departments (ring groups) managed by admins and operators. `members` lists
// extension numbers; an extension in another department is refused with 409.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

const STRATEGIES = ["ring-all", "in-order", "round-robin", "least-recent"] as const;

const NAME = z.string().min(1).max(64);
const NUMBER = z
  .string()
  .regex(/^[1-9][0-9]{1,7}$/, "must be 2-8 digits, not starting with 0")
  .describe("dialling it rings the members");

const FIELDS = z.strictObject({
  name: NAME.optional(),
  number: NUMBER.optional(),
  ringStrategy: z.enum(STRATEGIES).optional(),
  noAnswerDestination: z
    .string()
    .regex(
      /^(hangup|(extension|voicemail|department|queue|ivr|conference|external):[0-9*#+]{1,20})$/,
      'must be "hangup" or kind:number, e.g. voicemail:101',
    )
    .optional(),
  ringTimeS: z
    .int()
    .min(5, "must be 5-300 seconds, or null for the box's ring time")
    .max(300, "must be 5-300 seconds, or null for the box's ring time")
    .nullable()
    .describe("seconds each hunt step rings (5-300); null: the box's calls.ringTimeoutS")
    .optional(),
  members: z
    .array(z.string().max(8))
    .max(500)
    .describe("extension numbers; replaces the member list")
    .optional(),
});

const CREATE = FIELDS.extend({ name: NAME, number: NUMBER });

const DEPARTMENT_SCHEMA = () => ({
  ...jsonSchemaOf(z.object({ id: z.int(), ...FIELDS.shape })),
  additionalProperties: true,
});

const STAFF = ["admin", "operator"] as const;

/** /departments: list, create, read, change, delete (deleting ungroups the members). */
export function departmentRoutes(services: ApiServices): Hono<ApiEnv> {
  const { departments } = services;
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));

  app.get("/", (c) => c.json({ items: departments.list() }));

  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    return c.json(unwrap(departments.create(body)), 201);
  });

  app.get("/:id", (c) => {
    const dept = departments.get(idOf(c));
    if (!dept) throw notFound("such department");
    return c.json(dept);
  });

  app.patch("/:id", async (c) => {
    const id = idOf(c);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(departments.update(id, body)));
  });

  app.delete("/:id", (c) => {
    if (!departments.delete(idOf(c))) throw notFound("such department");
    return c.body(null, 204);
  });

  return app;
}

function idOf(c: Context<ApiEnv>): number {
  const raw = c.req.param("id") ?? "";
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw notFound("such department");
  return Number(raw);
}

const one = { description: "the department", schema: DEPARTMENT_SCHEMA };

export const departmentDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/departments",
    tag: "departments",
    summary: "List departments with their members",
    access: STAFF,
    responses: {
      "200": {
        description: "all departments",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: DEPARTMENT_SCHEMA } },
        },
      },
    },
  },
  {
    method: "post",
    path: "/departments",
    tag: "departments",
    summary: "Create a department",
    access: STAFF,
    requestBody: CREATE,
    responses: {
      "201": one,
      "400": "bad input",
      "409": "name, number or a member already taken (a held number: params.holder)",
    },
  },
  {
    method: "get",
    path: "/departments/{id}",
    tag: "departments",
    summary: "One department",
    access: STAFF,
    responses: { "200": one, "404": "no such department" },
  },
  {
    method: "patch",
    path: "/departments/{id}",
    tag: "departments",
    summary: "Change a department; members replaces the member list",
    access: STAFF,
    requestBody: FIELDS,
    responses: { "200": one, "400": "bad input", "404": "no such department", "409": "taken" },
  },
  {
    method: "delete",
    path: "/departments/{id}",
    tag: "departments",
    summary: "Delete a department; its members become ungrouped",
    access: STAFF,
    responses: { "204": "deleted", "404": "no such department" },
  },
];

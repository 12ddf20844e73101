// SPEC CALL-6 (manual 电话->高级功能->寻呼与对讲): paging groups, managed by admins and
// operators. The store checks every field (the number against the numbering registry, the
// members are IP extensions) and names the bad one.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { PagingGroupStore } from "../../../firmware/calls/paging/paging-group-store.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

export type PagingGroupsFacade = Pick<
  PagingGroupStore,
  "list" | "get" | "create" | "update" | "remove"
>;

const FIELDS = z.strictObject({
  number: z
    .string()
    .max(16)
    .describe("寻呼号码: 2-8 digits, a number nothing else holds")
    .optional(),
  name: z.string().max(200).describe("名称: 1-64 characters").optional(),
  mode: z
    .string()
    .max(16)
    .describe("simplex: members only listen; duplex: members talk back")
    .optional(),
  members: z
    .array(z.string().max(16))
    .max(200)
    .describe("IP extension numbers (analog phones cannot auto-answer)")
    .optional(),
});

const GROUP_SCHEMA = () => ({
  ...jsonSchemaOf(z.object({ id: z.int(), ...FIELDS.shape })),
  additionalProperties: true,
});

const STAFF = ["admin", "operator"] as const;

function groupsOf(services: ApiServices): PagingGroupsFacade {
  if (!services.pagingGroups) throw new ApiError(503, "unavailable", "paging groups are not ready");
  return services.pagingGroups;
}

/** /paging-groups: list, create, read, change, delete. */
export function pagingGroupRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));

  app.get("/", (c) => c.json({ items: groupsOf(services).list() }));

  app.post("/", async (c) => {
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(groupsOf(services).create(body)), 201);
  });

  app.get("/:id", (c) => {
    const group = groupsOf(services).get(idOf(c));
    if (!group) throw notFound("such paging group");
    return c.json(group);
  });

  app.patch("/:id", async (c) => {
    const id = idOf(c);
    const body = await readBody(c, FIELDS);
    return c.json(unwrap(groupsOf(services).update(id, body)));
  });

  app.delete("/:id", (c) => {
    if (!groupsOf(services).remove(idOf(c))) throw notFound("such paging group");
    return c.body(null, 204);
  });

  return app;
}

function idOf(c: Context<ApiEnv>): number {
  const raw = c.req.param("id") ?? "";
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw notFound("such paging group");
  return Number(raw);
}

const one = { description: "the paging group", schema: GROUP_SCHEMA };

export const pagingGroupDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/paging-groups",
    tag: "paging",
    summary: "List paging groups",
    access: STAFF,
    responses: {
      "200": {
        description: "all paging groups",
        schema: { type: "object", properties: { items: { type: "array", items: GROUP_SCHEMA } } },
      },
    },
  },
  {
    method: "post",
    path: "/paging-groups",
    tag: "paging",
    summary: "Create a paging group",
    access: STAFF,
    requestBody: FIELDS,
    responses: {
      "201": one,
      "400": "a bad field (named in field)",
      "409": "the number is taken (params.holder)",
    },
  },
  {
    method: "get",
    path: "/paging-groups/{id}",
    tag: "paging",
    summary: "One paging group",
    access: STAFF,
    responses: { "200": one, "404": "no such paging group" },
  },
  {
    method: "patch",
    path: "/paging-groups/{id}",
    tag: "paging",
    summary: "Change a paging group; members replaces the member list",
    access: STAFF,
    requestBody: FIELDS,
    responses: { "200": one, "400": "bad input", "404": "no such paging group", "409": "taken" },
  },
  {
    method: "delete",
    path: "/paging-groups/{id}",
    tag: "paging",
    summary: "Delete a paging group",
    access: STAFF,
    responses: { "204": "deleted", "404": "no such paging group" },
  },
];

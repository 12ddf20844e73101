// SPEC CALL-2 call forwarding (manual: 电话->高级功能->呼叫转移): per extension, one setting per
// type (always, busy, no answer, busy or no answer) to an extension or an outside number (with
// its outbound prefix), on or off; the box-wide options. Admins and operators manage every
// extension, an extension user its own (`call-forward-access.ts`).
import { Hono } from "hono";
import { z } from "zod";
import type { ForwardType } from "../../../firmware/features/forwarding-store.ts";
import type { ApiEnv } from "../api-env.ts";
import { forbidden, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import {
  callFeaturesOf,
  extensionParam,
  FORWARD_READERS,
  ownNumber,
} from "./call-forward-access.ts";

const FORWARD_TYPES: readonly ForwardType[] = ["always", "busy", "no-answer", "busy-or-no-answer"];

const SETTING = z.strictObject({
  number: z
    .string()
    .regex(/^[0-9*#+]{1,32}$/, "digits, * or # (an outside number with its outbound prefix)")
    .describe("an extension, or an outside number with its outbound prefix (985337106)"),
  enabled: z.boolean().optional(),
});

const OPTIONS = z.strictObject({
  passCallerId: z
    .boolean()
    .describe("an outside forwarding target sees the original caller's number")
    .optional(),
  announce: z
    .boolean()
    .describe("the caller hears that its call is being forwarded before the target rings")
    .optional(),
});

const FORWARD_SCHEMA = {
  type: "object",
  properties: {
    extension: { type: "string" },
    type: { enum: [...FORWARD_TYPES] },
    number: { type: "string" },
    enabled: { type: "boolean" },
  },
};

const STAFF = ["admin", "operator"] as const;

/** /call-forwards: list, set and remove forwarding; the box-wide options. */
export function callForwardRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(FORWARD_READERS));

  const options = () => {
    const features = callFeaturesOf(services);
    return { passCallerId: features.passCallerId.get(), announce: features.announce.get() };
  };
  app.get("/options", (c) => c.json(options()));
  app.patch("/options", async (c) => {
    if (ownNumber(c) !== undefined) throw forbidden();
    const body = await readBody(c, OPTIONS);
    const features = callFeaturesOf(services);
    if (body.passCallerId !== undefined) features.passCallerId.set(body.passCallerId);
    if (body.announce !== undefined) features.announce.set(body.announce);
    return c.json(options());
  });

  app.get("/", (c) => {
    const own = ownNumber(c);
    const asked = c.req.query("extension");
    if (own !== undefined && asked !== undefined && asked !== own)
      throw forbidden("extension users see only their own forwarding");
    return c.json({ items: callFeaturesOf(services).forwards.list(own ?? asked) });
  });

  app.put("/:extension/:type", async (c) => {
    const extension = extensionParam(c, services);
    const type = typeParam(c.req.param("type"));
    const body = await readBody(c, SETTING);
    const set = callFeaturesOf(services).forwards.set({
      extension,
      type,
      number: body.number,
      enabled: body.enabled ?? true,
    });
    return c.json(unwrap(set));
  });

  app.delete("/:extension/:type", (c) => {
    const extension = extensionParam(c, services);
    const type = typeParam(c.req.param("type"));
    if (!callFeaturesOf(services).forwards.remove(extension, type))
      throw notFound("such forwarding");
    return c.body(null, 204);
  });
  return app;
}

function typeParam(raw: string): ForwardType {
  if (!(FORWARD_TYPES as readonly string[]).includes(raw)) throw notFound("such forwarding type");
  return raw as ForwardType;
}

const tag = "call-forwards";
const one = { description: "the forwarding", schema: FORWARD_SCHEMA };
const optionsResponse = { description: "the options", schema: OPTIONS };

export const callForwardDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/call-forwards",
    tag,
    summary: "Forwarding settings (?extension=; extension users: only their own)",
    access: FORWARD_READERS,
    responses: {
      "200": {
        description: "settings",
        schema: { type: "object", properties: { items: { type: "array", items: FORWARD_SCHEMA } } },
      },
    },
  },
  {
    method: "put",
    path: "/call-forwards/{extension}/{type}",
    tag,
    summary: `Set an extension's forwarding; type ${FORWARD_TYPES.join(", ")} (extension users: only their own)`,
    access: FORWARD_READERS,
    requestBody: SETTING,
    responses: {
      "200": one,
      "400": "bad input",
      "403": "another extension's",
      "404": "no such extension or type",
    },
  },
  {
    method: "delete",
    path: "/call-forwards/{extension}/{type}",
    tag,
    summary: "Remove an extension's forwarding of one type",
    access: FORWARD_READERS,
    responses: { "204": "removed", "403": "another extension's", "404": "none set" },
  },
  {
    method: "get",
    path: "/call-forwards/options",
    tag,
    summary: "Box-wide forwarding options",
    access: FORWARD_READERS,
    responses: { "200": optionsResponse },
  },
  {
    method: "patch",
    path: "/call-forwards/options",
    tag,
    summary: "Change the box-wide forwarding options (pass the caller's number, announce)",
    access: STAFF,
    requestBody: OPTIONS,
    responses: { "200": optionsResponse, "400": "bad input" },
  },
];

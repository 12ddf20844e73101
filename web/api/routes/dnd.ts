// SPEC CALL-14 do-not-disturb (manual 功能码 — 免打扰: the extension can call out, nobody can
// call in). Admins and operators switch any extension, an extension user its own; the phone
// does the same with *74# / *074#.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { forbidden } from "../api-error.ts";
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

const SWITCH = z.strictObject({ enabled: z.boolean() });
const STATE_SCHEMA = {
  type: "object",
  properties: { extension: { type: "string" }, enabled: { type: "boolean" } },
};
const STAFF = ["admin", "operator"] as const;

/** /dnd: the extensions on DND; one extension's switch. */
export function dndRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(FORWARD_READERS));
  app.get("/", (c) => {
    if (ownNumber(c) !== undefined) throw forbidden("extension users see only their own DND");
    return c.json({ items: callFeaturesOf(services).forwards.dndList() });
  });
  app.get("/:extension", (c) => {
    const extension = extensionParam(c, services);
    return c.json({ extension, enabled: callFeaturesOf(services).forwards.dnd(extension) });
  });
  app.put("/:extension", async (c) => {
    const extension = extensionParam(c, services);
    const body = await readBody(c, SWITCH);
    const forwards = callFeaturesOf(services).forwards;
    forwards.setDnd(extension, body.enabled, services.clock.now());
    return c.json({ extension, enabled: forwards.dnd(extension) });
  });
  return app;
}

const tag = "dnd";
const state = { description: "the extension's DND", schema: STATE_SCHEMA };

export const dndDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/dnd",
    tag,
    summary: "Extensions on do-not-disturb",
    access: STAFF,
    responses: {
      "200": {
        description: "numbers",
        schema: {
          type: "object",
          properties: { items: { type: "array", items: { type: "string" } } },
        },
      },
    },
  },
  {
    method: "get",
    path: "/dnd/{extension}",
    tag,
    summary: "One extension's DND (extension users: only their own)",
    access: FORWARD_READERS,
    responses: { "200": state, "403": "another extension's", "404": "no such extension" },
  },
  {
    method: "put",
    path: "/dnd/{extension}",
    tag,
    summary: "Switch an extension's DND (extension users: only their own)",
    access: FORWARD_READERS,
    requestBody: SWITCH,
    responses: {
      "200": state,
      "400": "bad input",
      "403": "another extension's",
      "404": "no such extension",
    },
  },
];

// SPEC CALL-3 follow-me settings (manual 高级功能 — 跟随): admins and operators set any
// extension's, an extension user its own. The list's numbers are dialled as the extension
// would dial them (extensions, or outside numbers through the outbound routes).
import { Hono } from "hono";
import { z } from "zod";
import type { FollowMeMode } from "../../../firmware/features/follow-me-store.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, FollowMeFacade } from "../services.ts";
import { extensionParam, FORWARD_READERS, ownNumber } from "./call-forward-access.ts";

const FOLLOW_ME_MODES = ["always", "confirm"] as const satisfies readonly FollowMeMode[];
/** Ring times a step may have (seconds), as the department ring time. */
const FOLLOW_ME_RING_S = { min: 5, max: 300 } as const;
/** Numbers a list may hold. */
const FOLLOW_ME_MAX_NUMBERS = 10;
const RING = z.number().int().min(FOLLOW_ME_RING_S.min).max(FOLLOW_ME_RING_S.max);
const SETTINGS = z.strictObject({
  enabled: z.boolean(),
  ringFirstS: RING,
  mode: z.enum(FOLLOW_ME_MODES),
  numbers: z
    .array(
      z.strictObject({
        number: z.string().regex(/^[0-9*#+]{1,32}$/, "must be digits a phone can dial"),
        ringS: RING,
      }),
    )
    .max(FOLLOW_ME_MAX_NUMBERS),
});
const STATE_SCHEMA = {
  type: "object",
  properties: {
    extension: { type: "string" },
    enabled: { type: "boolean" },
    ringFirstS: { type: "integer" },
    mode: { type: "string", enum: [...FOLLOW_ME_MODES] },
    numbers: {
      type: "array",
      items: {
        type: "object",
        properties: { number: { type: "string" }, ringS: { type: "integer" } },
      },
    },
  },
};
const STAFF = ["admin", "operator"] as const;

function followMeOf(services: ApiServices): FollowMeFacade {
  if (!services.followMe) throw new ApiError(503, "unavailable", "follow-me is not ready");
  return services.followMe;
}

/** /follow-me: the extensions with settings; one extension's settings. */
export function followMeRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(FORWARD_READERS));
  app.get("/", (c) => {
    if (ownNumber(c) !== undefined) throw forbidden("extension users see only their own");
    return c.json({ items: followMeOf(services).list() });
  });
  app.get("/:extension", (c) => c.json(followMeOf(services).get(extensionParam(c, services))));
  app.put("/:extension", async (c) => {
    const extension = extensionParam(c, services);
    const body = await readBody(c, SETTINGS);
    body.numbers.forEach((step, i) => {
      if (step.number === extension)
        throw new ApiError(
          400,
          "invalid",
          "numbers may not hold the extension itself",
          `numbers.${i}.number`,
        );
    });
    if (body.enabled && body.numbers.length === 0)
      throw new ApiError(400, "invalid", "numbers must hold at least one number", "numbers");
    return c.json(followMeOf(services).set({ extension, ...body }));
  });
  return app;
}

const tag = "follow-me";
const state = { description: "the extension's follow-me", schema: STATE_SCHEMA };

export const followMeDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/follow-me",
    tag,
    summary: "Extensions with follow-me settings",
    access: STAFF,
    responses: {
      "200": {
        description: "settings",
        schema: { type: "object", properties: { items: { type: "array", items: STATE_SCHEMA } } },
      },
    },
  },
  {
    method: "get",
    path: "/follow-me/{extension}",
    tag,
    summary: "One extension's follow-me (off when never set; extension users: only their own)",
    access: FORWARD_READERS,
    responses: { "200": state, "403": "another extension's", "404": "no such extension" },
  },
  {
    method: "put",
    path: "/follow-me/{extension}",
    tag,
    summary:
      "Set an extension's follow-me: ring it ringFirstS, then each number for its ringS; mode always or confirm (press 1)",
    access: FORWARD_READERS,
    requestBody: SETTINGS,
    responses: {
      "200": state,
      "400": "bad input",
      "403": "another extension's",
      "404": "no such extension",
    },
  },
];

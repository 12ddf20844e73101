// SPEC DEV-2, DEV-7: factory reset. Holding the reset button 6 s marks one as pending; an admin
// confirms it here (or a second long press within 30 s does, on the box). Confirming answers
// 202, then the box wipes its data directory and restarts on factory defaults.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { FactoryResetFacade } from "../board-facades.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";

const ADMIN = ["admin"] as const;
const CONFIRM = z.strictObject({
  confirm: z.boolean().describe("must be true: erases everything"),
});

const STATUS_SCHEMA = {
  type: "object",
  properties: {
    pending: { type: "boolean", description: "the reset button was held 6 s" },
    requestedAtMs: { type: ["integer", "null"] },
    secondPressUntilMs: { type: ["integer", "null"] },
    expiresAtMs: { type: ["integer", "null"] },
  },
};

/** /system/factory-reset: status, confirm, cancel. */
export function factoryResetRoutes(services: {
  factoryReset?: FactoryResetFacade | undefined;
}): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(ADMIN));
  app.use("*", async (_c, next) => {
    if (!services.factoryReset) throw new ApiError(404, "not_found", "factory reset unavailable");
    await next();
  });
  const reset: FactoryResetFacade = {
    status: () => services.factoryReset!.status(),
    confirm: () => services.factoryReset!.confirm(),
    cancel: () => services.factoryReset!.cancel(),
  };
  app.get("/", (c) => c.json(reset.status()));
  app.post("/", async (c) => {
    const body = await readBody(c, CONFIRM);
    if (body.confirm !== true)
      throw new ApiError(400, "invalid", "confirm must be true to erase the box", "confirm");
    reset.confirm();
    return c.json({ resetting: true }, 202);
  });
  app.delete("/", (c) => {
    if (!reset.cancel()) throw new ApiError(404, "not_found", "no factory reset is pending");
    return c.body(null, 204);
  });
  return app;
}

export const factoryResetDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/system/factory-reset",
    tag: "system",
    summary: "Whether a factory reset asked for by the reset button waits for confirmation",
    access: ADMIN,
    responses: { "200": { description: "the pending state", schema: STATUS_SCHEMA } },
  },
  {
    method: "post",
    path: "/system/factory-reset",
    tag: "system",
    summary: "Erase all data and restart on factory defaults",
    access: ADMIN,
    requestBody: CONFIRM,
    responses: {
      "202": {
        description: "the box wipes its data and restarts",
        schema: { type: "object", properties: { resetting: { const: true } } },
      },
      "400": "confirm is not true",
    },
  },
  {
    method: "delete",
    path: "/system/factory-reset",
    tag: "system",
    summary: "Withdraw a pending factory reset",
    access: ADMIN,
    responses: { "204": "withdrawn", "404": "none was pending" },
  },
];

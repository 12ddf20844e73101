// DESIGN "Interfaces that tests and tools rely on": the simulated board's control API, mounted
// only when the box runs on the simulated board (404 otherwise), admin only. It backs the
// virtual front panel: the handset on each FXS port, the exchange on each FXO port, the reset
// button and the USB stick; plus fault injection into the simulated chips for tests.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { SimFacade } from "../board-facades.ts";
import { checkBody, field, readBody } from "../body-spec.ts";
import type { RouteDoc, SchemaSource } from "../route-doc.ts";
import type { Outcome } from "../services.ts";

const ADMIN = ["admin"] as const;

const DIAL = z.strictObject({
  digits: z.string().regex(/^[0-9*#A-Da-d]{1,32}$/, "must be 1-32 of 0-9, *, #, A-D"),
});
const RING = z.strictObject({
  callerId: z
    .string()
    .regex(/^[0-9*#]{0,20}$/, "must be up to 20 digits")
    .describe("the calling number the exchange sends (digits)")
    .optional(),
});
const WIRING = z.strictObject({
  connected: z.boolean().describe("the cable to the exchange is plugged in").optional(),
  reversed: z.boolean().describe("tip and ring swapped").optional(),
  extensionOffHook: z.boolean().describe("a phone wired in parallel is off the hook").optional(),
});
const HOLD = z.strictObject({
  holdMs: field.whole(0, 600_000).describe("6000 or more is a long press"),
});
const USB = z.strictObject({
  inserted: z.boolean(),
  freeBytes: z
    .number()
    .int()
    .min(0)
    .describe("report at most this much free space (a nearly full stick)")
    .optional(),
});
const FAULT = z.strictObject({
  fault: z
    .string()
    .max(32)
    .describe(
      "FXS: no-response, reads-zero, power-alarm, battery-fault; FXO: no-response, reads-zero, line-fault",
    ),
});

function value<T>(o: Outcome<T>): T {
  if (o.ok) return o.value;
  if (o.error.code === "invalid_state") throw new ApiError(409, "invalid_state", o.error.message);
  throw new ApiError(400, "invalid", o.error.message, o.error.field);
}

function portOf(c: Context<ApiEnv>): number {
  const raw = c.req.param("port") ?? "";
  if (!/^[1-9][0-9]?$/.test(raw))
    throw new ApiError(400, "invalid", "port must be a port number", "port");
  return Number(raw);
}

/** /sim/... over the simulator's control facade; 404 when the board is not simulated. */
export function simRoutes(services: { sim?: SimFacade | undefined }): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", async (_c, next) => {
    if (!services.sim) throw new ApiError(404, "not_found", "not running on the simulated board");
    await next();
  });
  app.use("*", requireAccess(ADMIN));
  // Checked by the first middleware.
  const sim = (): SimFacade => services.sim!;

  app.get("/fxs/:port", (c) => c.json(value(sim().fxs(portOf(c)))));
  for (const action of ["offhook", "onhook", "flash"] as const) {
    app.post(`/fxs/:port/${action}`, (c) => c.json(value(sim().fxsAction(portOf(c), action))));
  }
  app.post("/fxs/:port/dial", async (c) => {
    const port = portOf(c);
    const body = await readBody(c, DIAL);
    return c.json(value(sim().fxsDial(port, body.digits)));
  });

  app.get("/fxo/:port", (c) => c.json(value(sim().fxo(portOf(c)))));
  app.post("/fxo/:port/ring", async (c) => {
    const port = portOf(c);
    // The body is optional: a ring without caller ID.
    const raw = await c.req.text();
    let parsed: unknown = {};
    try {
      if (raw.trim() !== "") parsed = JSON.parse(raw);
    } catch {
      throw new ApiError(400, "bad_json", "the body must be JSON (Content-Type: application/json)");
    }
    const body = checkBody(parsed, RING);
    return c.json(value(sim().fxoRing(port, body.callerId)));
  });
  for (const action of ["answer", "hangup"] as const) {
    app.post(`/fxo/:port/${action}`, (c) => c.json(value(sim().fxoAction(portOf(c), action))));
  }
  app.post("/fxo/:port/wiring", async (c) => {
    const port = portOf(c);
    const body = await readBody(c, WIRING);
    return c.json(value(sim().fxoWiring(port, body)));
  });

  app.post("/buttons/reset", async (c) => {
    const body = await readBody(c, HOLD);
    value(sim().resetButton(body.holdMs));
    return c.json({ holdMs: body.holdMs }, 202);
  });
  app.post("/usb", async (c) => {
    const body = await readBody(c, USB);
    value(sim().usb(body.inserted, body.freeBytes));
    return c.json({ inserted: body.inserted });
  });
  for (const kind of ["fxs", "fxo"] as const) {
    app.post(`/${kind}/:port/fault`, async (c) => {
      const port = portOf(c);
      const body = await readBody(c, FAULT);
      value(sim().injectFault(kind, port, body.fault));
      return c.body(null, 204);
    });
  }
  return app;
}

const doc = (
  method: "get" | "post",
  path: string,
  summary: string,
  requestBody?: SchemaSource,
  success: RouteDoc["responses"] = {
    "200": {
      description: "the simulated handset or line after the action",
      schema: { type: "object", additionalProperties: true },
    },
  },
): RouteDoc => ({
  method,
  path: `/sim${path}`,
  tag: "simulator",
  summary: `${summary} (simulated board only)`,
  access: ADMIN,
  ...(requestBody ? { requestBody } : {}),
  responses: {
    ...success,
    "400": "unknown port or bad input (the field is named)",
    "404": "not running on the simulated board",
    "409": "not possible now (e.g. dialling on-hook)",
  },
});

const FAULTED = { "204": "the fault is in place" };

export const simDocs: RouteDoc[] = [
  doc("get", "/fxs/{port}", "The handset on an FXS port: hook, ringing, caller ID, what it hears"),
  doc("post", "/fxs/{port}/offhook", "Lift the handset"),
  doc("post", "/fxs/{port}/onhook", "Put the handset down"),
  doc("post", "/fxs/{port}/flash", "Press the hook switch briefly"),
  doc("post", "/fxs/{port}/dial", "Key DTMF digits", DIAL),
  doc("post", "/fxs/{port}/fault", "Make the port's SLIC fail", FAULT, FAULTED),
  doc("get", "/fxo/{port}", "The exchange's side of an FXO line"),
  doc("post", "/fxo/{port}/ring", "The exchange rings the line, with caller ID", RING),
  doc("post", "/fxo/{port}/answer", "The far end answers a call the box placed"),
  doc("post", "/fxo/{port}/hangup", "The far end hangs up"),
  doc(
    "post",
    "/fxo/{port}/wiring",
    "The pair: unplug it, swap tip and ring, lift a phone in parallel",
    WIRING,
  ),
  doc("post", "/fxo/{port}/fault", "Make the port's DAA fail", FAULT, FAULTED),
  doc("post", "/buttons/reset", "Hold the reset button for holdMs", HOLD, {
    "202": { description: "held", schema: HOLD },
  }),
  doc("post", "/usb", "Insert or remove the USB stick", USB, {
    "200": { description: "the stick's state", schema: USB },
  }),
];

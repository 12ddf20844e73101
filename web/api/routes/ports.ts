// SPEC STAT-3: the analog ports: each FXS and FXO port, its type, its state (idle, off-hook,
// ringing, in-use, faulty) and why a faulty one is faulty. SPEC DEV-2, EXT-5: each port's line
// figures with hints in words, and the installer's tests on an FXS port (ring, caller ID, DTMF).
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { PortDiagnosticsFacade, PortsFacade } from "../board-facades.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc, SchemaSource } from "../route-doc.ts";

const STAFF = ["admin", "operator"] as const;

const PORT_SCHEMA = {
  type: "object",
  properties: {
    port: { type: "string", description: '"fxs1", "fxo2", ...' },
    type: { enum: ["fxs", "fxo"] },
    index: { type: "integer" },
    state: { enum: ["idle", "off-hook", "ringing", "in-use", "faulty"] },
    fault: {
      type: ["object", "null"],
      properties: { reason: { type: "string" }, detail: { type: "string" } },
    },
    extension: { type: "string", description: "FXS: the analog extension number" },
    lineConnected: { type: "boolean", description: "FXO: the exchange line is plugged in" },
  },
};

const CALLER_ID_TEST = z.strictObject({
  number: z.string().regex(/^[0-9*#]{1,20}$/, "must be 1-20 of 0-9, * and #"),
});

/** GET /ports, GET /ports/{port}/diagnostics, POST/DELETE /ports/{port}/tests/... */
export function portRoutes(services: { ports?: PortsFacade | undefined }): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  app.get("/", (c) => c.json({ items: services.ports?.list() ?? [] }));
  const diagnostics = (): PortDiagnosticsFacade => {
    const d = services.ports?.diagnostics;
    if (!d) throw new ApiError(404, "not_found", "this box has no analog ports", "port");
    return d;
  };
  const portOf = (c: Context<ApiEnv>): string => c.req.param("port") ?? "";
  app.get("/:port/diagnostics", (c) => c.json(unwrap(diagnostics().diagnostics(portOf(c)))));
  app.post("/:port/tests/ring", (c) => c.json(unwrap(diagnostics().ringTest(portOf(c)))));
  app.post("/:port/tests/caller-id", async (c) => {
    const port = portOf(c);
    const body = await readBody(c, CALLER_ID_TEST);
    return c.json(unwrap(diagnostics().callerIdTest(port, body.number)));
  });
  app.post("/:port/tests/dtmf", (c) => c.json(unwrap(diagnostics().dtmfTest(portOf(c)))));
  app.delete("/:port/tests", (c) => c.json(unwrap(diagnostics().stopTests(portOf(c)))));
  return app;
}

const HINT_SCHEMA = {
  type: "object",
  properties: {
    code: {
      enum: [
        "port-faulty",
        "handset-off-hook",
        "no-line",
        "line-reversed",
        "loop-current-low",
        "line-voltage-low",
      ],
    },
    message: { type: "string", description: "the hint in English words" },
  },
};

const DIAGNOSTICS_SCHEMA = {
  type: "object",
  description:
    "FXS: hook, lineVoltageV, loopCurrentMa, polarity, onHookVoltageV, offHookVoltageV, offHookLoopCurrentMa, test ({kind: ring | caller-id | dtmf, digits}); FXO: lineConnected, lineVoltageV, polarity, loopCurrentMa (when last seized), ringCount, ringCadenceMs, lastCallerId",
  properties: {
    port: { type: "string" },
    type: { enum: ["fxs", "fxo"] },
    state: { enum: ["idle", "off-hook", "ringing", "in-use", "faulty"] },
    hints: { type: "array", items: HINT_SCHEMA },
    atMs: { type: "integer" },
  },
};

const PORT_PARAM = 'the port: "fxs1", "fxo2", ...';
const REFUSED = {
  "400": "not an FXS port, or a bad body (the field is named)",
  "404": "no such port",
  "409": "the port is in a call, ringing, off the hook or faulty (the reason is named)",
};
const testDoc = (path: string, summary: string, body?: SchemaSource): RouteDoc => ({
  method: "post",
  path,
  tag: "status",
  summary: `${summary} (${PORT_PARAM})`,
  access: STAFF,
  ...(body ? { requestBody: body } : {}),
  responses: {
    "200": {
      description: "the port's diagnostics with the test running",
      schema: DIAGNOSTICS_SCHEMA,
    },
    ...REFUSED,
  },
});

export const portDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/ports",
    tag: "status",
    summary: "Every FXS and FXO port with its type and state",
    access: STAFF,
    responses: {
      "200": {
        description: "the analog ports, FXS first",
        schema: { type: "object", properties: { items: { type: "array", items: PORT_SCHEMA } } },
      },
    },
  },
  {
    method: "get",
    path: "/ports/{port}/diagnostics",
    tag: "status",
    summary: `A port's line figures measured by its SLIC/DAA, with hints for values out of range (${PORT_PARAM})`,
    access: STAFF,
    responses: {
      "200": { description: "the figures now", schema: DIAGNOSTICS_SCHEMA },
      "404": "no such port",
    },
  },
  testDoc("/ports/{port}/tests/ring", "Ring the handset with the country's cadence (a few cycles)"),
  testDoc(
    "/ports/{port}/tests/caller-id",
    "Ring and send a test caller ID to the handset",
    CALLER_ID_TEST,
  ),
  testDoc(
    "/ports/{port}/tests/dtmf",
    "DTMF test: keys pressed on the handset show in test.digits instead of being dialled",
  ),
  {
    method: "delete",
    path: "/ports/{port}/tests",
    tag: "status",
    summary: `Stop the port's test (${PORT_PARAM})`,
    access: STAFF,
    responses: {
      "200": { description: "the port's diagnostics", schema: DIAGNOSTICS_SCHEMA },
      ...REFUSED,
    },
  },
];

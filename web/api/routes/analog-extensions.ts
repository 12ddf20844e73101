// SPEC EXT-5: analog extensions, one per FXS port found at start: channel and number fixed,
// alias, department, recording, language, dial permission and receive/transmit gain editable
// by admins and operators.
import { type Context, Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { AnalogExtensionsFacade } from "../services.ts";

const STAFF = ["admin", "operator"] as const;

const FIELDS = {
  alias: { kind: "string", description: "shown as the name in the extension lists" },
  departmentId: { kind: "integer-or-null" },
  recording: { kind: "string", enum: ["none", "inbound", "outbound", "all"] },
  language: { kind: "string", enum: ["", "zh", "en"] },
  dialPermission: { kind: "string" },
  rxGainDb: { kind: "integer", description: "microphone into the box, -24..12 dB (呼入音量)" },
  txGainDb: { kind: "integer", description: "box to the earpiece, -24..12 dB (呼出音量)" },
} as const;

const VIEW_SCHEMA = {
  ...jsonSchemaOf({
    channel: { kind: "integer" },
    number: { kind: "string" },
    name: { kind: "string" },
    ...FIELDS,
  }),
  additionalProperties: true,
};

/** /analog-extensions: list; PATCH one by channel. */
export function analogExtensionRoutes(services: {
  analogExtensions?: AnalogExtensionsFacade | undefined;
}): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  app.get("/", (c) => c.json({ items: services.analogExtensions?.list() ?? [] }));
  app.patch("/:channel", async (c) => {
    const channel = channelOf(c);
    const body = await readBody(c, FIELDS);
    const analog = services.analogExtensions;
    if (!analog) throw notFound("such FXS channel");
    return c.json(unwrap(analog.update(channel, body)));
  });
  return app;
}

function channelOf(c: Context<ApiEnv>): number {
  const raw = c.req.param("channel") ?? "";
  if (!/^[1-9][0-9]?$/.test(raw)) throw notFound("such FXS channel");
  return Number(raw);
}

export const analogExtensionDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/analog-extensions",
    tag: "extensions",
    summary: "The analog extensions (one per FXS port)",
    access: STAFF,
    responses: {
      "200": {
        description: "by channel",
        schema: { type: "object", properties: { items: { type: "array", items: VIEW_SCHEMA } } },
      },
    },
  },
  {
    method: "patch",
    path: "/analog-extensions/{channel}",
    tag: "extensions",
    summary:
      "Change an analog extension's alias, department, recording, language, permission, gains",
    access: STAFF,
    requestBody: jsonSchemaOf(FIELDS),
    responses: {
      "200": { description: "the analog extension", schema: VIEW_SCHEMA },
      "400": "bad input (the field is named)",
      "404": "no such FXS channel",
    },
  },
];

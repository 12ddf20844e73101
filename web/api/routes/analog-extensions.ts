// SPEC EXT-5: analog extensions, one per FXS port found at start: channel and number fixed,
// alias, department, recording, language, dial permission and receive/transmit gain editable
// by admins and operators. SPEC CALL-7: voicemail on/off, the e-mail address and the mailbox
// PIN (write-only: stored hashed, only `voicemailPinSet` is shown).
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { AnalogExtensionsFacade } from "../services.ts";

const STAFF = ["admin", "operator"] as const;

const FIELDS = z.strictObject({
  alias: field.text(64).describe("shown as the name in the extension lists").optional(),
  departmentId: field.idOrNull().optional(),
  recording: z.enum(["none", "inbound", "outbound", "all"]).optional(),
  language: z.enum(["", "zh", "en"]).optional(),
  dialPermission: z
    .string()
    .regex(/^[a-z0-9-]{1,32}$/)
    .optional(),
  rxGainDb: field.whole(-24, 12).describe("microphone into the box, dB (呼入音量)").optional(),
  txGainDb: field.whole(-24, 12).describe("box to the earpiece, dB (呼出音量)").optional(),
  voicemailEnabled: z
    .boolean()
    .describe("busy and no answer go to the mailbox; needs a PIN")
    .optional(),
  email: field
    .text(254, /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, "must be an email address")
    .describe("new messages are mailed here")
    .optional(),
  voicemailPin: z
    .string()
    .regex(/^[0-9]{4,8}$/, "must be 4-8 digits")
    .describe("the mailbox PIN the handset gives at *61#, stored hashed")
    .optional(),
});

const VIEW_SCHEMA = () => ({
  ...jsonSchemaOf(
    z.object({
      channel: z.int(),
      number: z.string(),
      name: z.string(),
      ...FIELDS.omit({ voicemailPin: true }).shape,
      voicemailPinSet: z.boolean(),
    }),
  ),
  additionalProperties: true,
});

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
      "Change an analog extension's alias, department, recording, language, permission, gains, voicemail",
    access: STAFF,
    requestBody: FIELDS,
    responses: {
      "200": { description: "the analog extension", schema: VIEW_SCHEMA },
      "400": "bad input (the field is named)",
      "404": "no such FXS channel",
    },
  },
];

// SPEC CALL-7 voicemail on the web: an extension user lists, plays, saves and deletes the
// messages of its own mailbox (another's answers 404 as if it did not exist); the admin and
// operators do so for any mailbox and change mailbox settings (on/off, e-mail, PIN, longest
// message, mail on a new message). The PIN is write-only: it is stored hashed, never shown.
// A mailbox's greetings (busy, unavailable) are uploaded, played and deleted by its owner and
// by staff: an upload goes through the voice files' checks and conversion (voice-files.ts) and
// replaces the old greeting only once it is whole.
import { type Context, Hono } from "hono";
import { z } from "zod";
import type { MailboxView } from "../../../firmware/voicemail/voicemail-facade.ts";
import type {
  GreetingKind,
  VoicemailMessage,
} from "../../../firmware/voicemail/voicemail-store.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { field, readBody } from "../body-spec.ts";
import { readMultipartFile } from "../multipart-file.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, VoicemailFacade } from "../services.ts";
import { unwrapVoice, uploadLimit, wavResponse } from "./voice-files.ts";

const STAFF = ["admin", "operator"] as const;
const READERS = ["admin", "operator", "extension"] as const;
const GREETING_KINDS = ["busy", "unavailable"] as const;

const STATUS = z.strictObject({ status: z.enum(["new", "saved"]) });
const MAILBOX = z.strictObject({
  enabled: z.boolean().optional(),
  email: z.string().max(254).optional(),
  pin: z
    .string()
    .regex(/^[0-9]{4,8}$/, "must be 4-8 digits")
    .optional(),
  maxMessageS: field.whole(10, 600).optional(),
  emailNotify: z.boolean().optional(),
});

/** /voicemail: messages and mailboxes. */
export function voicemailRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const vm = (): VoicemailFacade => {
    if (!services.voicemail) throw new ApiError(503, "unavailable", "voicemail is not ready");
    return services.voicemail;
  };
  /** The mailbox asked for: an extension user's is always its own. */
  const mailboxOf = (c: Context<ApiEnv>, asked: string | undefined): string => {
    const own = ownNumber(c);
    if (own !== undefined) {
      if (asked !== undefined && asked !== own)
        throw new ApiError(404, "not_found", "no such mailbox");
      return own;
    }
    if (!asked || !/^[0-9]{1,20}$/.test(asked))
      throw new ApiError(400, "invalid", "mailbox must be an extension number", "mailbox");
    return asked;
  };
  const visible = (c: Context<ApiEnv>): VoicemailMessage => {
    const raw = c.req.param("id") ?? "";
    const message = /^[1-9][0-9]{0,12}$/.test(raw) ? vm().message(Number(raw)) : undefined;
    const own = ownNumber(c);
    if (!message || (own !== undefined && message.mailbox !== own))
      throw new ApiError(404, "not_found", "no such message");
    return message;
  };

  app.get("/messages", requireAccess(READERS), (c) => {
    const mailbox = mailboxOf(c, c.req.query("mailbox") || undefined);
    return c.json({ items: vm().messages(mailbox) });
  });
  app.get("/messages/:id/audio", requireAccess(READERS), (c) => {
    const message = visible(c);
    const blob = vm().audio(message.id);
    if (!blob) throw new ApiError(404, "not_found", "the message's file is missing");
    return wavResponse(blob, `voicemail-${message.mailbox}-${message.id}.wav`);
  });
  app.patch("/messages/:id", requireAccess(READERS), async (c) => {
    const message = visible(c);
    const body = await readBody(c, STATUS);
    vm().setStatus(message.id, body.status);
    return c.json(vm().message(message.id));
  });
  app.delete("/messages/:id", requireAccess(READERS), (c) => {
    if (!vm().remove(visible(c).id)) throw new ApiError(404, "not_found", "no such message");
    return c.body(null, 204);
  });
  app.get("/mailboxes/:number", requireAccess(READERS), (c) => {
    const view = vm().mailbox(mailboxOf(c, c.req.param("number")));
    if (!view) throw new ApiError(404, "not_found", "no such mailbox");
    return c.json(view);
  });
  app.put("/mailboxes/:number", requireAccess(STAFF), async (c) => {
    const body = await readBody(c, MAILBOX);
    return c.json(unwrap(vm().updateMailbox(mailboxOf(c, c.req.param("number")), body)));
  });

  const greeting = "/mailboxes/:number/greetings/:kind";
  app.get(`${greeting}/audio`, requireAccess(READERS), (c) => {
    const mailbox = mailboxOf(c, c.req.param("number"));
    const kind = greetingKind(c);
    const blob = vm().greetingAudio(mailbox, kind);
    if (!blob) throw new ApiError(404, "not_found", `no recorded ${kind} greeting`);
    return wavResponse(blob, `greeting-${mailbox}-${kind}.wav`);
  });
  app.post(greeting, requireAccess(READERS), uploadLimit(services), async (c) => {
    const mailbox = mailboxOf(c, c.req.param("number"));
    const kind = greetingKind(c);
    const { file } = await readMultipartFile(
      c,
      [],
      'send multipart/form-data with the greeting (MP3 or WAV) in a field named "file"',
    );
    const upload = { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name };
    return c.json(unwrapVoice(await vm().saveGreeting(mailbox, kind, upload)));
  });
  app.delete(greeting, requireAccess(READERS), (c) => {
    const mailbox = mailboxOf(c, c.req.param("number"));
    unwrapVoice(vm().removeGreeting(mailbox, greetingKind(c)));
    return c.body(null, 204);
  });
  return app;
}

function greetingKind(c: Context<ApiEnv>): GreetingKind {
  const kind = c.req.param("kind") ?? "";
  if (!(GREETING_KINDS as readonly string[]).includes(kind))
    throw new ApiError(404, "not_found", "no such greeting: busy or unavailable");
  return kind as GreetingKind;
}

function ownNumber(c: Context<ApiEnv>): string | undefined {
  const principal = c.get("auth")?.principal;
  return principal?.kind === "extension" ? principal.number : undefined;
}

const MESSAGE_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "integer" },
    mailbox: { type: "string" },
    callerNumber: { type: "string" },
    callerName: { type: "string" },
    receivedMs: { type: "integer", description: "when it was left (ms since the epoch)" },
    durationMs: { type: "integer" },
    status: { type: "string", enum: ["new", "saved"] },
  },
};
const MAILBOX_SCHEMA = {
  type: "object",
  properties: {
    extension: { type: "string" },
    enabled: { type: "boolean" },
    email: { type: "string" },
    pinSet: { type: "boolean", description: "a PIN was set since the extension's own" },
    maxMessageS: { type: "integer" },
    emailNotify: { type: "boolean" },
    busyGreeting: { type: "boolean" },
    unavailableGreeting: { type: "boolean" },
    newMessages: { type: "integer" },
    oldMessages: { type: "integer" },
  },
} satisfies { properties: Record<keyof MailboxView, unknown> } & Record<string, unknown>;

export const voicemailDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/voicemail/messages",
    tag: "voicemail",
    summary: "A mailbox's messages, newest first (an extension user gets its own)",
    access: READERS,
    query: [{ name: "mailbox", type: "string", description: "the extension (staff only)" }],
    responses: {
      "200": {
        description: "the messages",
        schema: { type: "object", properties: { items: { type: "array", items: MESSAGE_SCHEMA } } },
      },
      "400": "no mailbox named",
      "404": "another extension's mailbox",
    },
  },
  {
    method: "get",
    path: "/voicemail/messages/{id}/audio",
    tag: "voicemail",
    summary: "A message as WAV (8 kHz mono)",
    access: READERS,
    responses: { "200": fileResponse("the WAV file", "audio/wav"), "404": "no such message" },
  },
  {
    method: "patch",
    path: "/voicemail/messages/{id}",
    tag: "voicemail",
    summary: "Mark a message saved (heard) or new",
    access: READERS,
    requestBody: STATUS,
    responses: {
      "200": { description: "the message", schema: MESSAGE_SCHEMA },
      "404": "no such message",
    },
  },
  {
    method: "delete",
    path: "/voicemail/messages/{id}",
    tag: "voicemail",
    summary: "Delete a message and its file",
    access: READERS,
    responses: { "204": "deleted", "404": "no such message" },
  },
  {
    method: "get",
    path: "/voicemail/mailboxes/{number}",
    tag: "voicemail",
    summary: "A mailbox's settings and counts",
    access: READERS,
    responses: {
      "200": { description: "the mailbox", schema: MAILBOX_SCHEMA },
      "404": "no such mailbox",
    },
  },
  {
    method: "put",
    path: "/voicemail/mailboxes/{number}",
    tag: "voicemail",
    summary: "Change a mailbox: on/off, e-mail address, PIN (stored hashed), longest message, mail",
    access: STAFF,
    requestBody: MAILBOX,
    responses: {
      "200": { description: "the mailbox", schema: MAILBOX_SCHEMA },
      "400": "bad input (the field is named)",
      "404": "no such extension",
    },
  },
  {
    method: "post",
    path: "/voicemail/mailboxes/{number}/greetings/{kind}",
    tag: "voicemail",
    summary:
      'Upload the busy or unavailable greeting (MP3 or WAV, multipart field "file"); stored as 8 kHz 16-bit mono WAV in place of the old one once whole',
    access: READERS,
    requestBody: {
      type: "object",
      required: ["file"],
      properties: {
        file: {
          type: "string",
          format: "binary",
          description: "MP3 or WAV, up to 20 MB and 1 minute",
        },
      },
    },
    requestBodyType: "multipart/form-data",
    responses: {
      "200": { description: "the mailbox (its greeting flags)", schema: MAILBOX_SCHEMA },
      "400": "not a WAV or MP3 file (not_audio) or longer than 1 minute (too_long)",
      "404":
        "no such extension, another extension's mailbox, or a kind other than busy/unavailable",
      "413": "larger than the upload limit",
      "415": "not multipart/form-data",
      "507": "the box's storage is full (disk-full); the old greeting stays",
    },
  },
  {
    method: "get",
    path: "/voicemail/mailboxes/{number}/greetings/{kind}/audio",
    tag: "voicemail",
    summary: "The recorded busy or unavailable greeting as WAV (8 kHz mono)",
    access: READERS,
    responses: {
      "200": fileResponse("the WAV file", "audio/wav"),
      "404": "no recorded greeting of that kind (callers hear the built-in one)",
    },
  },
  {
    method: "delete",
    path: "/voicemail/mailboxes/{number}/greetings/{kind}",
    tag: "voicemail",
    summary: "Delete the recorded greeting: callers hear the built-in greeting again",
    access: READERS,
    responses: { "204": "deleted", "404": "no recorded greeting of that kind" },
  },
];

// SPEC VOICE-1 (music-on-hold classes: name, play mode, MP3/WAV uploads converted at upload)
// and VOICE-2 (custom prompts: upload, list, download, delete). Uploads are
// multipart/form-data with the audio in a field named "file" and an optional "name" (else
// the file's own name without its extension), as a browser form or fetch(FormData) sends.
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import { readMultipartFile } from "../multipart-file.ts";
import { API_BASE } from "../openapi-document.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices, AudioUpload, Outcome, VoiceFilesFacade } from "../services.ts";

const STAFF = ["admin", "operator"] as const;
const PLAY_MODES = ["random", "in-order"] as const;

/**
 * Upload paths get the upload body limit instead of the API's JSON limit (create-api.ts):
 * prompts, music on hold, and mailbox greetings (voicemail.ts).
 */
export function isVoiceUploadPath(path: string): boolean {
  const rest = path.startsWith(API_BASE) ? path.slice(API_BASE.length) : path;
  return /^\/(prompts|moh-classes\/[^/]+\/files|voicemail\/mailboxes\/[^/]+\/greetings\/[^/]+)\/?$/.test(
    rest,
  );
}

const CLASS_FIELDS = z.strictObject({ playMode: z.enum(PLAY_MODES).optional() });
const CLASS_CREATE = CLASS_FIELDS.extend({
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "must be 1-32 letters, digits, _ or -")
    .describe("also what extensions and queues name"),
});

const STATUS_OF_CODE: Record<string, ContentfulStatusCode> = {
  not_found: 404,
  taken: 409,
  protected: 409,
  in_use: 409,
  too_large: 413,
  unavailable: 409,
  no_ports: 503,
};

/** The value, or the store's refusal as HTTP: "file is not a WAV or MP3 file". */
export function unwrapVoice<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  const { code, field, message } = outcome.error;
  const text = field ? `${field} ${message}` : message;
  throw new ApiError(STATUS_OF_CODE[code] ?? 400, code, text, field);
}

function voiceOf(services: ApiServices): VoiceFilesFacade {
  if (!services.voiceFiles) throw new ApiError(503, "unavailable", "voice files are not ready");
  return services.voiceFiles;
}

// Multipart framing around a file is a few hundred bytes; the store checks the file itself.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export function uploadLimit(services: ApiServices): MiddlewareHandler<ApiEnv> {
  const maxBytes = services.voiceFiles?.uploadLimits.maxUploadBytes ?? 20 * 1024 * 1024;
  return bodyLimit({
    maxSize: maxBytes + MULTIPART_OVERHEAD_BYTES,
    onError: () => {
      const mb = Math.round(maxBytes / (1024 * 1024));
      throw new ApiError(413, "too_large", `file is larger than the ${mb} MB upload limit`, "file");
    },
  });
}

/** The "file" (and optional "name") of a multipart upload; other fields are refused. */
async function readUpload(c: Context<ApiEnv>): Promise<AudioUpload> {
  const { form, file } = await readMultipartFile(
    c,
    ["name"],
    'send multipart/form-data with the audio in a field named "file"',
  );
  const name = form.get("name");
  if (name !== null && typeof name !== "string") {
    throw new ApiError(400, "invalid", "name must be text", "name");
  }
  const upload: AudioUpload = {
    bytes: new Uint8Array(await file.arrayBuffer()),
    fileName: file.name,
  };
  if (name) upload.name = name;
  return upload;
}

/** A stored WAV as a download named after it. */
export function wavResponse(blob: Blob, fileName: string): Response {
  return new Response(blob, {
    headers: {
      "Content-Type": "audio/wav",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}

/** /moh-classes and /moh-classes/{name}/files. */
export function mohClassRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  const moh = () => voiceOf(services).moh;
  const param = (c: Context<ApiEnv>, name: string) => c.req.param(name) ?? "";

  app.get("/", (c) => c.json({ items: moh().listClasses() }));
  app.post("/", async (c) => {
    const body = await readBody(c, CLASS_CREATE);
    return c.json(unwrapVoice(moh().createClass(body)), 201);
  });
  app.get("/:name", (c) => {
    const cls = moh().getClass(param(c, "name"));
    if (!cls) throw new ApiError(404, "not_found", "no such music-on-hold class");
    return c.json(cls);
  });
  app.patch("/:name", async (c) => {
    const body = await readBody(c, CLASS_FIELDS);
    return c.json(unwrapVoice(moh().updateClass(param(c, "name"), body)));
  });
  app.delete("/:name", (c) => {
    unwrapVoice(moh().deleteClass(param(c, "name")));
    return c.body(null, 204);
  });

  app.get("/:name/files", (c) => c.json({ items: unwrapVoice(moh().listFiles(param(c, "name"))) }));
  app.post("/:name/files", uploadLimit(services), async (c) => {
    const upload = await readUpload(c);
    return c.json(unwrapVoice(await moh().addFile(param(c, "name"), upload)), 201);
  });
  app.delete("/:name/files/:file", (c) => {
    unwrapVoice(moh().deleteFile(param(c, "name"), param(c, "file")));
    return c.body(null, 204);
  });
  app.get("/:name/files/:file/audio", (c) => {
    const file = param(c, "file");
    const blob = moh().fileAudio(param(c, "name"), file);
    if (!blob) throw new ApiError(404, "not_found", "no such file in this class");
    return wavResponse(blob, `${file}.wav`);
  });
  return app;
}

/** /prompts: the operator's custom prompts. */
export function promptRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  const prompts = () => voiceOf(services).prompts;
  const notFound = () => new ApiError(404, "not_found", "no such prompt");

  app.get("/", (c) => c.json({ items: prompts().list() }));
  app.post("/", uploadLimit(services), async (c) => {
    const upload = await readUpload(c);
    return c.json(unwrapVoice(await prompts().add(upload)), 201);
  });
  app.get("/:name", (c) => {
    const prompt = prompts().get(c.req.param("name"));
    if (!prompt) throw notFound();
    return c.json(prompt);
  });
  app.get("/:name/audio", (c) => {
    const name = c.req.param("name");
    const blob = prompts().audio(name);
    if (!blob) throw notFound();
    return wavResponse(blob, `${name}.wav`);
  });
  app.delete("/:name", (c) => {
    unwrapVoice(prompts().delete(c.req.param("name")));
    return c.body(null, 204);
  });
  // SPEC VOICE-2 "play on extension": the box calls the phone and plays the prompt.
  app.post("/:name/play", async (c) => {
    const name = c.req.param("name");
    if (!prompts().get(name)) throw notFound();
    const body = await readBody(c, PLAY_FIELDS);
    if (!services.promptCalls) throw new ApiError(503, "unavailable", "calls are not ready");
    return c.json(unwrapVoice(await services.promptCalls.play(name, body.extension)), 202);
  });
  return app;
}

const PLAY_FIELDS = z.strictObject({
  extension: z.string().max(8).describe("the extension to call"),
});

const CLASS_SCHEMA = {
  type: "object",
  properties: {
    name: { type: "string" },
    playMode: { type: "string", enum: [...PLAY_MODES] },
    fileCount: { type: "integer" },
    durationMs: { type: "integer" },
    createdAt: { type: "string", format: "date-time" },
  },
};
const FILE_SCHEMA = {
  type: "object",
  description: "a stored 8 kHz 16-bit mono WAV",
  properties: {
    name: { type: "string" },
    durationMs: { type: "integer" },
    bytes: { type: "integer" },
    source: { type: "string", description: 'what was uploaded, e.g. "mp3 44100 Hz stereo"' },
    createdAt: { type: "string", format: "date-time" },
  },
};
const UPLOAD_SCHEMA = {
  type: "object",
  required: ["file"],
  properties: {
    file: { type: "string", format: "binary", description: "MP3 or WAV, up to 20 MB, 10 min" },
    name: { type: "string", description: "stored name; default: the file's name, no extension" },
  },
};
const list = (schema: Record<string, unknown>) => ({
  type: "object",
  properties: { items: { type: "array", items: schema } },
});
const UPLOAD_REFUSALS = {
  "400": "not a WAV or MP3 file (not_audio), longer than 10 minutes (too_long), or a bad name",
  "409": "the name is taken",
  "413": "larger than the upload limit",
  "415": "not multipart/form-data",
  "507": "the box's storage is full (disk-full); nothing was stored",
};
const doc = (d: Omit<RouteDoc, "access">): RouteDoc => ({ access: STAFF, ...d });

export const voiceFileDocs: RouteDoc[] = [
  doc({
    method: "get",
    path: "/moh-classes",
    tag: "voice",
    summary: "List music-on-hold classes",
    responses: { "200": { description: "every class", schema: list(CLASS_SCHEMA) } },
  }),
  doc({
    method: "post",
    path: "/moh-classes",
    tag: "voice",
    summary: "Create a music-on-hold class",
    requestBody: CLASS_CREATE,
    responses: {
      "201": { description: "the class", schema: CLASS_SCHEMA },
      "400": "bad name",
      "409": "name taken",
    },
  }),
  doc({
    method: "get",
    path: "/moh-classes/{name}",
    tag: "voice",
    summary: "One music-on-hold class",
    responses: {
      "200": { description: "the class", schema: CLASS_SCHEMA },
      "404": "no such class",
    },
  }),
  doc({
    method: "patch",
    path: "/moh-classes/{name}",
    tag: "voice",
    summary: "Change a class's play mode (its stream restarts)",
    requestBody: CLASS_FIELDS,
    responses: {
      "200": { description: "the class", schema: CLASS_SCHEMA },
      "404": "no such class",
    },
  }),
  doc({
    method: "delete",
    path: "/moh-classes/{name}",
    tag: "voice",
    summary: "Delete a class and its files",
    responses: {
      "204": "deleted",
      "404": "no such class",
      "409": "the default class (protected) or a class extensions use (in_use)",
    },
  }),
  doc({
    method: "get",
    path: "/moh-classes/{name}/files",
    tag: "voice",
    summary: "List a class's files",
    responses: {
      "200": { description: "the files", schema: list(FILE_SCHEMA) },
      "404": "no such class",
    },
  }),
  doc({
    method: "post",
    path: "/moh-classes/{name}/files",
    tag: "voice",
    summary: "Upload an MP3 or WAV into a class; stored converted to 8 kHz 16-bit mono",
    requestBody: UPLOAD_SCHEMA,
    requestBodyType: "multipart/form-data",
    responses: {
      "201": { description: "the stored file", schema: FILE_SCHEMA },
      "404": "no such class",
      ...UPLOAD_REFUSALS,
    },
  }),
  doc({
    method: "delete",
    path: "/moh-classes/{name}/files/{file}",
    tag: "voice",
    summary: "Delete a file from a class",
    responses: { "204": "deleted", "404": "no such class or file" },
  }),
  doc({
    method: "get",
    path: "/moh-classes/{name}/files/{file}/audio",
    tag: "voice",
    summary: "Download a file as WAV (audio/wav)",
    responses: { "200": fileResponse("the WAV file", "audio/wav"), "404": "no such class or file" },
  }),
  doc({
    method: "get",
    path: "/prompts",
    tag: "voice",
    summary: "List custom prompts",
    responses: { "200": { description: "every custom prompt", schema: list(FILE_SCHEMA) } },
  }),
  doc({
    method: "post",
    path: "/prompts",
    tag: "voice",
    summary: "Upload a custom prompt (MP3 or WAV); stored converted to 8 kHz 16-bit mono",
    requestBody: UPLOAD_SCHEMA,
    requestBodyType: "multipart/form-data",
    responses: {
      "201": { description: "the stored prompt", schema: FILE_SCHEMA },
      ...UPLOAD_REFUSALS,
    },
  }),
  doc({
    method: "get",
    path: "/prompts/{name}",
    tag: "voice",
    summary: "One custom prompt",
    responses: {
      "200": { description: "the prompt", schema: FILE_SCHEMA },
      "404": "no such prompt",
    },
  }),
  doc({
    method: "get",
    path: "/prompts/{name}/audio",
    tag: "voice",
    summary: "Download a custom prompt as WAV (audio/wav)",
    responses: { "200": fileResponse("the WAV file", "audio/wav"), "404": "no such prompt" },
  }),
  doc({
    method: "post",
    path: "/prompts/{name}/play",
    tag: "voice",
    summary: "Call an extension and play the prompt when it answers, then hang up",
    requestBody: PLAY_FIELDS,
    responses: {
      "202": {
        description: "the call is ringing",
        schema: { type: "object", properties: { callId: { type: "string" } } },
      },
      "404": "no such prompt or extension",
      "409": "the extension has no registered phone",
      "503": "no media ports",
    },
  }),
  doc({
    method: "delete",
    path: "/prompts/{name}",
    tag: "voice",
    summary: "Delete a custom prompt",
    responses: { "204": "deleted", "404": "no such prompt" },
  }),
];

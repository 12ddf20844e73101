// SPEC REP-2 (call recordings: search, play, download WAV, delete; extension users see only
// their own), REP-3 (conference recordings), REP-4 (one-touch recordings), WEB-3 (billing
// accounts see none). An extension user's search always includes its own number, and a
// recording it did not take part in answers 404 as if it did not exist.
import { type Context, Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { ApiError } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { instant, oneOf, whole } from "../query-params.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type {
  ApiServices,
  RecordingQuery,
  RecordingRecord,
  RecordingsFacade,
} from "../services.ts";
import { wavResponse } from "./voice-files.ts";

const STAFF = ["admin", "operator"] as const;
const READERS = ["admin", "operator", "extension"] as const;
const KINDS = ["call", "one-touch", "conference"] as const;
const DIRECTIONS = ["inbound", "outbound", "internal"] as const;

const QUERY = [
  { name: "extension", type: "string", description: "an extension that took part" },
  { name: "kind", type: "string", description: "call, one-touch or conference" },
  { name: "direction", type: "string", description: "inbound, outbound or internal" },
  { name: "peer", type: "string", description: "part of the other party's number" },
  { name: "from", type: "string", description: "started at or after (ISO 8601)" },
  { name: "to", type: "string", description: "started before (ISO 8601)" },
  { name: "offset", type: "integer", description: "rows to skip (default 0)", minimum: 0 },
  {
    name: "limit",
    type: "integer",
    description: "rows per page (default 50)",
    minimum: 1,
    maximum: 200,
  },
] as const;

/** /recordings: search, one recording, its WAV, delete. */
export function recordingRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const store = (): RecordingsFacade => {
    if (!services.recordings) throw new ApiError(503, "unavailable", "recordings are not ready");
    return services.recordings;
  };

  /** The recording, if the caller may see it. */
  function visible(c: Context<ApiEnv>): RecordingRecord {
    const raw = c.req.param("id") ?? "";
    const record = /^[1-9][0-9]{0,12}$/.test(raw) ? store().get(Number(raw)) : undefined;
    const own = ownNumber(c);
    if (!record || (own !== undefined && !record.extensions.includes(own))) {
      throw new ApiError(404, "not_found", "no such recording");
    }
    return record;
  }

  app.get("/", requireAccess(READERS), (c) => {
    const query = searchQuery(c);
    const own = ownNumber(c);
    if (own !== undefined) query.extensions = [own, ...(query.extensions ?? [])];
    return c.json(store().search(query));
  });

  app.get("/:id", requireAccess(READERS), (c) => c.json(visible(c)));

  app.get("/:id/audio", requireAccess(READERS), (c) => {
    const record = visible(c);
    const blob = store().audio(record.id);
    if (!blob) {
      throw new ApiError(404, "not_found", "the recording's storage is not present (USB removed?)");
    }
    return wavResponse(blob, `recording-${record.id}.wav`);
  });

  // Only staff delete: a recording usually involves more than one extension, and keeping
  // it is the business's decision, not one party's.
  app.delete("/:id", requireAccess(STAFF), (c) => {
    if (!store().delete(visible(c).id)) throw new ApiError(404, "not_found", "no such recording");
    return c.body(null, 204);
  });

  return app;
}

function ownNumber(c: Context<ApiEnv>): string | undefined {
  const principal = c.get("auth")?.principal;
  return principal?.kind === "extension" ? principal.number : undefined;
}

function searchQuery(c: Context<ApiEnv>): RecordingQuery {
  const query: RecordingQuery = {};
  const text = (name: string) => c.req.query(name) || undefined;
  const extension = text("extension");
  if (extension !== undefined) query.extensions = [extension];
  const kind = text("kind");
  if (kind !== undefined) query.kind = oneOf("kind", kind, KINDS);
  const direction = text("direction");
  if (direction !== undefined) query.direction = oneOf("direction", direction, DIRECTIONS);
  const peer = text("peer");
  if (peer !== undefined) query.peer = peer;
  const from = text("from");
  if (from !== undefined) query.fromMs = instant("from", from);
  const to = text("to");
  if (to !== undefined) query.toMs = instant("to", to);
  query.offset = whole(c, "offset", 0, Number.MAX_SAFE_INTEGER);
  query.limit = whole(c, "limit", 1, 200) ?? 50;
  return query;
}

const RECORDING_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "integer" },
    kind: { type: "string", enum: [...KINDS] },
    direction: { type: "string", enum: [...DIRECTIONS] },
    extensions: {
      type: "array",
      items: { type: "string" },
      description: "extensions that took part",
    },
    peerNumber: { type: "string", description: "the other party, or the conference room" },
    startedAt: { type: "string", format: "date-time" },
    durationMs: { type: "integer" },
    bytes: { type: "integer" },
    volume: { type: "string", description: '"data", or the USB storage' },
    callId: { type: ["string", "null"] },
  },
};

export const recordingDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/recordings",
    tag: "recordings",
    summary: "Search recordings, newest first (an extension user gets only its own)",
    access: READERS,
    query: QUERY,
    responses: {
      "200": {
        description: "one page and the total",
        schema: {
          type: "object",
          properties: {
            items: { type: "array", items: RECORDING_SCHEMA },
            total: { type: "integer" },
          },
        },
      },
      "400": "a bad filter (the field is named)",
    },
  },
  {
    method: "get",
    path: "/recordings/{id}",
    tag: "recordings",
    summary: "One recording",
    access: READERS,
    responses: {
      "200": { description: "the recording", schema: RECORDING_SCHEMA },
      "404": "no such recording (or not the user's own)",
    },
  },
  {
    method: "get",
    path: "/recordings/{id}/audio",
    tag: "recordings",
    summary: "Download a recording as WAV (audio/wav)",
    access: READERS,
    responses: {
      "200": fileResponse("the WAV file", "audio/wav"),
      "404": "no such recording, or its storage is absent",
    },
  },
  {
    method: "delete",
    path: "/recordings/{id}",
    tag: "recordings",
    summary: "Delete a recording and its file",
    access: STAFF,
    responses: { "204": "deleted", "404": "no such recording" },
  },
];

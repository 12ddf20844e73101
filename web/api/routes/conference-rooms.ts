// SPEC CALL-5, REP-3 (manual 电话会议): conference rooms 90-99: their settings (name, guest and
// admin PIN, dial permission, wait for the admin, announce joiners, record), who is in each
// room now, muting and removing a participant, and starting or stopping the room's recording
// (the WAV then lists with the other recordings, kind "conference"). Admins and operators.
import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, ConferencesFacade } from "../services.ts";

const PIN = z.string().regex(/^\d{1,12}$/, "1 to 12 digits");
const CHANGE = z.strictObject({
  name: z.string().max(64).optional(),
  guestPin: PIN.optional(),
  adminPin: PIN.optional(),
  dialPermission: z.string().max(64).optional(),
  waitForAdmin: z.boolean().optional(),
  announceJoiners: z.boolean().optional(),
  record: z.boolean().optional(),
});
const MUTE = z.strictObject({ muted: z.boolean() });
const RECORDING = z.strictObject({ recording: z.boolean() });
const STAFF = ["admin", "operator"] as const;

const PARTICIPANT_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "string" },
    number: { type: "string" },
    displayName: { type: "string" },
    admin: { type: "boolean" },
    muted: { type: "boolean" },
    waiting: { type: "boolean" },
    joinedAt: { type: "integer" },
  },
};
const ROOM_SCHEMA = {
  type: "object",
  properties: {
    number: { type: "string" },
    name: { type: "string" },
    guestPin: { type: "string" },
    adminPin: { type: "string" },
    dialPermission: { type: "string" },
    waitForAdmin: { type: "boolean" },
    announceJoiners: { type: "boolean" },
    record: { type: "boolean" },
    participants: { type: "array", items: PARTICIPANT_SCHEMA },
    recording: { type: "boolean" },
    started: { type: "boolean" },
  },
};

function conferencesOf(services: ApiServices): ConferencesFacade {
  if (!services.conferences)
    throw new ApiError(503, "unavailable", "conference rooms are not ready");
  return services.conferences;
}

/** /conference-rooms: the ten rooms, one room's settings, live participants, recording. */
export function conferenceRoomRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  const room = (number: string) => {
    const found = conferencesOf(services).get(number);
    if (!found) throw notFound("conference room (90-99)");
    return found;
  };
  app.get("/", (c) => c.json({ items: conferencesOf(services).list() }));
  app.get("/:number", (c) => c.json(room(c.req.param("number"))));
  app.put("/:number", async (c) => {
    const number = c.req.param("number");
    room(number);
    const body = await readBody(c, CHANGE);
    return c.json(unwrap(conferencesOf(services).update(number, body)));
  });
  app.put("/:number/participants/:id/mute", async (c) => {
    const number = c.req.param("number");
    room(number);
    const body = await readBody(c, MUTE);
    if (!conferencesOf(services).mute(number, c.req.param("id"), body.muted))
      throw notFound("such participant in the room");
    return c.json(room(number));
  });
  app.delete("/:number/participants/:id", (c) => {
    const number = c.req.param("number");
    room(number);
    if (!conferencesOf(services).kick(number, c.req.param("id")))
      throw notFound("such participant in the room");
    return c.body(null, 204);
  });
  app.put("/:number/recording", async (c) => {
    const number = c.req.param("number");
    const current = room(number);
    const body = await readBody(c, RECORDING);
    if (body.recording && current.participants.length === 0)
      throw new ApiError(409, "empty", "nobody is in the room", "recording");
    conferencesOf(services).record(number, body.recording);
    return c.json(room(number));
  });
  return app;
}

const tag = "conference-rooms";
const roomResponse = { description: "the room", schema: ROOM_SCHEMA };

export const conferenceRoomDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/conference-rooms",
    tag,
    summary: "Conference rooms 90-99 with their settings and who is in them",
    access: STAFF,
    responses: {
      "200": {
        description: "rooms",
        schema: { type: "object", properties: { items: { type: "array", items: ROOM_SCHEMA } } },
      },
    },
  },
  {
    method: "get",
    path: "/conference-rooms/{number}",
    tag,
    summary: "One room",
    access: STAFF,
    responses: { "200": roomResponse, "404": "not a room" },
  },
  {
    method: "put",
    path: "/conference-rooms/{number}",
    tag,
    summary: "Change a room's settings (fields left out keep their value)",
    access: STAFF,
    requestBody: CHANGE,
    responses: { "200": roomResponse, "400": "bad input", "404": "not a room" },
  },
  {
    method: "put",
    path: "/conference-rooms/{number}/participants/{id}/mute",
    tag,
    summary: "Mute or unmute a participant (a muted one still hears the room)",
    access: STAFF,
    requestBody: MUTE,
    responses: { "200": roomResponse, "400": "bad input", "404": "no such participant" },
  },
  {
    method: "delete",
    path: "/conference-rooms/{number}/participants/{id}",
    tag,
    summary: "Remove a participant: the box hangs up its call",
    access: STAFF,
    responses: { "204": "removed", "404": "no such participant" },
  },
  {
    method: "put",
    path: "/conference-rooms/{number}/recording",
    tag,
    summary: "Start or stop recording the room (listed with the recordings, kind conference)",
    access: STAFF,
    requestBody: RECORDING,
    responses: {
      "200": roomResponse,
      "400": "bad input",
      "404": "not a room",
      "409": "empty room",
    },
  },
];

// SPEC CALL-4 wake-up calls booked from the web (manual 高级功能 — 叫醒服务): admins and
// operators book, move and cancel any extension's calls, an extension user only its own; the
// phone books the same calls with *55*MMDDHHMM#. Times are wall-clock times in the box's zone
// ("2026-03-06T14:56"), kept as UTC so a zone change does not move a booking made.
import { Hono } from "hono";
import { z } from "zod";
import type { WakeupCall } from "../../../firmware/features/wakeup-store.ts";
import type { WallTime } from "../../../firmware/features/wakeup-time.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, forbidden, notFound, unwrap } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices, WakeupFacade } from "../services.ts";
import { FORWARD_READERS, ownNumber } from "./call-forward-access.ts";

const AT = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "must be YYYY-MM-DDTHH:MM");
const BOOK = z.strictObject({ extension: z.string().min(1).max(32), at: AT });
const MOVE = z.strictObject({ extension: z.string().min(1).max(32).optional(), at: AT.optional() });

const CALL_SCHEMA = {
  type: "object",
  properties: {
    id: { type: "integer" },
    extension: { type: "string" },
    at: { type: "string", description: "wall-clock time in the box's zone, YYYY-MM-DDTHH:MM" },
    atMs: { type: "integer" },
    next: { type: "string" },
    status: { type: "string", enum: ["scheduled", "confirmed", "unanswered", "cancelled"] },
    missed: { type: "integer" },
    bookedBy: { type: "string" },
  },
};

function wakeupOf(services: ApiServices): WakeupFacade {
  if (!services.wakeup) throw new ApiError(503, "unavailable", "wake-up calls are not ready");
  return services.wakeup;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function show(t: WallTime): string {
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

function view(w: WakeupFacade, call: WakeupCall, zone: string) {
  return {
    id: call.id,
    extension: call.extension,
    at: show(w.time.wallTimeAt(call.atMs, zone)),
    atMs: call.atMs,
    next: show(w.time.wallTimeAt(call.nextMs, zone)),
    status: call.status,
    missed: call.missed,
    bookedBy: call.bookedBy,
  };
}

function parseAt(w: WakeupFacade, at: string, zone: string): number {
  const [date, time] = at.split("T") as [string, string];
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  const t = { year, month, day, hour, minute };
  if (!w.time.isWallTime(t)) throw new ApiError(400, "invalid", "at is not a date and time", "at");
  return w.time.utcOf(t, zone);
}

export function wakeupRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(FORWARD_READERS));
  const exists = (number: string) =>
    services.extensions.get(number) !== undefined ||
    (services.analogExtensions?.list() ?? []).some((a) => a.number === number);
  /** The extension a request names, if it exists and the caller may book for it. */
  const allowed = (c: Parameters<typeof ownNumber>[0], number: string): string => {
    const own = ownNumber(c);
    if (own !== undefined && own !== number)
      throw forbidden("extension users book only their own wake-up calls");
    if (!exists(number))
      throw new ApiError(400, "invalid", "extension does not exist", "extension");
    return number;
  };
  /** The booking in the path, if the caller may see it. */
  const booking = (c: Parameters<typeof ownNumber>[0]): WakeupCall => {
    const id = Number(c.req.param("id"));
    const call = Number.isInteger(id) ? wakeupOf(services).store.get(id) : undefined;
    const own = ownNumber(c);
    if (!call || (own !== undefined && call.extension !== own)) throw notFound("such wake-up call");
    return call;
  };
  app.get("/", (c) => {
    const w = wakeupOf(services);
    const own = ownNumber(c);
    const extension = own ?? c.req.query("extension") ?? undefined;
    const all = c.req.query("all") === "true";
    const zone = w.timeZone();
    return c.json({ items: w.store.list({ extension, all }).map((call) => view(w, call, zone)) });
  });
  app.get("/:id", (c) =>
    c.json(view(wakeupOf(services), booking(c), wakeupOf(services).timeZone())),
  );
  app.post("/", async (c) => {
    const w = wakeupOf(services);
    const body = await readBody(c, BOOK);
    const extension = allowed(c, body.extension);
    const zone = w.timeZone();
    const principal = c.get("auth")!.principal;
    const by = principal.kind === "extension" ? principal.number : principal.username;
    const call = unwrap(w.store.add(extension, parseAt(w, body.at, zone), by));
    w.changed();
    return c.json(view(w, call, zone), 201);
  });
  app.patch("/:id", async (c) => {
    const w = wakeupOf(services);
    const call = booking(c);
    const body = await readBody(c, MOVE);
    const extension = body.extension === undefined ? undefined : allowed(c, body.extension);
    const zone = w.timeZone();
    const atMs = body.at === undefined ? undefined : parseAt(w, body.at, zone);
    const moved = unwrap(w.store.update(call.id, { extension, atMs }));
    w.changed();
    return c.json(view(w, moved, zone));
  });
  app.delete("/:id", (c) => {
    const w = wakeupOf(services);
    w.store.remove(booking(c).id);
    w.changed();
    return c.body(null, 204);
  });
  return app;
}

const tag = "wake-up calls";
const one = { description: "the booking", schema: CALL_SCHEMA };

export const wakeupDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/wakeup-calls",
    tag,
    summary:
      "Wake-up calls still to ring (all=true: finished ones too; extension=N: one extension's; extension users: their own)",
    access: FORWARD_READERS,
    responses: {
      "200": {
        description: "bookings, the soonest first",
        schema: { type: "object", properties: { items: { type: "array", items: CALL_SCHEMA } } },
      },
    },
  },
  {
    method: "get",
    path: "/wakeup-calls/{id}",
    tag,
    summary: "One booking",
    access: FORWARD_READERS,
    responses: { "200": one, "404": "no such booking (or another extension's)" },
  },
  {
    method: "post",
    path: "/wakeup-calls",
    tag,
    summary: "Book a wake-up call (extension users: for themselves)",
    access: FORWARD_READERS,
    requestBody: BOOK,
    responses: {
      "201": one,
      "400": "bad input, unknown extension or a time gone by",
      "403": "another extension's",
    },
  },
  {
    method: "patch",
    path: "/wakeup-calls/{id}",
    tag,
    summary: "Move a booking to another time or extension; it rings afresh",
    access: FORWARD_READERS,
    requestBody: MOVE,
    responses: { "200": one, "400": "bad input", "403": "another extension's", "404": "none" },
  },
  {
    method: "delete",
    path: "/wakeup-calls/{id}",
    tag,
    summary: "Cancel and remove a booking",
    access: FORWARD_READERS,
    responses: { "204": "removed", "404": "no such booking" },
  },
];

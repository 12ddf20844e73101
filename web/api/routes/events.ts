// SPEC STAT-2 and DESIGN "Signalling and calls": the web status pages follow the event bus
// live over Server-Sent Events (WHATWG HTML, "Server-sent events"). Each message is one
// extension's new state (registration, or ringing and busy from calls): `event: extension`,
// `data: {"number","state"}`. A session is required; the browser's EventSource sends the
// session cookie.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ApiEnv } from "../api-env.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { fileResponse, type RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";
import { type ExtensionState, ipExtensionState } from "./connections.ts";

const STAFF = ["admin", "operator"] as const;
/** A comment line this often keeps proxies and idle timers from closing the stream. */
const KEEPALIVE_MS = 15_000;

/** GET /events. */
export function eventRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/events", requireAccess(STAFF), (c) => {
    c.env?.timeout?.(c.req.raw, 0);
    return streamSSE(c, async (stream) => {
      const send = (number: string, state: ExtensionState) =>
        void stream.writeSSE({ event: "extension", data: JSON.stringify({ number, state }) });
      const offRegistration = services.events.on("registration", (event) => {
        if (event.type !== "registration") return;
        // An unanswered keepalive means the phone is gone even while its binding lasts.
        const state =
          event.state === "unreachable" ? "offline" : ipExtensionState(services, event.extension);
        send(event.extension, state);
      });
      // Calls colour the tiles: ringing and busy as the engine says; back to idle, an IP
      // extension shows whether it is registered and an analog one is online.
      const offCalls = services.events.on("extension-state", (event) => {
        if (event.type !== "extension-state") return;
        if (event.state !== "idle") return send(event.extension, event.state);
        const analog = services.analogExtensions?.list().some((a) => a.number === event.extension);
        const registered = services.registrar
          .registrations()
          .some((r) => r.extension === event.extension);
        send(event.extension, analog || registered ? "online" : "offline");
      });
      // SPEC STAT-3: a VoIP trunk's registration state, as `event: trunk`.
      const offTrunks = services.events.on("trunk", (event) => {
        if (event.type !== "trunk") return;
        const { trunkId: id, name, state, reason } = event;
        void stream.writeSSE({ event: "trunk", data: JSON.stringify({ id, name, state, reason }) });
      });
      // SPEC CALL-13: a queue's callers or agents changed, as `event: queue` {number}.
      const offQueues = services.events.on("queue", (event) => {
        if (event.type !== "queue") return;
        void stream.writeSSE({ event: "queue", data: JSON.stringify({ number: event.number }) });
      });
      const off = () => {
        offRegistration();
        offCalls();
        offTrunks();
        offQueues();
      };
      // The timer is cleared the moment the browser goes, so a closed stream holds nothing
      // (a pending sleep would keep a stopping program alive until it fired).
      const keepalive = setInterval(() => void stream.write(": keepalive\n\n"), KEEPALIVE_MS);
      const closed = new Promise<void>((resolve) =>
        stream.onAbort(() => {
          off();
          clearInterval(keepalive);
          resolve();
        }),
      );
      await stream.writeSSE({ event: "ready", data: "{}", retry: 3000 });
      await closed;
    });
  });
  return app;
}

export const eventDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/events",
    tag: "status",
    summary:
      'Live state changes as text/event-stream: "ready", then "extension" {number, state} messages (online, ringing, busy, offline)',
    access: STAFF,
    responses: {
      "200": fileResponse("an endless event stream", "text/event-stream"),
      "401": "no session",
    },
  },
];

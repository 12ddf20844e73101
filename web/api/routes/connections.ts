// SPEC STAT-2, STAT-3: connection status: every IP and analog extension with its state
// colour, the trunks, the analog ports and the parked calls (CALL-9). A page reads this once, then follows GET /events (events.ts).
import { Hono } from "hono";
import type { ApiEnv } from "../api-env.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

/** The colours of STAT-2: idle/online, ringing, busy, offline. */
export type ExtensionState = "online" | "ringing" | "busy" | "offline";

const STAFF = ["admin", "operator"] as const;

/** An FXS port's state as the colour of its extension. */
const ANALOG_STATE: Record<string, ExtensionState> = {
  idle: "online",
  ringing: "ringing",
  "off-hook": "busy",
  "in-use": "busy",
  faulty: "offline",
};
const PAGE = 500;

/**
 * What the calls in progress make of each extension they touch: busy while it dials or talks,
 * ringing while it only alerts (the call engine's BLF rule, firmware/calls/extension-states.ts).
 */
export function callStates(services: ApiServices): Map<string, "ringing" | "busy"> {
  const states = new Map<string, "ringing" | "busy">();
  for (const call of services.activeCalls?.list() ?? []) {
    for (const leg of call.legs) {
      if (leg.state === "ended" || !leg.extension) continue;
      const busy = leg.extension === call.caller || leg.state === "answered";
      if (busy) states.set(leg.extension, "busy");
      else if (!states.has(leg.extension)) states.set(leg.extension, "ringing");
    }
  }
  return states;
}

/** The state of one IP extension now: its calls first, else the registrar's bindings. */
export function ipExtensionState(services: ApiServices, number: string): ExtensionState {
  const inCall = callStates(services).get(number);
  if (inCall) return inCall;
  return services.registrar.registrations().some((r) => r.extension === number)
    ? "online"
    : "offline";
}

/** GET /connections. */
export function connectionRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/connections", requireAccess(STAFF), (c) => {
    const registered = new Set(services.registrar.registrations().map((r) => r.extension));
    const inCall = callStates(services);
    // PROV-3: how many BLF keys (and presence lists) watch each extension.
    const watching = new Map(
      (services.registrar.watchers?.() ?? []).map((w) => [w.extension, w.dialog + w.presence]),
    );
    const extensions: {
      number: string;
      name: string;
      kind: "ip" | "analog";
      state: string;
      watchers?: number;
    }[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = services.extensions.list({ offset, limit: PAGE });
      for (const e of page.items) {
        const state = inCall.get(e.number) ?? (registered.has(e.number) ? "online" : "offline");
        extensions.push({ number: e.number, name: e.displayName, kind: "ip", state });
      }
      if (offset + PAGE >= page.total) break;
    }
    const ports = (services.ports?.list() ?? []).map((p) => ({
      port: p.port,
      type: p.type.toUpperCase(),
      channel: p.index,
      state: p.state,
      extension: p.extension ?? null,
    }));
    const portOf = new Map(ports.filter((p) => p.extension).map((p) => [p.extension, p.state]));
    for (const a of services.analogExtensions?.list() ?? []) {
      const portState = ANALOG_STATE[portOf.get(a.number) ?? "idle"] ?? "offline";
      const state = portState === "online" ? (inCall.get(a.number) ?? portState) : portState;
      extensions.push({ number: a.number, name: a.alias || a.name, kind: "analog", state });
    }
    for (const x of extensions) x.watchers = watching.get(x.number) ?? 0;
    extensions.sort((a, b) => a.number.localeCompare(b.number, "en", { numeric: true }));
    const routing = services.routing;
    const trunks = (routing?.trunks.list() ?? []).map((t) => {
      const { state, reason } = routing!.trunkStatus(t);
      return { id: t.id, name: t.name, kind: t.kind, host: t.host, state, reason: reason ?? null };
    });
    const parked = (services.activeCalls?.parked?.() ?? []).map((p) => ({
      slot: p.slot,
      parked: p.parked,
      parker: p.parker,
      since: new Date(p.sinceMs).toISOString(),
    }));
    return c.json({ extensions, trunks, ports, parked });
  });
  return app;
}

export const connectionDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/connections",
    tag: "status",
    summary: "Every extension with its state, the trunks and the analog ports",
    access: STAFF,
    responses: {
      "200": {
        description: "connection status",
        schema: {
          type: "object",
          properties: {
            extensions: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  number: { type: "string" },
                  name: { type: "string" },
                  kind: { enum: ["ip", "analog"] },
                  state: { enum: ["online", "ringing", "busy", "offline"] },
                  watchers: {
                    type: "integer",
                    description: "BLF keys and presence lists watching it",
                  },
                },
              },
            },
            trunks: { type: "array", items: { type: "object" } },
            parked: {
              type: "array",
              description: "calls waiting in park slots, lowest slot first",
              items: {
                type: "object",
                properties: {
                  slot: { type: "string", description: "41-49: dial it (+#) to take the call" },
                  parked: { type: "string", description: "the party waiting" },
                  parker: { type: "string", description: "the extension that parked it" },
                  since: { type: "string", format: "date-time" },
                },
              },
            },
            ports: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  port: { type: "string" },
                  type: { enum: ["FXS", "FXO"] },
                  channel: { type: "integer" },
                  state: { enum: ["idle", "off-hook", "ringing", "in-use", "faulty"] },
                  extension: { type: ["string", "null"] },
                },
              },
            },
          },
        },
      },
    },
  },
];

// SPEC CALL-13 (manual 呼叫队列): call queues: their settings (number, name, strategy, static
// and dynamic agents, ring time per agent, maximum wait and where the caller goes after it,
// music class, how often callers hear their position) and their live state (waiting callers,
// each agent's state). Admins and operators read and change them.
import { Hono } from "hono";
import { z } from "zod";
import type { CallQueues } from "../../../firmware/queues/call-queues.ts";
import type {
  QueueResult,
  QueueSettings,
  QueueStore,
} from "../../../firmware/queues/queue-store.ts";
import type { ApiEnv } from "../api-env.ts";
import { ApiError, notFound } from "../api-error.ts";
import { requireAccess } from "../auth/session-middleware.ts";
import { jsonSchemaOf, readBody } from "../body-spec.ts";
import type { RouteDoc } from "../route-doc.ts";
import type { ApiServices } from "../services.ts";

/** What the routes need of the queues (main wires the store and the live queues). */
export interface QueuesFacade {
  store: Pick<QueueStore, "list" | "get" | "create" | "update" | "remove">;
  live: Pick<CallQueues, "state" | "forget">;
}

const STAFF = ["admin", "operator"] as const;
const AGENTS = z.array(z.string().max(32)).max(100);
const FIELDS = {
  number: z.string().max(10),
  name: z.string().max(64),
  strategy: z.string().max(20),
  staticAgents: AGENTS,
  dynamicAgents: AGENTS,
  ringTimeS: z.number().int(),
  maxWaitS: z.number().int(),
  destination: z.string().max(64),
  mohClass: z.string().max(64),
  announceEveryS: z.number().int(),
};
const CREATE = z
  .strictObject({ ...FIELDS, number: FIELDS.number })
  .partial()
  .required({
    number: true,
  });
const CHANGE = z.strictObject(FIELDS).partial();

function queuesOf(services: ApiServices): QueuesFacade {
  if (!services.queues) throw new ApiError(503, "unavailable", "queues are not ready");
  return services.queues;
}

function saved(result: QueueResult): QueueSettings {
  if (result.ok) return result.queue;
  const status = result.code === "taken" ? 409 : 400;
  throw new ApiError(
    status,
    result.code ?? "invalid",
    `${result.field} ${result.message}`,
    result.field,
    {},
    result.params as Record<string, unknown> | undefined,
  );
}

/** /queues: list with live state, create, one queue, change, delete. */
export function queueRoutes(services: ApiServices): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.use("*", requireAccess(STAFF));
  const withState = (q: QueueSettings) => {
    const live = queuesOf(services).live.state(q.number);
    return { ...q, waiting: live?.waiting ?? [], agents: live?.agents ?? [] };
  };
  const one = (id: string) => {
    const found = /^[1-9][0-9]{0,9}$/.test(id)
      ? queuesOf(services).store.get(Number(id))
      : undefined;
    if (!found) throw notFound("queue");
    return found;
  };
  app.get("/", (c) => c.json({ items: queuesOf(services).store.list().map(withState) }));
  app.post("/", async (c) => {
    const body = await readBody(c, CREATE);
    const queue = saved(queuesOf(services).store.create(body as Partial<QueueSettings>));
    return c.json(withState(queue), 201);
  });
  app.get("/:id", (c) => c.json(withState(one(c.req.param("id")))));
  app.put("/:id", async (c) => {
    const current = one(c.req.param("id"));
    const body = await readBody(c, CHANGE);
    const result = queuesOf(services).store.update(current.id, body as Partial<QueueSettings>);
    if (!result) throw notFound("queue");
    const queue = saved(result);
    queuesOf(services).live.forget(queue.number);
    // A new number: the logins kept under the old one go.
    if (queue.number !== current.number) queuesOf(services).live.forget(current.number);
    return c.json(withState(queue));
  });
  app.delete("/:id", (c) => {
    const current = one(c.req.param("id"));
    queuesOf(services).store.remove(current.id);
    queuesOf(services).live.forget(current.number);
    return c.body(null, 204);
  });
  return app;
}

const tag = "queues";
const QUEUE_SCHEMA = () => ({
  type: "object",
  properties: {
    id: { type: "integer" },
    ...(jsonSchemaOf(CHANGE).properties as Record<string, unknown>),
    waiting: {
      type: "array",
      items: {
        type: "object",
        properties: {
          position: { type: "integer" },
          caller: { type: "string" },
          callerName: { type: "string" },
          waitedS: { type: "integer" },
        },
      },
    },
    agents: {
      type: "array",
      items: {
        type: "object",
        properties: {
          number: { type: "string" },
          kind: { type: "string", enum: ["static", "dynamic"] },
          state: {
            type: "string",
            enum: [
              "available",
              "ringing",
              "in-call",
              "busy",
              "paused",
              "logged-out",
              "unregistered",
            ],
          },
        },
      },
    },
  },
});
const queueResponse = { description: "the queue with its live state", schema: QUEUE_SCHEMA };

export const queueDocs: RouteDoc[] = [
  {
    method: "get",
    path: "/queues",
    tag,
    summary: "Call queues with their waiting callers and agents' states",
    access: STAFF,
    responses: {
      "200": {
        description: "queues",
        schema: { type: "object", properties: { items: { type: "array", items: QUEUE_SCHEMA } } },
      },
    },
  },
  {
    method: "post",
    path: "/queues",
    tag,
    summary:
      "Create a queue (strategy ring-all, round-robin, least-recent, fewest-calls or random; destination as inbound routes write it)",
    access: STAFF,
    requestBody: CREATE,
    responses: { "201": queueResponse, "400": "bad input", "409": "number taken" },
  },
  {
    method: "get",
    path: "/queues/{id}",
    tag,
    summary: "One queue with its live state",
    access: STAFF,
    responses: { "200": queueResponse, "404": "no such queue" },
  },
  {
    method: "put",
    path: "/queues/{id}",
    tag,
    summary: "Change a queue (fields left out keep their value)",
    access: STAFF,
    requestBody: CHANGE,
    responses: {
      "200": queueResponse,
      "400": "bad input",
      "404": "no such queue",
      "409": "number taken",
    },
  },
  {
    method: "delete",
    path: "/queues/{id}",
    tag,
    summary: "Delete a queue",
    access: STAFF,
    responses: { "204": "deleted", "404": "no such queue" },
  },
];

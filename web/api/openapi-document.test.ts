import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { startTestApi, type TestApi } from "./test-api.ts";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

type Doc = { openapi: string; paths: Record<string, Record<string, { security: unknown[] }>> };

function registeredRoutes(t: TestApi): Set<string> {
  const routes = t.app.routes
    .filter((r) => r.method !== "ALL")
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
  return new Set(routes);
}

describe("GET /api/v1/openapi.json", () => {
  test("is served without login as an OpenAPI 3.1 document", async () => {
    const res = await t.call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Doc;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/v1/health"]?.get?.security).toEqual([]);
    expect(doc.paths["/api/v1/extensions"]?.get?.security).toEqual([
      { bearer: [] },
      { cookie: [] },
    ]);
  });

  test("describes every registered route, and nothing that is not registered", async () => {
    const doc = (await (await t.call("GET", "/api/v1/openapi.json")).json()) as Doc;
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    );
    const registered = registeredRoutes(t);
    expect(registered.size).toBeGreaterThan(20);
    expect([...registered].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !registered.has(r))).toEqual([]);
  });

  test("documents request bodies from the same field tables the routes check", async () => {
    const doc = (await (await t.call("GET", "/api/v1/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: {
              content: Record<
                string,
                { schema: { properties: Record<string, unknown>; required?: string[] } }
              >;
            };
          }
        >
      >;
    };
    const bulk =
      doc.paths["/api/v1/extensions/bulk"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(bulk.required).toEqual(["startNumber", "count"]);
    expect(bulk.properties.callerIdMode).toEqual({ type: "string", enum: ["increment", "same"] });
    expect(bulk.properties).not.toHaveProperty("outboundCallerId");
    const login =
      doc.paths["/api/v1/auth/login"]!.post!.requestBody!.content["application/json"]!.schema;
    expect(login.required).toEqual(["username", "password"]);
  });
});

type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
type Operation = {
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

describe("openapi.json shapes", () => {
  async function paths(): Promise<Record<string, Record<string, Operation>>> {
    const res = await t.call("GET", "/api/v1/openapi.json");
    return ((await res.json()) as { paths: Record<string, Record<string, Operation>> }).paths;
  }

  test("every operation gives each response's content type and schema (204 has none)", async () => {
    const types = new Set<string>();
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(await paths())) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        for (const [status, response] of Object.entries(op.responses)) {
          if (status === "204" || "$ref" in response) continue;
          const content = Object.entries(response.content ?? {});
          if (content.length === 0 || content.some(([, c]) => !c.schema)) {
            missing.push(`${method} ${path} ${status}`);
          }
          for (const [type] of content) types.add(type);
        }
      }
    }
    expect(missing).toEqual([]);
    for (const type of [
      "application/json",
      "text/csv",
      "audio/wav",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "image/png",
      "text/event-stream",
    ]) {
      expect(types).toContain(type);
    }
  });

  test("request fields carry the ranges, lengths and patterns the routes check", async () => {
    const all = await paths();
    const body = (path: string, method: string) =>
      all[`/api/v1${path}`]![method]!.requestBody!.content["application/json"]!.schema.properties!;
    const analog = body("/analog-extensions/{channel}", "patch");
    expect(analog.rxGainDb).toMatchObject({ type: "integer", minimum: -24, maximum: 12 });
    const ext = body("/extensions", "post");
    expect(ext.number).toMatchObject({ type: "string", pattern: "^[1-9][0-9]{1,7}$" });
    expect(ext.displayName).toMatchObject({ maxLength: 64 });
    expect(ext.registrationExpiryS).toMatchObject({ minimum: 60, maximum: 86400 });
    expect(ext.sipPassword).toMatchObject({ minLength: 4, maxLength: 64 });
    expect(body("/extensions/bulk", "post").count).toMatchObject({ minimum: 1, maximum: 500 });
    expect(body("/calls/settings", "patch").ringTimeoutS).toMatchObject({
      minimum: 5,
      maximum: 600,
    });
    expect(body("/settings/smtp", "put").port).toMatchObject({ minimum: 1, maximum: 65535 });
    expect(body("/feature-codes/{id}", "patch").code).toMatchObject({
      pattern: "^[*#][0-9*#]{0,7}$",
    });
    // Every integer field has both bounds, every string field a bound or a pattern or a list.
    const loose: string[] = [];
    for (const [path, ops] of Object.entries(all)) {
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content["application/json"]?.schema;
        for (const [name, field] of Object.entries(schema?.properties ?? {})) {
          const f = (field.anyOf as Schema[] | undefined)?.[0] ?? field;
          const bounded =
            f.type === "integer"
              ? f.minimum !== undefined && f.maximum !== undefined
              : f.type === "string"
                ? f.maxLength !== undefined || f.pattern !== undefined || f.enum !== undefined
                : f.type === "array"
                  ? f.maxItems !== undefined
                  : true;
          if (!bounded) loose.push(`${method} ${path} ${name}`);
        }
      }
    }
    expect(loose).toEqual([]);
    const cdrLimit = (
      all["/api/v1/cdr"]!.get as unknown as { parameters: { name: string; schema: Schema }[] }
    ).parameters.find((p) => p.name === "limit");
    expect(cdrLimit?.schema).toEqual({ type: "integer", minimum: 1, maximum: 500 });
  });

  test("response schemas made from the routes' zod schemas carry their fields", async () => {
    const all = await paths();
    const ok = (path: string) =>
      all[`/api/v1${path}`]!.get!.responses["200"]!.content!["application/json"]!.schema;
    // A list whose items are a zod schema's fields plus more (built when the document is).
    const extension = ok("/extensions").properties!.items!.items as Schema;
    expect(extension.properties?.number).toMatchObject({ type: "string" });
    expect(extension.properties?.displayName).toMatchObject({ maxLength: 64 });
    expect(extension.additionalProperties).toBe(true);
    // A zod schema nested in a written one.
    const schedule = ok("/backup/schedule").properties!.schedule as Schema;
    expect(Object.keys(schedule.properties ?? {}).length).toBeGreaterThan(0);
    // A zod schema's fields spread among written ones.
    const queue = ok("/queues").properties!.items!.items as Schema;
    expect(queue.properties?.id).toEqual({ type: "integer" });
    expect(queue.properties?.waiting).toMatchObject({ type: "array" });
    expect(Object.keys(queue.properties ?? {}).length).toBeGreaterThan(4);
  });
});

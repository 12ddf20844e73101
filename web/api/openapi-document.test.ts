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

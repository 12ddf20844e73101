import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
  t.services.extensions.create({ number: "100" });
});
afterEach(() => t.close());

const KEYS = ["__proto__", "constructor", "prototype", "hasOwnProperty", "valueOf"];

/** A JSON text with `key` added beside the fields of a valid body (JSON.stringify drops __proto__). */
function withKey(body: Record<string, unknown>, key: string): string {
  const rest = JSON.stringify(body).slice(1);
  return `{"${key}": {"polluted": true}${rest === "}" ? "" : ", "}${rest}`;
}

const ROUTES: { method: string; path: string; body: Record<string, unknown> }[] = [
  { method: "POST", path: "/api/v1/auth/login", body: { username: "admin", password: "x" } },
  {
    method: "POST",
    path: "/api/v1/accounts",
    body: { username: "op", password: "op password", role: "operator" },
  },
  { method: "POST", path: "/api/v1/extensions", body: { number: "101" } },
  { method: "PATCH", path: "/api/v1/extensions/100", body: { displayName: "Ann" } },
  { method: "POST", path: "/api/v1/extensions/bulk", body: { startNumber: "200", count: 2 } },
  { method: "POST", path: "/api/v1/departments", body: { name: "Sales", number: "600" } },
  { method: "PATCH", path: "/api/v1/settings", body: {} },
  { method: "PATCH", path: "/api/v1/accounts/admin", body: { disabled: false } },
];

describe("JSON bodies with prototype keys", () => {
  for (const route of ROUTES) {
    test(`${route.method} ${route.path} refuses each with 400 naming the key`, async () => {
      for (const key of KEYS) {
        const res = await t.call(route.method, route.path, {
          token: admin,
          rawBody: withKey(route.body, key),
        });
        expect({ key, status: res.status }).toEqual({ key, status: 400 });
        const error = await errorOf(res);
        expect(error.field).toBe(key);
        expect(error.message).toContain(key);
      }
    });
  }

  test("nested keys are refused too, and nothing was stored", async () => {
    const res = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      rawBody: '{"number": "102", "codecs": [{"__proto__": {"admin": true}}]}',
    });
    expect(res.status).toBe(400);
    expect(t.services.extensions.get("102")).toBeUndefined();
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  test("ordinary bodies still work, and broken JSON still says bad_json", async () => {
    const ok = await t.call("PATCH", "/api/v1/extensions/100", {
      token: admin,
      body: { displayName: "Ann" },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { displayName: string }).displayName).toBe("Ann");
    const broken = await t.call("POST", "/api/v1/extensions", { token: admin, rawBody: "{" });
    expect((await errorOf(broken)).code).toBe("bad_json");
  });
});

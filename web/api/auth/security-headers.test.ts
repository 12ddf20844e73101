import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, startTestApi, type TestApi } from "../test-api.ts";
import { HSTS_VALUE } from "./security-headers.ts";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

describe("security headers", () => {
  test("answers carrying secrets are no-store, and every answer is nosniff", async () => {
    const login = await t.call("POST", "/api/v1/auth/login", {
      body: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get("Cache-Control")).toBe("no-store");
    expect(login.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const { token } = (await login.json()) as { token: string };
    const created = await t.call("POST", "/api/v1/extensions", { token, body: { number: "100" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("Cache-Control")).toBe("no-store");
    const secrets = await t.call("GET", "/api/v1/extensions/100/secrets", { token });
    expect(secrets.headers.get("Cache-Control")).toBe("no-store");
    for (const res of [
      await t.call("GET", "/api/v1/health"),
      await t.call("GET", "/api/v1/extensions"),
      await t.call("GET", "/api/v1/no-such-route", { token }),
      await t.call("POST", "/api/v1/extensions", { token, rawBody: "{" }),
    ]) {
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    }
  });

  test("HTTPS answers carry Strict-Transport-Security; plain HTTP ones do not", async () => {
    const https = await t.call("GET", "/api/v1/health", { https: true });
    expect(https.headers.get("Strict-Transport-Security")).toBe(HSTS_VALUE);
    const failed = await t.call("GET", "/api/v1/accounts", { https: true });
    expect(failed.status).toBe(401);
    expect(failed.headers.get("Strict-Transport-Security")).toBe(HSTS_VALUE);
    const plain = await t.call("GET", "/api/v1/health");
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
  });
});

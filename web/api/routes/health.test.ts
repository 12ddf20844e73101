import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

describe("/api/v1/health and /api/v1/system", () => {
  test("health answers 200 without login, 503 while starting", async () => {
    const res = await t.call("GET", "/api/v1/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "ok" } });
    t.health.status = "starting";
    expect((await t.call("GET", "/api/v1/health")).status).toBe(503);
    t.health.status = "degraded";
    expect((await t.call("GET", "/api/v1/health")).status).toBe(200);
  });

  test("system shows model, firmware version and uptime to staff only", async () => {
    const admin = (await t.login("admin", ADMIN_PASSWORD)).token;
    const res = await t.call("GET", "/api/v1/system", { token: admin });
    expect(await res.json()).toMatchObject({
      model: "PBX-SIM",
      firmwareVersion: "0.1.0",
      uptimeS: 90,
    });
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/system", { token: billing })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/system")).status).toBe(401);
  });

  test("unknown routes and oversized bodies answer JSON errors", async () => {
    const missing = await t.call("GET", "/api/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("not_found");
    const huge = await t.call("POST", "/api/v1/auth/login", {
      rawBody: "x".repeat(1024 * 1024 + 1),
    });
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe("too_large");
  });

  test("an unexpected failure is a 500 JSON error, logged without the request body", async () => {
    const admin = (await t.login("admin", ADMIN_PASSWORD)).token;
    t.services.registrar.registrations = () => {
      throw new Error("registrar exploded");
    };
    const res = await t.call("GET", "/api/v1/registrations", { token: admin });
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toEqual({ code: "internal", message: "internal error" });
    expect(t.logged).toHaveLength(1);
    expect(t.logged[0]).toContain("registrar exploded");
    expect(t.logged[0]).not.toContain(admin);
  });
});

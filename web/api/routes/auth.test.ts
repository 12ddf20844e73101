import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createApi } from "../create-api.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

describe("POST /api/v1/auth/login", () => {
  test("returns a token, CSRF token and role, and sets an HttpOnly SameSite=Strict cookie", async () => {
    const res = await t.call("POST", "/api/v1/auth/login", {
      body: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, string>;
    expect(json.role).toBe("admin");
    expect(json.username).toBe("admin");
    expect(json.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(json.csrfToken).toBeTruthy();
    const cookie = res.headers.get("Set-Cookie")!;
    expect(cookie).toContain(`pbx_session=${json.token}`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).not.toContain("Secure");
  });

  test("marks the cookie Secure when the request came over HTTPS", async () => {
    const res = await t.call("POST", "/api/v1/auth/login", {
      https: true,
      body: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(res.headers.get("Set-Cookie")).toContain("Secure");
  });

  test("refuses a wrong password or unknown user with the same 401", async () => {
    const wrong = await t.call("POST", "/api/v1/auth/login", {
      body: { username: "admin", password: "nope nope" },
    });
    const unknown = await t.call("POST", "/api/v1/auth/login", {
      body: { username: "ghost", password: ADMIN_PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await errorOf(wrong)).toEqual(await errorOf(unknown));
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
  });

  test("names the missing or mistyped field", async () => {
    const missing = await t.call("POST", "/api/v1/auth/login", { body: { username: "admin" } });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).field).toBe("password");
    const typed = await t.call("POST", "/api/v1/auth/login", {
      body: { username: 5, password: "x" },
    });
    expect((await errorOf(typed)).field).toBe("username");
    const notJson = await t.call("POST", "/api/v1/auth/login", { rawBody: "{username" });
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).code).toBe("bad_json");
  });

  test("limits failures per client address: the 6th attempt in a minute gets 429", async () => {
    const attempt = (address: string, password = "wrong password") =>
      t.call("POST", "/api/v1/auth/login", { address, body: { username: "admin", password } });
    for (let i = 0; i < 5; i++) expect((await attempt("192.0.2.66")).status).toBe(401);
    const limited = await attempt("192.0.2.66", ADMIN_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("Retry-After")).toBe("60");
    expect((await errorOf(limited)).code).toBe("rate_limited");
    // Another address is unaffected.
    expect((await attempt("192.0.2.67", ADMIN_PASSWORD)).status).toBe(200);
    t.clock.ms += 30_000;
    expect((await attempt("192.0.2.66", ADMIN_PASSWORD)).headers.get("Retry-After")).toBe("30");
    t.clock.ms += 30_001;
    expect((await attempt("192.0.2.66", ADMIN_PASSWORD)).status).toBe(200);
  });

  test("60 parallel wrong guesses: at most the limit are checked, the rest get 429, and then even the right password waits", async () => {
    const guesses = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.call("POST", "/api/v1/auth/login", {
          address: "192.0.2.66",
          body: { username: "admin", password: `guess ${i}` },
        }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(55);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const right = await t.call("POST", "/api/v1/auth/login", {
      address: "192.0.2.66",
      body: { username: "admin", password: ADMIN_PASSWORD },
    });
    expect(right.status).toBe(429);
    expect(right.headers.get("Set-Cookie")).toBeNull();
  });

  test("only a few password checks run at once; the excess gets 429 busy at once", async () => {
    const app = createApi(t.services, { maxConcurrentLogins: 2 });
    const attempt = (i: number) =>
      app.request(
        "http://pbx.lan/api/v1/auth/login",
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ username: "admin", password: `guess ${i}` }),
        },
        { requestIP: () => ({ address: `192.0.2.${100 + i}` }) },
      );
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i)));
    const busy = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 401).length).toBe(2);
    expect(busy.length).toBe(18);
    expect((await errorOf(busy[0]!)).code).toBe("busy");
    expect(busy[0]!.headers.get("Retry-After")).toBe("1");
    // The slots are free again afterwards.
    expect((await attempt(50)).status).toBe(401);
  });

  test("extension users log in with number and extension password when web login is on", async () => {
    t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100" });
    const off = await t.call("POST", "/api/v1/auth/login", {
      body: { username: "100", password: "ext-pw-100" },
    });
    expect(off.status).toBe(401);
    t.services.extensions.update("100", { webLogin: true });
    const session = await t.login("100", "ext-pw-100");
    expect(session.role).toBe("extension");
    const me = await t.call("GET", "/api/v1/auth/me", { token: session.token });
    expect(await me.json()).toMatchObject({ role: "extension", extension: "100" });
  });
});

describe("sessions", () => {
  test("GET /auth/me answers for bearer and cookie sessions, 401 without", async () => {
    const s = await t.login("admin", ADMIN_PASSWORD);
    const byBearer = await t.call("GET", "/api/v1/auth/me", { token: s.token });
    expect(await byBearer.json()).toMatchObject({
      role: "admin",
      username: "admin",
      csrfToken: s.csrfToken,
    });
    const byCookie = await t.call("GET", "/api/v1/auth/me", { cookie: s.cookie });
    expect(byCookie.status).toBe(200);
    const none = await t.call("GET", "/api/v1/auth/me");
    expect(none.status).toBe(401);
    expect((await errorOf(none)).code).toBe("unauthenticated");
    const bogus = await t.call("GET", "/api/v1/auth/me", { token: "x".repeat(43) });
    expect(bogus.status).toBe(401);
  });

  test("cookie sessions need X-PBX-CSRF on unsafe methods; bearer requests do not", async () => {
    const s = await t.login("admin", ADMIN_PASSWORD);
    const body = { number: "200" };
    const noHeader = await t.call("POST", "/api/v1/extensions", { cookie: s.cookie, body });
    expect(noHeader.status).toBe(403);
    expect((await errorOf(noHeader)).code).toBe("csrf");
    const wrongHeader = await t.call("POST", "/api/v1/extensions", {
      cookie: s.cookie,
      csrf: "forged",
      body,
    });
    expect(wrongHeader.status).toBe(403);
    const withHeader = await t.call("POST", "/api/v1/extensions", {
      cookie: s.cookie,
      csrf: s.csrfToken,
      body,
    });
    expect(withHeader.status).toBe(201);
    const bearer = await t.call("POST", "/api/v1/extensions", {
      token: s.token,
      body: { number: "201" },
    });
    expect(bearer.status).toBe(201);
    // Reads need no header.
    expect((await t.call("GET", "/api/v1/extensions", { cookie: s.cookie })).status).toBe(200);
  });

  test("logout ends the session and clears the cookie", async () => {
    const s = await t.login("admin", ADMIN_PASSWORD);
    const out = await t.call("POST", "/api/v1/auth/logout", {
      cookie: s.cookie,
      csrf: s.csrfToken,
    });
    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toContain("pbx_session=;");
    expect((await t.call("GET", "/api/v1/auth/me", { token: s.token })).status).toBe(401);
  });

  test("a session expires after 8 idle hours", async () => {
    const s = await t.login("admin", ADMIN_PASSWORD);
    t.clock.ms += 8 * 3600_000 + 1;
    expect((await t.call("GET", "/api/v1/auth/me", { token: s.token })).status).toBe(401);
  });
});

describe("POST /api/v1/auth/password", () => {
  test("an account changes its own password; old sessions end, a fresh one is returned", async () => {
    const s = await t.login("admin", ADMIN_PASSWORD);
    const other = await t.login("admin", ADMIN_PASSWORD);
    const wrong = await t.call("POST", "/api/v1/auth/password", {
      token: s.token,
      body: { currentPassword: "not it at all", newPassword: "brand new password" },
    });
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).field).toBe("currentPassword");
    const short = await t.call("POST", "/api/v1/auth/password", {
      token: s.token,
      body: { currentPassword: ADMIN_PASSWORD, newPassword: "short" },
    });
    expect((await errorOf(short)).field).toBe("newPassword");
    const ok = await t.call("POST", "/api/v1/auth/password", {
      token: s.token,
      body: { currentPassword: ADMIN_PASSWORD, newPassword: "brand new password" },
    });
    expect(ok.status).toBe(200);
    const fresh = (await ok.json()) as { token: string };
    expect((await t.call("GET", "/api/v1/auth/me", { token: other.token })).status).toBe(401);
    expect((await t.call("GET", "/api/v1/auth/me", { token: fresh.token })).status).toBe(200);
    await t.login("admin", "brand new password");
  });

  test("an extension user changes its extension password, which must follow the EXT-2 alphabet", async () => {
    t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100", webLogin: true });
    const s = await t.login("100", "ext-pw-100");
    const bad = await t.call("POST", "/api/v1/auth/password", {
      token: s.token,
      body: { currentPassword: "ext-pw-100", newPassword: "has space 1" },
    });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ field: "newPassword" });
    const ok = await t.call("POST", "/api/v1/auth/password", {
      token: s.token,
      body: { currentPassword: "ext-pw-100", newPassword: "ext-pw-new1" },
    });
    expect(ok.status).toBe(200);
    expect(t.services.extensions.get("100")?.sipPassword).toBe("ext-pw-new1");
    expect((await t.call("GET", "/api/v1/auth/me", { token: s.token })).status).toBe(401);
  });
});

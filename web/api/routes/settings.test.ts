import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

const SMTP = {
  host: "mail.example.com",
  port: 587,
  security: "starttls",
  username: "pbx",
  password: "s3cret",
  from: "pbx@example.com",
};

describe("/api/v1/settings", () => {
  test("the admin reads the defaults and changes language, time zone and fallback domain", async () => {
    const first = await (await t.call("GET", "/api/v1/settings", { token: admin })).json();
    expect(first).toEqual({
      language: "zh",
      timeZone: "Asia/Shanghai",
      fallbackDomain: "",
      smtp: { host: "", port: 25, security: "none", username: "", from: "", passwordSet: false },
    });
    const res = await t.call("PATCH", "/api/v1/settings", {
      token: admin,
      body: { language: "en", timeZone: "Europe/Berlin", fallbackDomain: "pbx.example.com" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      language: "en",
      timeZone: "Europe/Berlin",
      fallbackDomain: "pbx.example.com",
    });
    expect(t.services.settings.get("system.timeZone", "")).toBe("Europe/Berlin");
  });

  test("bad input is refused naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: "Mars/Olympus" }, "timeZone"],
      [{ language: "fr" }, "language"],
      [{ fallbackDomain: "not a host" }, "fallbackDomain"],
      [{ colour: "blue" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("PATCH", "/api/v1/settings", { token: admin, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
  });

  test("the SMTP password is stored but never shown, and kept when omitted", async () => {
    const put = await t.call("PUT", "/api/v1/settings/smtp", { token: admin, body: SMTP });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({
      host: "mail.example.com",
      port: 587,
      security: "starttls",
      username: "pbx",
      from: "pbx@example.com",
      passwordSet: true,
    });
    const { password: _omitted, ...noPassword } = SMTP;
    await t.call("PUT", "/api/v1/settings/smtp", {
      token: admin,
      body: { ...noPassword, port: 465, security: "tls" },
    });
    expect(
      t.services.settings.get<{ password: string; port: number } | null>("smtp", null),
    ).toMatchObject({
      password: "s3cret",
      port: 465,
    });
    const text = await (await t.call("GET", "/api/v1/settings", { token: admin })).text();
    expect(text).not.toContain("s3cret");
  });

  test("bad SMTP settings are refused naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...SMTP, port: 70000 }, "port"],
      [{ ...SMTP, host: "bad host!" }, "host"],
      [{ ...SMTP, from: "nobody" }, "from"],
      [{ ...SMTP, security: "ssl" }, "security"],
      [{ port: 25, security: "none", from: "a@b.c" }, "host"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("PUT", "/api/v1/settings/smtp", { token: admin, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
  });

  test("network facts name the LAN address and ports", async () => {
    const res = await t.call("GET", "/api/v1/settings/network", { token: admin });
    expect(await res.json()).toMatchObject({
      lanAddress: "192.0.2.1",
      sipPort: 5060,
      httpsPort: 443,
    });
  });

  test("settings are the admin's: operators and billing users get 403, anonymous 401", async () => {
    for (const role of ["operator", "billing"] as const) {
      const token = await t.tokenFor(role);
      expect((await t.call("GET", "/api/v1/settings", { token })).status).toBe(403);
      expect(
        (await t.call("PATCH", "/api/v1/settings", { token, body: { language: "en" } })).status,
      ).toBe(403);
      expect((await t.call("PUT", "/api/v1/settings/smtp", { token, body: SMTP })).status).toBe(
        403,
      );
      expect((await t.call("GET", "/api/v1/settings/network", { token })).status).toBe(403);
    }
    expect((await t.call("GET", "/api/v1/settings")).status).toBe(401);
  });

  test("a cookie session must send the CSRF header to change settings", async () => {
    const session = await t.login("admin", ADMIN_PASSWORD);
    const body = { language: "en" };
    const bare = await t.call("PATCH", "/api/v1/settings", { cookie: session.cookie, body });
    expect(bare.status).toBe(403);
    expect((await errorOf(bare)).code).toBe("csrf");
    const ok = await t.call("PATCH", "/api/v1/settings", {
      cookie: session.cookie,
      csrf: session.csrfToken,
      body,
    });
    expect(ok.status).toBe(200);
  });
});

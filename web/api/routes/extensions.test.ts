import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { ExtensionRecord } from "../services.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe("/api/v1/extensions", () => {
  test("adds an extension with a generated password from the EXT-2 alphabet", async () => {
    const res = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "100", displayName: "Reception" },
    });
    expect(res.status).toBe(201);
    const ext = await json<ExtensionRecord>(res);
    expect(ext).toMatchObject({
      number: "100",
      displayName: "Reception",
      registrationExpiryS: 120,
    });
    expect(ext.sipPassword).toMatch(/^[A-Za-z0-9\-_$+!@#%.*]{12}$/);
    expect(ext.sipPassword).toMatch(/[-_$+!@#%.*]/);
    expect(ext.quickCode).toMatch(/^[0-9]{3}$/);
    expect(ext).not.toHaveProperty("ha1Md5");
  });

  test("refuses passwords outside the alphabet, and weak ones for remote extensions", async () => {
    const bad = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "100", sipPassword: "pass word&1" },
    });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: "pattern", field: "sipPassword" });
    const weakRemote = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "100", sipPassword: "abcdef12", remoteExtension: true },
    });
    expect((await errorOf(weakRemote)).field).toBe("sipPassword");
    const okRemote = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "100", sipPassword: "abc#def12", remoteExtension: true },
    });
    expect(okRemote.status).toBe(201);
    const turnOnWeak = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "101", sipPassword: "abcdef12" },
    });
    expect(turnOnWeak.status).toBe(201);
    const patch = await t.call("PATCH", "/api/v1/extensions/101", {
      token: admin,
      body: { remoteExtension: true },
    });
    expect(patch.status).toBe(400);
    expect((await errorOf(patch)).field).toBe("remoteExtension");
  });

  test("names the field of bad input", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ displayName: "no number" }, "number"],
      [{ number: "1" }, "number"],
      [{ number: "100", transport: "sctp" }, "transport"],
      [{ number: "100", voicemailEnabled: "yes" }, "voicemailEnabled"],
      [{ number: "100", codecs: "PCMU" }, "codecs"],
      [{ number: "100", maxRegistrations: 1.5 }, "maxRegistrations"],
      [{ number: "100", registrationExpiryS: 10 }, "registrationExpiryS"],
      [{ number: "100", colour: "red" }, "colour"],
    ];
    for (const [body, field] of cases) {
      const res = await t.call("POST", "/api/v1/extensions", { token: admin, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    const query = await t.call("GET", "/api/v1/extensions?limit=lots", { token: admin });
    expect((await errorOf(query)).field).toBe("limit");
  });

  test("reads, changes, lists, searches and deletes", async () => {
    for (const n of ["102", "100", "101"]) {
      await t.call("POST", "/api/v1/extensions", { token: admin, body: { number: n } });
    }
    const patched = await t.call("PATCH", "/api/v1/extensions/101", {
      token: admin,
      body: { displayName: "Warehouse", codecs: ["G722", "PCMA"], transport: "tcp" },
    });
    expect(await json(patched)).toMatchObject({
      displayName: "Warehouse",
      codecs: ["G722", "PCMA"],
    });
    const page = await json<{ items: ExtensionRecord[]; total: number }>(
      await t.call("GET", "/api/v1/extensions?offset=1&limit=1", { token: admin }),
    );
    expect(page.total).toBe(3);
    expect(page.items.map((e) => e.number)).toEqual(["101"]);
    const found = await json<{ items: ExtensionRecord[] }>(
      await t.call("GET", "/api/v1/extensions?search=ware", { token: admin }),
    );
    expect(found.items.map((e) => e.number)).toEqual(["101"]);
    const dup = await t.call("POST", "/api/v1/extensions", {
      token: admin,
      body: { number: "100" },
    });
    expect(dup.status).toBe(409);
    expect((await t.call("DELETE", "/api/v1/extensions/100", { token: admin })).status).toBe(204);
    expect((await t.call("GET", "/api/v1/extensions/100", { token: admin })).status).toBe(404);
    expect((await t.call("DELETE", "/api/v1/extensions/100", { token: admin })).status).toBe(404);
    expect(
      (await t.call("PATCH", "/api/v1/extensions/100", { token: admin, body: {} })).status,
    ).toBe(404);
  });

  test("bulk adds 20 extensions with incrementing caller IDs and shared settings", async () => {
    const res = await t.call("POST", "/api/v1/extensions/bulk", {
      token: admin,
      body: {
        startNumber: "8001",
        count: 20,
        firstCallerId: "02188880001",
        callerIdMode: "increment",
        recording: "all",
        webLogin: true,
      },
    });
    expect(res.status).toBe(201);
    const { items } = await json<{ items: ExtensionRecord[] }>(res);
    expect(items.map((e) => e.number)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(8001 + i)),
    );
    expect(items.map((e) => e.outboundCallerId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `021888800${String(i + 1).padStart(2, "0")}`),
    );
    expect(items.every((e) => e.recording === "all" && e.webLogin)).toBe(true);
    expect(new Set(items.map((e) => e.sipPassword)).size).toBe(20);
    expect(new Set(items.map((e) => e.quickCode)).size).toBe(20);
    // A bulk-added user can log in with its generated password.
    expect((await t.login("8020", items[19]!.sipPassword)).role).toBe("extension");
  });

  test("bulk add refuses a range with a taken number, naming it, and adds none", async () => {
    await t.call("POST", "/api/v1/extensions", { token: admin, body: { number: "8010" } });
    const res = await t.call("POST", "/api/v1/extensions/bulk", {
      token: admin,
      body: { startNumber: "8001", count: 20 },
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({
      field: "startNumber",
      message: "startNumber extension 8010 already exists",
    });
    const list = await json<{ total: number }>(
      await t.call("GET", "/api/v1/extensions", { token: admin }),
    );
    expect(list.total).toBe(1);
    const same = await t.call("POST", "/api/v1/extensions/bulk", {
      token: admin,
      body: { startNumber: "300", count: 3, firstCallerId: "88886666", callerIdMode: "same" },
    });
    const { items } = await json<{ items: ExtensionRecord[] }>(same);
    expect(items.map((e) => e.outboundCallerId)).toEqual(["88886666", "88886666", "88886666"]);
    const perExtension = await t.call("POST", "/api/v1/extensions/bulk", {
      token: admin,
      body: { startNumber: "400", count: 2, outboundCallerId: "1" },
    });
    expect((await errorOf(perExtension)).field).toBe("outboundCallerId");
  });
});

describe("roles on /api/v1/extensions", () => {
  test("operators manage extensions; billing users get 403 everywhere", async () => {
    const op = await t.tokenFor("operator");
    expect(
      (await t.call("POST", "/api/v1/extensions", { token: op, body: { number: "100" } })).status,
    ).toBe(201);
    expect((await t.call("GET", "/api/v1/extensions/100", { token: op })).status).toBe(200);
    const billing = await t.tokenFor("billing");
    const attempts: [string, string, unknown?][] = [
      ["GET", "/api/v1/extensions"],
      ["GET", "/api/v1/extensions/100"],
      ["POST", "/api/v1/extensions", { number: "101" }],
      ["PATCH", "/api/v1/extensions/100", { displayName: "x" }],
      ["DELETE", "/api/v1/extensions/100"],
      ["POST", "/api/v1/extensions/bulk", { startNumber: "500", count: 2 }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await t.call(method, path, { token: billing, body });
      expect(`${method} ${path} ${res.status}`).toBe(`${method} ${path} 403`);
    }
  });

  test("an extension user sees and edits only its own extension, and only personal fields", async () => {
    t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100", webLogin: true });
    t.services.extensions.create({ number: "101", sipPassword: "ext-pw-101", webLogin: true });
    const own = (await t.login("100", "ext-pw-100")).token;
    expect((await t.call("GET", "/api/v1/extensions/100", { token: own })).status).toBe(200);
    expect((await t.call("GET", "/api/v1/extensions/101", { token: own })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/extensions", { token: own })).status).toBe(403);
    expect(
      (await t.call("PATCH", "/api/v1/extensions/101", { token: own, body: { email: "a@b.cn" } }))
        .status,
    ).toBe(403);
    const personal = await t.call("PATCH", "/api/v1/extensions/100", {
      token: own,
      body: { email: "li@example.cn", voicemailEnabled: true, voicemailPin: "4321" },
    });
    expect(personal.status).toBe(200);
    expect(await json(personal)).toMatchObject({ email: "li@example.cn", voicemailPin: "4321" });
    const escalate = await t.call("PATCH", "/api/v1/extensions/100", {
      token: own,
      body: { dialPermission: "international", email: "x@y.cn" },
    });
    expect(escalate.status).toBe(403);
    expect((await errorOf(escalate)).field).toBe("dialPermission");
    expect((await t.call("DELETE", "/api/v1/extensions/100", { token: own })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/accounts", { token: own })).status).toBe(403);
  });

  test("an admin changing an extension's password ends that user's web sessions", async () => {
    t.services.extensions.create({ number: "100", sipPassword: "ext-pw-100", webLogin: true });
    const own = (await t.login("100", "ext-pw-100")).token;
    await t.call("PATCH", "/api/v1/extensions/100", {
      token: admin,
      body: { sipPassword: "ext-pw-200" },
    });
    expect((await t.call("GET", "/api/v1/auth/me", { token: own })).status).toBe(401);
  });
});

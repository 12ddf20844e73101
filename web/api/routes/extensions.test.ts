import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { MAX_EXTENSIONS } from "../../../firmware/extensions/extension-service.ts";
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
    expect(await json(personal)).toMatchObject({ email: "li@example.cn" });
    const mine = await t.call("GET", "/api/v1/extensions/100/secrets", { token: own });
    expect(await json(mine)).toMatchObject({ number: "100", voicemailPin: "4321" });
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

describe("extension secrets", () => {
  test("lists, reads and changes carry no SIP password or voicemail PIN", async () => {
    const created = await json<ExtensionRecord>(
      await t.call("POST", "/api/v1/extensions", {
        token: admin,
        body: { number: "100", voicemailPin: "7531" },
      }),
    );
    const operator = await t.tokenFor("operator");
    const answers = [
      await t.call("GET", "/api/v1/extensions", { token: operator }),
      await t.call("GET", "/api/v1/extensions?search=100", { token: admin }),
      await t.call("GET", "/api/v1/extensions/100", { token: operator }),
      await t.call("PATCH", "/api/v1/extensions/100", {
        token: operator,
        body: { displayName: "Front desk" },
      }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('"number":"100"');
      expect(text).not.toContain(created.sipPassword);
      expect(text).not.toContain("7531");
      expect(text).not.toContain("sipPassword");
      expect(text).not.toContain("voicemailPin");
    }
  });

  test("GET /extensions/{number}/secrets gives them to admins, operators and the extension itself, logged without the values", async () => {
    const created = await json<ExtensionRecord>(
      await t.call("POST", "/api/v1/extensions", {
        token: admin,
        body: { number: "100", voicemailPin: "7531", webLogin: true },
      }),
    );
    t.services.extensions.create({ number: "101", webLogin: true, sipPassword: "other-pw-1" });
    const operator = await t.tokenFor("operator");
    for (const token of [admin, operator]) {
      const res = await t.call("GET", "/api/v1/extensions/100/secrets", { token });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(await json(res)).toEqual({
        number: "100",
        sipPassword: created.sipPassword,
        voicemailPin: "7531",
      });
    }
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/extensions/100/secrets", { token: billing })).status).toBe(
      403,
    );
    expect((await t.call("GET", "/api/v1/extensions/100/secrets")).status).toBe(401);
    const other = (await t.login("101", "other-pw-1")).token;
    expect((await t.call("GET", "/api/v1/extensions/100/secrets", { token: other })).status).toBe(
      403,
    );
    expect((await t.call("GET", "/api/v1/extensions/999/secrets", { token: admin })).status).toBe(
      404,
    );
    const audit = t.logged.filter((line) => line.includes("secrets read"));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toContain('"by":"admin"');
    expect(audit[1]).toContain('"by":"operator-user"');
    expect(audit.every((line) => line.includes('"extension":"100"'))).toBe(true);
    for (const line of t.logged) {
      expect(line).not.toContain(created.sipPassword);
      expect(line).not.toContain("7531");
    }
  });
});

describe("a full disk", () => {
  test("a bulk add answers 507 disk-full, adds none of the range, and works once there is room", async () => {
    // SQLite's page limit makes the database file full for real: SQLITE_FULL on the next growth.
    const pages = t.sqlite.query("PRAGMA page_count").get() as { page_count: number };
    t.sqlite.run(`PRAGMA max_page_count = ${pages.page_count + 2}`);
    const token = await t.tokenFor("operator");
    const res = await t.call("POST", "/api/v1/extensions/bulk", {
      token,
      body: { startNumber: "300", count: 200 },
    });
    expect(res.status).toBe(507);
    const error = await errorOf(res);
    expect(error.code).toBe("disk-full");
    expect(error.message).toContain("storage is full");
    expect(t.services.extensions.list({}).total).toBe(0);
    t.sqlite.run("PRAGMA max_page_count = 1073741823");
    const again = await t.call("POST", "/api/v1/extensions/bulk", {
      token,
      body: { startNumber: "300", count: 200 },
    });
    expect(again.status).toBe(201);
  });
});

describe("the extension cap", () => {
  test(`at most ${MAX_EXTENSIONS} extensions, single or bulk, with a 409 naming the cap`, async () => {
    const token = await t.tokenFor("operator");
    const bulk = (startNumber: string, count: number) =>
      t.call("POST", "/api/v1/extensions/bulk", { token, body: { startNumber, count } });
    expect((await bulk("10000", 500)).status).toBe(201);
    expect((await bulk("20000", MAX_EXTENSIONS - 501)).status).toBe(201);
    // Two more than the room left: nothing of the range is added.
    const over = await bulk("30000", 2);
    expect(over.status).toBe(409);
    const overError = await errorOf(over);
    expect(overError.code).toBe("too_many");
    expect(overError.field).toBe("count");
    expect(overError.message).toContain(`at most ${MAX_EXTENSIONS} extensions`);
    expect(t.services.extensions.get("30000")).toBeUndefined();
    const last = await t.call("POST", "/api/v1/extensions", { token, body: { number: "400" } });
    expect(last.status).toBe(201);
    const one = await t.call("POST", "/api/v1/extensions", { token, body: { number: "401" } });
    expect(one.status).toBe(409);
    expect((await errorOf(one)).message).toContain(`at most ${MAX_EXTENSIONS} extensions`);
    const list = await t.call("GET", "/api/v1/extensions?limit=1", { token });
    expect(((await list.json()) as { total: number }).total).toBe(MAX_EXTENSIONS);
    // Deleting one makes room again.
    expect((await t.call("DELETE", "/api/v1/extensions/400", { token })).status).toBe(204);
    const again = await t.call("POST", "/api/v1/extensions", { token, body: { number: "401" } });
    expect(again.status).toBe(201);
  }, 30_000);
});

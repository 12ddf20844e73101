import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

describe("/api/v1/dial-permissions", () => {
  test("built-in classes are listed; a custom class is created, used, and then cannot be deleted", async () => {
    const res = await t.call("POST", "/api/v1/dial-permissions", {
      token: admin,
      body: { name: "sales", level: "national", deny: ["00X."] },
    });
    expect(res.status).toBe(201);
    const cls = (await res.json()) as { id: number };
    const list = (await (
      await t.call("GET", "/api/v1/dial-permissions", { token: admin })
    ).json()) as { items: { name: string; builtin: boolean }[] };
    expect(list.items.map((c) => c.name)).toEqual([
      "internal",
      "local",
      "national",
      "international",
      "sales",
    ]);
    t.services.extensions.bulkAdd({ startNumber: "100", count: 1 });
    t.services.extensions.update("100", { dialPermission: "sales" });
    const refused = await t.call("DELETE", `/api/v1/dial-permissions/${cls.id}`, { token: admin });
    expect(refused.status).toBe(409);
    t.services.extensions.update("100", { dialPermission: "local" });
    expect(
      (await t.call("DELETE", `/api/v1/dial-permissions/${cls.id}`, { token: admin })).status,
    ).toBe(204);
    const taken = await t.call("POST", "/api/v1/dial-permissions", {
      token: admin,
      body: { name: "local" },
    });
    expect(taken.status).toBe(409);
  });

  test("the emergency numbers: China's by default, the admin's list once saved, bad ones 400", async () => {
    const get = async (token = admin) =>
      t.call("GET", "/api/v1/dial-permissions/emergency-numbers", { token });
    expect(await (await get()).json()).toEqual({ numbers: ["110", "119", "120", "122", "112"] });
    const put = await t.call("PUT", "/api/v1/dial-permissions/emergency-numbers", {
      token: admin,
      body: { numbers: ["110", "120", "95119", "110"] },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ numbers: ["110", "120", "95119"] });
    expect(await (await get()).json()).toEqual({ numbers: ["110", "120", "95119"] });
    expect(t.services.routing?.dialPermissions.emergencyNumbers()).toEqual(["110", "120", "95119"]);
    for (const numbers of [["11a"], ["1"], "110", Array(21).fill("110")]) {
      const bad = await t.call("PUT", "/api/v1/dial-permissions/emergency-numbers", {
        token: admin,
        body: { numbers },
      });
      expect(bad.status).toBe(400);
      expect((await errorOf(bad)).field).toStartWith("numbers");
    }
    expect(await (await get()).json()).toEqual({ numbers: ["110", "120", "95119"] });
    const op = await t.tokenFor("operator");
    expect((await get(op)).status).toBe(403);
    const opPut = await t.call("PUT", "/api/v1/dial-permissions/emergency-numbers", {
      token: op,
      body: { numbers: [] },
    });
    expect(opPut.status).toBe(403);
  });

  test("fuses per extension and the default", async () => {
    const put = await t.call("PUT", "/api/v1/dial-permissions/fuses/*", {
      token: admin,
      body: { maxConcurrent: 2, maxPerHour: 30, international: false },
    });
    expect(put.status).toBe(200);
    await t.call("PUT", "/api/v1/dial-permissions/fuses/101", {
      token: admin,
      body: { maxConcurrent: 0, maxPerHour: 0, international: true },
    });
    const list = (await (
      await t.call("GET", "/api/v1/dial-permissions/fuses", { token: admin })
    ).json()) as { items: { extension: string }[] };
    expect(list.items.map((f) => f.extension)).toEqual(["*", "101"]);
    const bad = await t.call("PUT", "/api/v1/dial-permissions/fuses/101", {
      token: admin,
      body: { maxConcurrent: -1, maxPerHour: 0, international: true },
    });
    expect((await errorOf(bad)).field).toBe("maxConcurrent");
    expect(
      (await t.call("DELETE", "/api/v1/dial-permissions/fuses/101", { token: admin })).status,
    ).toBe(204);
    const op = await t.tokenFor("operator");
    expect((await t.call("GET", "/api/v1/dial-permissions", { token: op })).status).toBe(403);
  });
});

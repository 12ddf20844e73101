import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

type Code = { id: string; code: string; defaultCode: string; enabled: boolean };

describe("/api/v1/feature-codes", () => {
  test("operators read the manual's codes", async () => {
    const op = await t.tokenFor("operator");
    const res = await t.call("GET", "/api/v1/feature-codes", { token: op });
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: Code[] };
    const byId = new Map(items.map((f) => [f.id, f.code]));
    expect(byId.get("forward-always")).toBe("*71");
    expect(byId.get("dnd-on")).toBe("*74");
    expect(byId.get("pickup-group")).toBe("*8");
    expect(byId.get("voicemail-own")).toBe("*61");
  });

  test("only the admin changes a code; operators get 403", async () => {
    const op = await t.tokenFor("operator");
    const refused = await t.call("PATCH", "/api/v1/feature-codes/dnd-on", {
      token: op,
      body: { code: "*78" },
    });
    expect(refused.status).toBe(403);
    const res = await t.call("PATCH", "/api/v1/feature-codes/dnd-on", {
      token: admin,
      body: { code: "*78" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: "dnd-on",
      code: "*78",
      defaultCode: "*74",
      enabled: true,
    });
    const { items } = (await (
      await t.call("GET", "/api/v1/feature-codes", { token: op })
    ).json()) as { items: Code[] };
    expect(items.find((f) => f.id === "dnd-on")?.code).toBe("*78");
  });

  test("a bad or clashing code is refused naming the field; unknown features are 404", async () => {
    const bad = await t.call("PATCH", "/api/v1/feature-codes/dnd-on", {
      token: admin,
      body: { code: "71" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("code");
    const clash = await t.call("PATCH", "/api/v1/feature-codes/dnd-on", {
      token: admin,
      body: { code: "*71" },
    });
    expect(clash.status).toBe(409);
    expect((await errorOf(clash)).field).toBe("code");
    const wrongType = await t.call("PATCH", "/api/v1/feature-codes/dnd-on", {
      token: admin,
      body: { enabled: "no" },
    });
    expect((await errorOf(wrongType)).field).toBe("enabled");
    const none = await t.call("PATCH", "/api/v1/feature-codes/teleport", {
      token: admin,
      body: { code: "*99" },
    });
    expect(none.status).toBe(404);
  });

  test("billing users get 403", async () => {
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/feature-codes", { token: billing })).status).toBe(403);
  });
});

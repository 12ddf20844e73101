import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let op: string;
beforeEach(async () => {
  t = await startTestApi();
  await t.login("admin", ADMIN_PASSWORD);
  op = await t.tokenFor("operator");
  t.services.extensions.bulkAdd({ startNumber: "100", count: 4 });
});
afterEach(() => t.close());

describe("/api/v1/phones", () => {
  test("an operator types a MAC, assigns accounts and BLF keys, and the list says who and when", async () => {
    const claimed = await t.call("POST", "/api/v1/phones", {
      token: op,
      body: { mac: "00-15-65-AA-BB-CC", vendor: "yealink", model: "SIP-T46S" },
    });
    expect(claimed.status).toBe(201);
    expect(await claimed.json()).toMatchObject({
      mac: "001565aabbcc",
      assigned: false,
      maxLines: 4,
    });
    const assigned = await t.call("PUT", "/api/v1/phones/001565aabbcc/assignment", {
      token: op,
      body: {
        lines: ["100", "101", "102", "103"],
        blfKeys: [{ extension: "100", label: "Boss", line: 2 }],
        idleText: "ACME",
        httpUser: "t46s",
        httpPassword: "Secret-1",
      },
    });
    expect(assigned.status).toBe(200);
    const list = (await (await t.call("GET", "/api/v1/phones", { token: op })).json()) as {
      items: Record<string, unknown>[];
      vendors: string[];
      settings: { pnp: boolean };
    };
    expect(list.vendors).toContain("grandstream");
    expect(list.settings.pnp).toBe(false);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      lines: ["100", "101", "102", "103"],
      blfKeys: [{ extension: "100", label: "Boss", line: 2 }],
      idleText: "ACME",
      assigned: true,
      assignedBy: "operator-user",
      assignedAt: new Date(t.clock.now()).toISOString(),
      httpUser: "t46s",
      hasHttpPassword: true,
    });
    expect(JSON.stringify(list)).not.toContain("Secret-1");
    const one = await t.call("GET", "/api/v1/phones/00:15:65:aa:bb:cc", { token: op });
    expect(JSON.stringify(await one.json())).not.toContain("Secret-1");
    expect((await t.call("DELETE", "/api/v1/phones/001565aabbcc", { token: op })).status).toBe(204);
    expect((await t.call("GET", "/api/v1/phones/001565aabbcc", { token: op })).status).toBe(404);
    expect((await t.call("DELETE", "/api/v1/phones/001565aabbcc", { token: op })).status).toBe(404);
  });

  test("bad input is 400 naming the field", async () => {
    const cases: [string, string, unknown, string][] = [
      ["POST", "/api/v1/phones", { mac: "0015", vendor: "yealink" }, "mac"],
      ["POST", "/api/v1/phones", { mac: "001565aabbcc", vendor: "nokia" }, "vendor"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.call(method, path, { token: op, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    await t.call("POST", "/api/v1/phones", {
      token: op,
      body: { mac: "c074ad112233", vendor: "grandstream", model: "GRP2612W" },
    });
    const assign = (body: unknown) =>
      t.call("PUT", "/api/v1/phones/c074ad112233/assignment", { token: op, body });
    for (const [body, field] of [
      [{ lines: ["100", "101", "102"] }, "lines"],
      [{ lines: [] }, "lines"],
      [{ lines: ["999"] }, "lines"],
      [{ lines: ["100", "100"] }, "lines"],
      [{ lines: ["100"], blfKeys: [{ extension: "101", line: 2 }] }, "blfKeys"],
      [{ lines: ["100"], idleText: "x".repeat(33) }, "idleText"],
      [{ lines: ["100"], httpUser: "a b" }, "httpUser"],
      [{ lines: ["100"], httpUser: "gs" }, "httpPassword"],
      [{ lines: ["100"], extra: 1 }, "extra"],
    ] as const) {
      const res = await assign(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
  });

  test("only admins and operators reach the list and the settings", async () => {
    const billing = await t.tokenFor("billing");
    t.services.extensions.create({ number: "150", sipPassword: "ext-pw-150", webLogin: true });
    const extension = (await t.login("150", "ext-pw-150")).token;
    for (const [method, path] of [
      ["GET", "/api/v1/phones"],
      ["POST", "/api/v1/phones"],
      ["PUT", "/api/v1/phones/001565aabbcc/assignment"],
      ["DELETE", "/api/v1/phones/001565aabbcc"],
      ["GET", "/api/v1/provisioning/settings"],
      ["PATCH", "/api/v1/provisioning/settings"],
    ] as const) {
      expect((await t.call(method, path)).status).toBe(401);
      expect((await t.call(method, path, { token: billing, body: {} })).status).toBe(403);
      expect((await t.call(method, path, { token: extension, body: {} })).status).toBe(403);
    }
  });

  test("PnP is turned on and off", async () => {
    const on = await t.call("PATCH", "/api/v1/provisioning/settings", {
      token: op,
      body: { pnp: true },
    });
    expect(await on.json()).toEqual({ pnp: true, multicast: false });
    const bad = await t.call("PATCH", "/api/v1/provisioning/settings", {
      token: op,
      body: { pnp: "yes" },
    });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("pnp");
    expect(
      await (await t.call("GET", "/api/v1/provisioning/settings", { token: op })).json(),
    ).toEqual({ pnp: true, multicast: false });
  });
});

import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let admin: string;
beforeEach(async () => {
  t = await startTestApi();
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => t.close());

const PROVIDER = {
  name: "ChinaTel",
  kind: "register",
  host: "sip.provider.example",
  username: "02188880000",
  password: "Tr-s3cret!",
  codecs: ["PCMA", "PCMU"],
  maxCalls: 4,
};

describe("/api/v1/trunks", () => {
  test("an admin creates a trunk; the list shows its live status and never its password", async () => {
    const created = await t.call("POST", "/api/v1/trunks", { token: admin, body: PROVIDER });
    expect(created.status).toBe(201);
    const trunk = (await created.json()) as { id: number };
    expect(trunk).toMatchObject({
      name: "ChinaTel",
      hasPassword: true,
      codecs: ["PCMA", "PCMU"],
      status: { state: "registering" },
    });
    t.trunkStates.set(trunk.id, { state: "failed", reason: "403 Forbidden", calls: 0 });
    const res = await t.call("GET", "/api/v1/trunks", { token: admin });
    const text = await res.text();
    expect(text).not.toContain("Tr-s3cret!");
    expect(JSON.parse(text).items[0]).toMatchObject({
      status: { state: "failed", reason: "403 Forbidden" },
    });
    const patched = await t.call("PATCH", `/api/v1/trunks/${trunk.id}`, {
      token: admin,
      body: { maxCalls: 8 },
    });
    expect(await patched.json()).toMatchObject({ maxCalls: 8, hasPassword: true });
    expect((await t.call("DELETE", `/api/v1/trunks/${trunk.id}`, { token: admin })).status).toBe(
      204,
    );
    expect((await t.call("GET", `/api/v1/trunks/${trunk.id}`, { token: admin })).status).toBe(404);
  });

  test("analog trunks take FXO port numbers; the connection page lists every trunk", async () => {
    const res = await t.call("POST", "/api/v1/trunks", {
      token: admin,
      body: { name: "Lines", kind: "analog", fxoPorts: ["1", "2"] },
    });
    expect(await res.json()).toMatchObject({ fxoPorts: [1, 2] });
    await t.call("POST", "/api/v1/trunks", { token: admin, body: PROVIDER });
    const connections = (await (
      await t.call("GET", "/api/v1/connections", { token: admin })
    ).json()) as { trunks: { name: string; state: string }[] };
    expect(connections.trunks.map((x) => x.name)).toEqual(["Lines", "ChinaTel"]);
  });

  test("bad input is a 400 naming the field", async () => {
    for (const [body, field] of [
      [{ ...PROVIDER, host: "not a host" }, "host"],
      [{ ...PROVIDER, transport: "SCTP" }, "transport"],
      [{ ...PROVIDER, kind: undefined }, "kind"],
      [{ name: "L", kind: "analog", fxoPorts: ["x"] }, "fxoPorts"],
      [{ ...PROVIDER, password: "" }, "password"],
    ] as const) {
      const res = await t.call("POST", "/api/v1/trunks", { token: admin, body });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    await t.call("POST", "/api/v1/trunks", { token: admin, body: PROVIDER });
    expect((await t.call("POST", "/api/v1/trunks", { token: admin, body: PROVIDER })).status).toBe(
      409,
    );
  });

  test("operators and billing users get 403", async () => {
    for (const role of ["operator", "billing"] as const) {
      const token = await t.tokenFor(role);
      expect((await t.call("GET", "/api/v1/trunks", { token })).status).toBe(403);
      expect((await t.call("POST", "/api/v1/trunks", { token, body: PROVIDER })).status).toBe(403);
    }
  });
});
